// Reads the spec's `migrations` section: the mode, the versioned-migrations directory, whether
// the spec owns the whole schema, and the tables to ignore.
#include "spec/sections.hpp"

namespace v5store::spec_detail {

MigrationSpec parse_migrations(const YamlReader& reader, const YAML::Node& value,
                               const std::string& path) {
  MigrationSpec migrations;
  reader.require_map(value, path);
  if (const YAML::Node n = value["mode"]) {
    const std::string mode = reader.read_string(n, path + ".mode");
    if (mode == "declarative") {
      migrations.mode = MigrationMode::declarative;
    } else if (mode == "versioned") {
      migrations.mode = MigrationMode::versioned;
    } else {
      reader.fail(n, path + ".mode",
                  "unknown mode \"" + mode + "\" (expected declarative or versioned)");
    }
  }
  reader.read_key(value, path, "dir", migrations.dir);
  reader.read_key(value, path, "owns_schema", migrations.owns_schema);
  reader.read_key(value, path, "ignore", migrations.ignore);
  return migrations;
}

}  // namespace v5store::spec_detail
