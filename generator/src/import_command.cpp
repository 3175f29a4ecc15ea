// `v5gen import --backend B --dsn DSN --name SYSTEM [-o SPEC] [--include GLOB]...
// [--exclude GLOB]... [--schema NAME] [--dry-run]`: writes a spec for a live database (one
// entity and one store component per table, docs/import.md). With -o naming an existing spec
// the import is merged into it (names the user changed are kept); --dry-run prints what would
// be written (a diff when merging) and writes nothing. What is not imported is listed on
// stderr and in the spec's header. Exit codes: 0 written, 2 usage or an unwritable output,
// 3 the database is unreachable.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "import/importer.hpp"
#include "import/merge.hpp"
#include "import/spec_text.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/backend.hpp"

namespace v5gen {

namespace {

struct ImportArgs {
  std::string backend;
  std::string dsn;
  std::string name;
  std::string output;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string schema;
  bool dry_run = false;
};

bool is_system_name(const std::string& name) {
  if (name.empty() || name.size() > 63 || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Moves the session to `schema` (PostgreSQL search_path, MySQL USE); SQLite has only "main".
void use_schema(const v5store::detail::Backend& backend, soci::session& session,
                const std::string& schema) {
  switch (backend.kind()) {
    case v5store::BackendKind::postgresql:
      session << "SET search_path TO " + backend.quote(schema);
      break;
    case v5store::BackendKind::mysql:
      session << "USE " + backend.quote(schema);
      break;
    case v5store::BackendKind::sqlite:
      if (schema != "main") {
        throw v5store::Error(v5store::ErrorCode::config,
                             "--schema: an SQLite database has only the schema \"main\"");
      }
      break;
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int run(const ImportArgs& args) {
  const auto kind = v5store::parse_backend(args.backend);
  if (!kind) {
    std::fprintf(stderr, "v5gen import: --backend must be sqlite, postgresql or mysql\n");
    return kExitUsage;
  }
  if (!is_system_name(args.name)) {
    std::fprintf(stderr, "v5gen import: --name must match [a-z_][a-z0-9_]* (63 at most)\n");
    return kExitUsage;
  }
  const v5store::detail::Backend& backend = v5store::detail::backend_for(*kind);
  const std::unique_ptr<soci::session> session =
      backend.open(args.dsn, std::chrono::milliseconds(10000));
  if (!args.schema.empty()) {
    try {
      use_schema(backend, *session, args.schema);
    } catch (const soci::soci_error&) {
      v5store::detail::rethrow_mapped(backend, args.dsn, "choosing the schema of --schema");
    }
  }
  import::ImportOptions options;
  options.system = args.name;
  options.include = args.include;
  options.exclude = args.exclude;
  const import::ImportResult result = import::import_catalog(backend, *session, options);
  for (const auto& item : result.not_imported) {
    std::fprintf(stderr, "not imported: %s %s: %s\n", item.kind.c_str(), item.name.c_str(),
                 item.reason.c_str());
  }
  for (const auto& difference : result.drift) {
    std::fprintf(stderr, "drift left after import: %s\n", difference.c_str());
  }

  const bool merging = !args.output.empty() && std::filesystem::exists(args.output);
  std::string text;
  std::string diff;
  if (merging) {
    const std::string existing = read_file(args.output);
    import::Merged merged = import::merge_into(existing, args.output, result);
    text = std::move(merged.text);
    diff = std::move(merged.changes);
  } else {
    text = import::spec_file(result, import::spec_tree(result.spec));
  }
  if (args.dry_run) {
    const std::string& shown = merging ? diff : text;
    std::fwrite(shown.data(), 1, shown.size(), stdout);
    return kExitOk;
  }
  if (args.output.empty() || args.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      std::fprintf(stderr, "v5gen import: cannot write %s\n", args.output.c_str());
      return kExitUsage;
    }
    std::fprintf(stderr, "%s %s: %zu entities; set %s to use it\n",
                 merging ? "merged into" : "wrote", args.output.c_str(),
                 result.spec.entities.size(), result.dsn_variable.c_str());
  }
  return kExitOk;
}

std::function<int()> setup(CLI::App& sub) {
  auto args = std::make_shared<ImportArgs>();
  sub.add_option("--backend", args->backend, "sqlite | postgresql | mysql")->required();
  sub.add_option("--dsn", args->dsn, "the database's connection string (never written)")
      ->required();
  sub.add_option("--name", args->name, "the system name (snake_case)")->required();
  sub.add_option("-o,--output", args->output,
                 "the spec to write; an existing one is merged into (default: stdout)");
  sub.add_option("--include", args->include, "import only tables matching this glob");
  sub.add_option("--exclude", args->exclude, "leave out tables matching this glob");
  sub.add_option("--schema", args->schema, "the schema to read (default: the session's)");
  sub.add_flag("--dry-run", args->dry_run, "print the spec (or the merge's changes); write nothing");
  return [args] { return run(*args); };
}

}  // namespace

V5GEN_COMMAND("import", "Write a spec for an existing database (docs/import.md)", setup);

}  // namespace v5gen
