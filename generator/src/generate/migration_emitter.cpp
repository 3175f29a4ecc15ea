// Emits the migrations of the project. Declarative mode: migrations/V1__initial.<backend>.sql
// for every backend of the spec, in the backend's own dialect (the library's DDL; no SQL is
// written here), for users who switch to versioned mode. Versioned mode: the spec's migrations
// directory copied beside the project's copy of the spec, so the service and the smoke test
// read the same files as `v5gen migrate`.
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/error.hpp"

namespace v5gen {

namespace {

std::set<v5store::BackendKind> backends_of(const v5store::SystemSpec& spec) {
  std::set<v5store::BackendKind> backends;
  for (const auto& database : spec.databases) backends.insert(database.backend);
  return backends;
}

// The DDL of every entity on `kind`, from empty.
std::string initial_schema(const v5store::SystemSpec& spec, v5store::BackendKind kind) {
  const auto& backend = v5store::detail::backend_for(kind);
  std::string body;
  for (const auto* entity : dependency_order(spec)) {
    body += backend.create_table(spec, *entity) + ";\n";
    for (const auto& index : entity->indexes) body += backend.create_index(*entity, index) + ";\n";
    body += "\n";
  }
  return body;
}

std::string initial_file_name(v5store::BackendKind kind) {
  return fmt::format("V1__initial.{}.sql", v5store::to_string(kind));
}

// The migrations directory as the spec writes it, relative to the spec file; empty when the
// spec names a directory elsewhere (absolute, or above the spec's directory).
std::filesystem::path relative_migrations_dir(const v5store::SystemSpec& spec) {
  const std::filesystem::path dir(spec.migrations.dir);
  if (spec.source_file.empty() || !dir.is_absolute()) return dir;
  const auto relative =
      dir.lexically_relative(std::filesystem::absolute(spec.source_file).parent_path());
  if (relative.empty() || *relative.begin() == "..") return {};
  return relative;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void emit_migrations(const GenerationContext& context, FileTree& tree) {
  const auto& spec = context.spec;
  if (spec.migrations.mode == v5store::MigrationMode::versioned) {
    const std::filesystem::path relative = relative_migrations_dir(spec);
    std::error_code ec;
    if (relative.empty() || !std::filesystem::is_directory(spec.migrations.dir, ec)) return;
    for (const auto& entry : std::filesystem::directory_iterator(spec.migrations.dir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") {
        tree[std::filesystem::path("spec") / relative / entry.path().filename()] =
            read_file(entry.path());
      }
    }
    return;
  }
  for (v5store::BackendKind kind : backends_of(spec)) {
    const std::string body = initial_schema(spec, kind);
    tree[std::filesystem::path("migrations") / initial_file_name(kind)] =
        generated_header("--", context, hash_of(body)) +
        "-- " +
        comment_text(fmt::format("The schema of system `{}` version {} on {}, from empty.",
                                 context.spec.name, context.spec.version,
                                 v5store::to_string(kind))) +
        "\n\n" +
        body;
  }
}

std::vector<std::filesystem::path> write_initial_migrations(const GenerationContext& context) {
  const auto& spec = context.spec;
  std::vector<std::filesystem::path> written;
  if (spec.migrations.mode != v5store::MigrationMode::versioned) return written;
  const std::filesystem::path dir(spec.migrations.dir);
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("V") && entry.path().extension() == ".sql") return written;
  }
  // Every backend, not only the spec's: the smoke test runs on any of them.
  for (v5store::BackendKind kind : {v5store::BackendKind::sqlite, v5store::BackendKind::postgresql,
                                    v5store::BackendKind::mysql}) {
    const std::filesystem::path file = dir / initial_file_name(kind);
    std::ofstream out(file, std::ios::binary);
    out << fmt::format(
               "-- The initial schema of system `{}` version {} on {}, written by v5gen "
               "generate into an\n-- empty migrations directory. From now on the file is "
               "yours; once applied, never edit it\n-- (the migrator checks its checksum): add "
               "V2__<name>.sql and later files instead.\n\n",
               spec.name, spec.version, v5store::to_string(kind))
        << initial_schema(spec, kind);
    if (!out) {
      throw v5store::Error(v5store::ErrorCode::config,
                           fmt::format("cannot write {}", file.string()));
    }
    written.push_back(file);
  }
  return written;
}

}  // namespace v5gen
