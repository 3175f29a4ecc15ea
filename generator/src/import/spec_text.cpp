// The imported spec as text.
#include "import/spec_text.hpp"

#include <charconv>

#include "generate/escape.hpp"
#include "v5store/types.hpp"

namespace v5gen::import {

namespace {

using v5store::FieldSpec;

// A number as YAML: integers without a fraction, others in the shortest form.
YAML::Node number(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return YAML::Node(std::string(buffer, ec == std::errc() ? end : buffer));
}

std::string_view on_delete_name(v5store::OnDelete on_delete) {
  switch (on_delete) {
    case v5store::OnDelete::cascade: return "cascade";
    case v5store::OnDelete::restrict: return "restrict";
    case v5store::OnDelete::set_null: return "set_null";
    case v5store::OnDelete::no_action: break;
  }
  return "no_action";
}

YAML::Node field_tree(const FieldSpec& field) {
  YAML::Node node;
  node["type"] = std::string(v5store::to_string(field.type));
  // Always written, so that renaming the field by hand keeps its column.
  if (!field.column.empty()) node["column"] = yaml_string(field.column);
  if (!field.sql_type.empty()) node["sql_type"] = yaml_string(field.sql_type);
  if (field.primary_key) node["primary_key"] = true;
  if (field.generated) node["generated"] = true;
  if (field.nullable) node["nullable"] = true;
  if (field.unique) node["unique"] = true;
  if (field.default_value) node["default"] = yaml_string(*field.default_value);
  if (field.default_sql) node["default_sql"] = yaml_string(*field.default_sql);
  if (field.min) node["min"] = number(*field.min);
  if (field.max) node["max"] = number(*field.max);
  if (field.min_length) node["min_length"] = *field.min_length;
  if (field.max_length && field.type == v5store::FieldType::string) {
    node["max_length"] = *field.max_length;
  }
  if (field.type == v5store::FieldType::decimal && field.precision > 0) {
    node["precision"] = field.precision;
    node["scale"] = field.scale;
  }
  if (!field.values.empty()) {
    YAML::Node values(YAML::NodeType::Sequence);
    for (const auto& value : field.values) values.push_back(yaml_string(value));
    node["values"] = values;
  }
  if (field.references_entity) {
    node["references"] = *field.references_entity + "." + field.references_field.value_or("");
    if (field.on_delete != v5store::OnDelete::no_action) {
      node["on_delete"] = std::string(on_delete_name(field.on_delete));
    }
  }
  if (field.example) node["example"] = yaml_string(*field.example);
  if (!field.description.empty()) node["description"] = yaml_string(field.description);
  return node;
}

// A flow sequence of names (`[a, b]`).
YAML::Node name_list(const std::vector<std::string>& names) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& name : names) list.push_back(name);
  return list;
}

YAML::Node entity_tree(const v5store::EntitySpec& entity) {
  YAML::Node node;
  if (!entity.table.empty()) node["table"] = yaml_string(entity.table);
  if (!entity.description.empty()) node["description"] = yaml_string(entity.description);
  if (entity.read_only) node["read_only"] = true;
  YAML::Node fields;
  for (const auto& field : entity.fields) fields[field.name] = field_tree(field);
  node["fields"] = fields;
  if (!entity.indexes.empty()) {
    YAML::Node indexes(YAML::NodeType::Sequence);
    for (const auto& index : entity.indexes) {
      YAML::Node item;
      item["fields"] = name_list(index.fields);
      if (index.unique) item["unique"] = true;
      if (!index.name.empty()) item["name"] = index.name;
      indexes.push_back(item);
    }
    node["indexes"] = indexes;
  }
  if (!entity.foreign_keys.empty()) {
    YAML::Node keys(YAML::NodeType::Sequence);
    for (const auto& fk : entity.foreign_keys) {
      YAML::Node item;
      item["fields"] = name_list(fk.fields);
      item["references"] = fk.references;
      if (!fk.referenced_fields.empty()) item["referenced_fields"] = name_list(fk.referenced_fields);
      if (fk.on_delete != v5store::OnDelete::no_action) {
        item["on_delete"] = std::string(on_delete_name(fk.on_delete));
      }
      keys.push_back(item);
    }
    node["foreign_keys"] = keys;
  }
  return node;
}

}  // namespace

YAML::Node spec_tree(const v5store::SystemSpec& spec) {
  YAML::Node root;
  root["schema_version"] = 1;
  root["system"]["name"] = spec.name;
  root["system"]["version"] = spec.version;
  if (!spec.description.empty()) root["system"]["description"] = yaml_string(spec.description);
  for (const auto& database : spec.databases) {
    YAML::Node node;
    node["backend"] = std::string(v5store::to_string(database.backend));
    node["dsn"] = yaml_string(database.dsn_template);
    root["databases"][database.name] = node;
  }
  for (const auto& entity : spec.entities) root["entities"][entity.name] = entity_tree(entity);
  YAML::Node components(YAML::NodeType::Sequence);
  for (const auto& component : spec.components) {
    YAML::Node node;
    node["name"] = component.name;
    node["type"] = component.type;
    node["entity"] = component.entity;
    node["database"] = component.database;
    components.push_back(node);
  }
  root["components"] = components;
  root["migrations"]["mode"] =
      spec.migrations.mode == v5store::MigrationMode::versioned ? "versioned" : "declarative";
  return root;
}

std::string header_comment(const ImportResult& result) {
  const auto line = [](std::string_view text) { return "# " + comment_text(text) + "\n"; };
  std::string out;
  out += line("Imported by `v5gen import` from a " +
              std::string(v5store::to_string(result.spec.databases.front().backend)) +
              " database: one entity and one store component per table.");
  out += line("Set " + result.dsn_variable +
              " to the database's connection string; the DSN is never written into the spec.");
  out += line("Edit names freely: a re-import keeps them (matched by `table:` and `column:`).");
  if (!result.not_imported.empty()) {
    out += line("Not imported:");
    for (const auto& item : result.not_imported) {
      out += line("  " + item.kind + " " + item.name + ": " + item.reason);
    }
  }
  if (!result.drift.empty()) {
    out += line("Drift the import could not remove (v5gen diff will report it):");
    for (const auto& difference : result.drift) out += line("  " + difference);
  }
  return out;
}

std::string spec_file(const ImportResult& result, const YAML::Node& tree) {
  std::string text = header_comment(result) + yaml_document(tree);
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

}  // namespace v5gen::import
