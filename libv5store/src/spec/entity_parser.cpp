// Reads one entry of the spec's `entities` section: table, fields, indexes and foreign keys.
#include "spec/sections.hpp"

#include "spec/section_reader.hpp"
#include "v5store/internal/names.hpp"

namespace v5store::spec_detail {
namespace {

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

void read_default(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                  const Rule&, FieldSpec& field) {
  field.default_value = read_value(
      reader, node, path, "null is not a default value (a nullable field defaults to NULL)");
}

void read_example(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                  const Rule&, FieldSpec& field) {
  field.example = read_value(reader, node, path,
                             "null is not an example value (give a value of the field's type)");
}

void read_references(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                     const Rule&, FieldSpec& field) {
  const std::string text = reader.read_string(node, path);
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size() ||
      text.find('.', dot + 1) != std::string::npos) {
    reader.fail(node, path, "expected entity.field, got \"" + text + "\"");
  }
  field.references_entity = text.substr(0, dot);
  field.references_field = text.substr(dot + 1);
}

const Section<FieldSpec>& field_section() {
  static const Section<FieldSpec> section(
      "entities._.fields._",
      {choice("type", &FieldSpec::type, &parse_field_type, Need::required, "field type"),
       key("column", &FieldSpec::column), key("sql_type", &FieldSpec::sql_type),
       key("default_sql", &FieldSpec::default_sql), key("nullable", &FieldSpec::nullable), key("primary_key", &FieldSpec::primary_key),
       key("generated", &FieldSpec::generated), key("unique", &FieldSpec::unique),
       key_with<FieldSpec>("default", read_default), key_with<FieldSpec>("example", read_example),
       key("min", &FieldSpec::min), key("max", &FieldSpec::max),
       key("min_length", &FieldSpec::min_length), key("max_length", &FieldSpec::max_length),
       key("pattern", &FieldSpec::pattern), key("values", &FieldSpec::values),
       key_with<FieldSpec>("references", read_references),
       choice("on_delete", &FieldSpec::on_delete,
              std::vector<OnDelete>{OnDelete::cascade, OnDelete::restrict, OnDelete::set_null,
                                    OnDelete::no_action}),
       key("precision", &FieldSpec::precision), key("scale", &FieldSpec::scale),
       key("description", &FieldSpec::description)});
  return section;
}

const Section<IndexSpec>& index_section() {
  static const Section<IndexSpec> section(
      "entities._.indexes[0]", {key("fields", &IndexSpec::fields, Need::required),
                                key("unique", &IndexSpec::unique), key("name", &IndexSpec::name)});
  return section;
}

const Section<ForeignKeySpec>& foreign_key_section() {
  static const Section<ForeignKeySpec> section(
      "entities._.foreign_keys[0]",
      {key("fields", &ForeignKeySpec::fields, Need::required),
       key("references", &ForeignKeySpec::references, Need::required),
       key("referenced_fields", &ForeignKeySpec::referenced_fields),
       choice("on_delete", &ForeignKeySpec::on_delete,
              std::vector<OnDelete>{OnDelete::cascade, OnDelete::restrict, OnDelete::set_null,
                                    OnDelete::no_action})});
  return section;
}

void read_fields(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                 const Rule&, EntitySpec& entity) {
  reader.for_each_entry(
      value, path,
      [&](const YAML::Node& key, const YAML::Node& field_value, const std::string& field_path) {
        FieldSpec field;
        field.name = key.Scalar();
        field.location = reader.location(key);
        field_section().read(reader, field_value, field_path, field);
        if (field.default_sql && field.default_value) {
          reader.fail(field_value, field_path, "`default` and `default_sql` exclude each other");
        }
        entity.fields.push_back(std::move(field));
      });
}

// Reads the sequence `value` into `out`, each item by `section` with its location, then
// completed by `finish(node, item)`.
template <class T, class Finish>
void read_items(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                const Section<T>& section, std::vector<T>& out, Finish finish) {
  reader.require_sequence(value, path);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const YAML::Node node = value[i];
    T item;
    item.location = reader.location(node);
    section.read(reader, node, path + "[" + std::to_string(i) + "]", item);
    finish(node, item);
    out.push_back(std::move(item));
  }
}

// Indexes without a `name` are named after the table and their fields.
void read_indexes(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                  const Rule&, EntitySpec& entity) {
  read_items(reader, value, path, index_section(), entity.indexes,
             [&](const YAML::Node& node, IndexSpec& index) {
               if (!node["name"]) index.name = detail::index_name(entity.table, index.fields);
             });
}

void read_foreign_keys(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                       const Rule&, EntitySpec& entity) {
  read_items(reader, value, path, foreign_key_section(), entity.foreign_keys,
             [](const YAML::Node&, ForeignKeySpec&) {});
}

const Section<EntitySpec>& entity_section() {
  static const Section<EntitySpec> section(
      "entities._",
      {key("table", &EntitySpec::table), key("description", &EntitySpec::description),
       key("read_only", &EntitySpec::read_only),
       key_with<EntitySpec>("fields", read_fields), key_with<EntitySpec>("indexes", read_indexes),
       key_with<EntitySpec>("foreign_keys", read_foreign_keys)});
  return section;
}

}  // namespace

EntitySpec parse_entity(const YamlReader& reader, const YAML::Node& key, const YAML::Node& value,
                        const std::string& path) {
  EntitySpec entity;
  entity.name = key.Scalar();
  entity.location = reader.location(key);
  entity.table = entity.name;
  entity_section().read(reader, value, path, entity);
  return entity;
}

}  // namespace v5store::spec_detail
