// Reads one entry of the spec's `entities` section: table, fields and indexes.
#include "spec/sections.hpp"

#include <array>
#include <utility>

#include "v5store/internal/names.hpp"

namespace v5store::spec_detail {
namespace {

constexpr std::array<std::pair<std::string_view, OnDelete>, 4> kOnDeleteNames = {{
    {"cascade", OnDelete::cascade},
    {"restrict", OnDelete::restrict},
    {"set_null", OnDelete::set_null},
    {"no_action", OnDelete::no_action},
}};

// A field value as written (`default`, `example`): YAML 1.2 booleans are normalized to
// "true"/"false"; other scalars are kept as written.
std::string read_value(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                       std::string_view null_reason) {
  if (node.IsNull()) reader.fail(node, path, std::string(null_reason));
  if (!node.IsScalar()) reader.fail_type(node, path, "a scalar");
  const std::string& text = node.Scalar();
  if (node.Tag() != "!") {
    if (text == "true" || text == "True" || text == "TRUE") return "true";
    if (text == "false" || text == "False" || text == "FALSE") return "false";
  }
  return text;
}

void parse_references(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                      FieldSpec& field) {
  const std::string text = reader.read_string(node, path);
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() ||
      text.find('.', dot + 1) != std::string::npos) {
    reader.fail(node, path, "expected entity.field, got \"" + text + "\"");
  }
  field.references_entity = text.substr(0, dot);
  field.references_field = text.substr(dot + 1);
}

FieldSpec parse_field(const YamlReader& reader, const YAML::Node& key, const YAML::Node& value,
                      const std::string& path) {
  FieldSpec field;
  field.name = key.Scalar();
  field.location = reader.location(key);
  reader.require_map(value, path);

  const YAML::Node type = value["type"];
  if (!type) reader.fail(value, path, "missing key 'type'");
  const std::string type_name = reader.read_string(type, path + ".type");
  const std::optional<FieldType> parsed_type = parse_field_type(type_name);
  if (!parsed_type) {
    reader.fail(type, path + ".type",
                "unknown field type \"" + type_name +
                    "\" (expected bool, int32, int64, float64, decimal, string, text, bytes, "
                    "date, timestamp, uuid, json or enum)");
  }
  field.type = *parsed_type;

  reader.read_key(value, path, "nullable", field.nullable);
  reader.read_key(value, path, "primary_key", field.primary_key);
  reader.read_key(value, path, "generated", field.generated);
  reader.read_key(value, path, "unique", field.unique);
  if (const YAML::Node n = value["default"]) {
    field.default_value =
        read_value(reader, n, path + ".default",
                   "null is not a default value (a nullable field defaults to NULL)");
  }
  if (const YAML::Node n = value["example"]) {
    field.example = read_value(reader, n, path + ".example",
                               "null is not an example value (give a value of the field's type)");
  }
  reader.read_key(value, path, "min", field.min);
  reader.read_key(value, path, "max", field.max);
  reader.read_key(value, path, "min_length", field.min_length);
  reader.read_key(value, path, "max_length", field.max_length);
  reader.read_key(value, path, "pattern", field.pattern);
  reader.read_key(value, path, "values", field.values);
  if (const YAML::Node n = value["references"]) {
    parse_references(reader, n, path + ".references", field);
  }
  if (const YAML::Node n = value["on_delete"]) {
    field.on_delete = reader.read_name(n, path + ".on_delete", "on_delete", kOnDeleteNames);
  }
  reader.read_key(value, path, "precision", field.precision);
  reader.read_key(value, path, "scale", field.scale);
  reader.read_key(value, path, "description", field.description);
  return field;
}

IndexSpec parse_index(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                      const std::string& table) {
  IndexSpec index;
  index.location = reader.location(value);
  reader.require_map(value, path);
  const YAML::Node fields = value["fields"];
  if (!fields) reader.fail(value, path, "missing key 'fields'");
  index.fields = reader.read_string_list(fields, path + ".fields");
  reader.read_key(value, path, "unique", index.unique);
  if (const YAML::Node n = value["name"]) {
    index.name = reader.read_string(n, path + ".name");
  } else {
    index.name = detail::index_name(table, index.fields);
  }
  return index;
}

}  // namespace

EntitySpec parse_entity(const YamlReader& reader, const YAML::Node& key, const YAML::Node& value,
                        const std::string& path) {
  EntitySpec entity;
  entity.name = key.Scalar();
  entity.location = reader.location(key);
  reader.require_map(value, path);
  entity.table = entity.name;
  reader.read_key(value, path, "table", entity.table);
  reader.read_key(value, path, "description", entity.description);
  if (const YAML::Node fields = value["fields"]) {
    reader.for_each_entry(
        fields, path + ".fields",
        [&](const YAML::Node& field_key, const YAML::Node& field_value,
            const std::string& field_path) {
          entity.fields.push_back(parse_field(reader, field_key, field_value, field_path));
        });
  }
  if (const YAML::Node indexes = value["indexes"]) {
    reader.require_sequence(indexes, path + ".indexes");
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      entity.indexes.push_back(parse_index(
          reader, indexes[i], path + ".indexes[" + std::to_string(i) + "]", entity.table));
    }
  }
  return entity;
}

}  // namespace v5store::spec_detail
