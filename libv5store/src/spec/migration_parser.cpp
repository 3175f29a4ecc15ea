// Reads the spec's `migrations` section: the mode, the versioned-migrations directory, whether
// the spec owns the whole schema, and the tables to ignore.
#include "spec/sections.hpp"

#include "spec/section_reader.hpp"

namespace v5store::spec_detail {

MigrationSpec parse_migrations(const YamlReader& reader, const YAML::Node& value,
                               const std::string& path) {
  static const Section<MigrationSpec> section(
      "migrations",
      {choice("mode", &MigrationSpec::mode,
              std::vector<MigrationMode>{MigrationMode::declarative, MigrationMode::versioned}),
       key("dir", &MigrationSpec::dir), key("owns_schema", &MigrationSpec::owns_schema),
       key("ignore", &MigrationSpec::ignore)});
  MigrationSpec migrations;
  section.read(reader, value, path, migrations);
  return migrations;
}

}  // namespace v5store::spec_detail
