// The system spec: the parser's entry points (document level) and the model's look-ups.
#include "v5store/spec.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "spec/section_reader.hpp"
#include "spec/sections.hpp"
#include "spec/yaml_reader.hpp"
#include "v5store/error.hpp"

namespace v5store {
namespace {

using spec_detail::key;
using spec_detail::key_with;
using spec_detail::Section;
using spec_detail::YamlReader;

constexpr int kSchemaVersion = 1;

template <typename T>
const T* find_by_name(const std::vector<T>& items, std::string_view name) noexcept {
  const auto it =
      std::find_if(items.begin(), items.end(), [name](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

void read_schema_version(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                         const spec_detail::Rule&, SystemSpec& spec) {
  spec.schema_version = reader.read_int(node, path);
  if (spec.schema_version != kSchemaVersion) {
    reader.fail(node, path,
                "unsupported format version " + std::to_string(spec.schema_version) +
                    " (this library reads version " + std::to_string(kSchemaVersion) + ")");
  }
}

// `system` gives the spec's own name, version and description.
void read_system(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                 const spec_detail::Rule&, SystemSpec& spec) {
  static const Section<SystemSpec> section(
      "system", {key("name", &SystemSpec::name), key("version", &SystemSpec::version),
                 key("description", &SystemSpec::description)});
  section.read(reader, node, path, spec);
}

void read_databases(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                    const spec_detail::Rule&, SystemSpec& spec) {
  reader.for_each_entry(
      node, path, [&](const YAML::Node& name, const YAML::Node& value, const std::string& at) {
        spec.databases.push_back(spec_detail::parse_database(reader, name, value, at));
      });
}

void read_entities(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                   const spec_detail::Rule&, SystemSpec& spec) {
  reader.for_each_entry(
      node, path, [&](const YAML::Node& name, const YAML::Node& value, const std::string& at) {
        spec.entities.push_back(spec_detail::parse_entity(reader, name, value, at));
      });
}

void read_components(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                     const spec_detail::Rule&, SystemSpec& spec) {
  reader.require_sequence(node, path);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item = path + "[" + std::to_string(i) + "]";
    const YAML::Node type = node[i].IsMap() ? node[i]["type"] : YAML::Node();
    if (type && type.IsScalar() && type.Scalar() == "api") {
      spec.apis.push_back(spec_detail::parse_api(reader, node[i], item));
      spec.apis.back().position = i;
    } else {
      spec.components.push_back(spec_detail::parse_component(reader, node[i], item));
    }
  }
}

void read_monitoring(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                     const spec_detail::Rule&, SystemSpec& spec) {
  spec.monitoring = spec_detail::parse_monitoring(reader, node, path);
}

void read_migrations(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                     const spec_detail::Rule&, SystemSpec& spec) {
  spec.migrations = spec_detail::parse_migrations(reader, node, path);
}

const Section<SystemSpec>& document_section() {
  static const Section<SystemSpec> section(
      "", {key_with<SystemSpec>("schema_version", read_schema_version),
           key_with<SystemSpec>("system", read_system),
           key_with<SystemSpec>("databases", read_databases),
           key_with<SystemSpec>("entities", read_entities),
           key_with<SystemSpec>("components", read_components),
           key_with<SystemSpec>("monitoring", read_monitoring),
           key_with<SystemSpec>("migrations", read_migrations)});
  return section;
}

// Parses the document; `base_dir` (empty for strings) anchors the migrations dir.
SystemSpec parse_document(const YamlReader& reader, std::string_view yaml,
                          const std::filesystem::path& base_dir) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    reader.fail(e.mark, "", "not valid YAML: " + e.msg);
  }
  if (documents.empty() || documents[0].IsNull())
    reader.fail(YAML::Mark(), "", "the spec is empty");
  if (documents.size() > 1) {
    reader.fail(documents[1], "", "a spec is a single YAML document, found a second one");
  }
  const YAML::Node root = documents[0];
  reader.require_map(root, "the spec");

  SystemSpec spec;
  document_section().read_keys(reader, root, "", spec);
  if (!base_dir.empty()) {
    spec.migrations.dir = (base_dir / spec.migrations.dir).lexically_normal().string();
  }
  return spec;
}

// Runs the parser; a yaml-cpp exception that escapes the typed reads is reported at its mark.
SystemSpec parse_guarded(const YamlReader& reader, std::string_view yaml,
                         const std::filesystem::path& base_dir) {
  try {
    return parse_document(reader, yaml, base_dir);
  } catch (const YAML::Exception& e) {
    reader.fail(e.mark, "", e.msg);
  }
}

}  // namespace

std::string SourceLocation::to_string() const {
  std::string text = file;
  if (line > 0) {
    text += ':' + std::to_string(line);
    if (column > 0) text += ':' + std::to_string(column);
  }
  return text;
}

const FieldSpec* EntitySpec::find_field(std::string_view field_name) const noexcept {
  return find_by_name(fields, field_name);
}

std::vector<const FieldSpec*> EntitySpec::primary_key() const {
  std::vector<const FieldSpec*> key;
  for (const FieldSpec& field : fields) {
    if (field.primary_key) key.push_back(&field);
  }
  return key;
}

const DatabaseSpec* SystemSpec::find_database(std::string_view db_name) const noexcept {
  return find_by_name(databases, db_name);
}

const EntitySpec* SystemSpec::find_entity(std::string_view entity_name) const noexcept {
  return find_by_name(entities, entity_name);
}

const ComponentSpec* SystemSpec::find_component(std::string_view component_name) const noexcept {
  return find_by_name(components, component_name);
}

std::vector<ForeignKeySpec> SystemSpec::foreign_keys_of(const EntitySpec& entity) const {
  std::vector<ForeignKeySpec> out;
  for (const FieldSpec& field : entity.fields) {
    if (!field.references_entity) continue;
    out.push_back(ForeignKeySpec{{field.name},
                                 *field.references_entity,
                                 {field.references_field.value_or("")},
                                 field.on_delete,
                                 field.location});
  }
  for (ForeignKeySpec fk : entity.foreign_keys) {
    if (const EntitySpec* target = find_entity(fk.references);
        target != nullptr && fk.referenced_fields.empty()) {
      for (const FieldSpec* key : target->primary_key()) fk.referenced_fields.push_back(key->name);
    }
    out.push_back(std::move(fk));
  }
  return out;
}

SystemSpec parse_spec_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ErrorCode::config, path.string() + ": cannot read spec file (it is a directory)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorCode::config, path.string() + ": cannot open spec file (" +
                                       std::generic_category().message(errno) + ")");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw Error(ErrorCode::config, path.string() + ": cannot read spec file");
  }
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) absolute = path;
  const YamlReader reader(path.string());
  SystemSpec spec = parse_guarded(reader, text.str(), absolute.parent_path());
  spec.source_file = path;
  return spec;
}

SystemSpec parse_spec_string(std::string_view yaml, std::string source_name) {
  const YamlReader reader(std::move(source_name));
  return parse_guarded(reader, yaml, {});
}

}  // namespace v5store
