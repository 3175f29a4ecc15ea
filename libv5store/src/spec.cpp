// The system spec: the parser's entry points (document level) and the model's look-ups.
#include "v5store/spec.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "spec/sections.hpp"
#include "spec/yaml_reader.hpp"
#include "v5store/error.hpp"

namespace v5store {
namespace {

using spec_detail::YamlReader;

constexpr int kSchemaVersion = 1;

template <typename T>
const T* find_by_name(const std::vector<T>& items, std::string_view name) noexcept {
  const auto it =
      std::find_if(items.begin(), items.end(), [name](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

void parse_system(const YamlReader& reader, const YAML::Node& node, SystemSpec& spec) {
  reader.require_map(node, "system");
  reader.read_key(node, "system", "name", spec.name);
  reader.read_key(node, "system", "version", spec.version);
  reader.read_key(node, "system", "description", spec.description);
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
  if (const YAML::Node n = root["schema_version"]) {
    spec.schema_version = reader.read_int(n, "schema_version");
    if (spec.schema_version != kSchemaVersion) {
      reader.fail(n, "schema_version",
                  "unsupported format version " + std::to_string(spec.schema_version) +
                      " (this library reads version " + std::to_string(kSchemaVersion) + ")");
    }
  }
  if (const YAML::Node n = root["system"]) parse_system(reader, n, spec);
  if (const YAML::Node n = root["databases"]) {
    reader.for_each_entry(
        n, "databases",
        [&](const YAML::Node& key, const YAML::Node& value, const std::string& path) {
          spec.databases.push_back(spec_detail::parse_database(reader, key, value, path));
        });
  }
  if (const YAML::Node n = root["entities"]) {
    reader.for_each_entry(
        n, "entities",
        [&](const YAML::Node& key, const YAML::Node& value, const std::string& path) {
          spec.entities.push_back(spec_detail::parse_entity(reader, key, value, path));
        });
  }
  if (const YAML::Node n = root["components"]) {
    reader.require_sequence(n, "components");
    for (std::size_t i = 0; i < n.size(); ++i) {
      spec.components.push_back(
          spec_detail::parse_component(reader, n[i], "components[" + std::to_string(i) + "]"));
    }
  }
  if (const YAML::Node n = root["monitoring"]) {
    spec.monitoring = spec_detail::parse_monitoring(reader, n, "monitoring");
  }
  if (const YAML::Node n = root["migrations"]) {
    spec.migrations = spec_detail::parse_migrations(reader, n, "migrations");
  }
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
