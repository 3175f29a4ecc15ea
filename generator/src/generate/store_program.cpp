// The command-line prologue and store opening of the generated smoke test and benchmark.
#include "generate/store_program.hpp"

#include <cctype>

#include <fmt/format.h>

#include "generate/escape.hpp"

namespace v5gen {

std::string backend_and_dsn_from_args(const v5store::SystemSpec& spec, std::string_view tag) {
  return fmt::format(R"v5(  const std::string backend_name = argc > 1 ? argv[1] : "sqlite";
  const auto backend = v5store::parse_backend(backend_name);
  if (!backend) {{
    std::fprintf(stderr, "unknown backend %s\n", backend_name.c_str());
    return 2;
  }}
  std::string dsn = argc > 2 ? argv[2] : "";
  // The DSN migrations connect with (the spec's migration_dsn); none: they go through dsn.
  const std::string migration_dsn = argc > 3 ? argv[3] : "";
  if (dsn.empty()) {{
    const auto file = std::filesystem::temp_directory_path() /
                      ({0} + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(file);
    dsn = "db=" + file.string();
  }}
)v5",
                     cpp_string_literal(spec.name + "_" + std::string(tag) + "_"));
}

std::string open_migrated_store(const v5store::SystemSpec& spec) {
  return fmt::format(R"v5(    v5store::SystemSpec spec = v5store::parse_spec_file({1}_SPEC_FILE);
    for (auto& database : spec.databases) {{
      database.backend = *backend;
      database.dsn = dsn;  // the spec's pooler stays: a DSN through it keeps its statements
      database.migration_dsn = migration_dsn;
    }}
    for (const auto& database : spec.databases) {{
      v5store::Migrator(spec, database.name).up();
    }}
    v5store::V5EnhancedStore store(spec);
    {0}::System system(store);
)v5",
                     spec.name, macro_prefix(spec));
}

const v5store::ComponentSpec* store_of(const v5store::SystemSpec& spec,
                                       const v5store::EntitySpec& entity) {
  for (const auto& c : spec.components) {
    if (c.type == "store" && c.entity == entity.name) return &c;
  }
  return nullptr;
}

std::string macro_prefix(const v5store::SystemSpec& spec) {
  std::string out;
  for (char c : spec.name) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace v5gen
