// v5gen import in-process (BM_Import/tables:N): what `v5gen import` does on a catalog of N
// generated tables: read the catalog, map it to a spec (names, types, keys, indexes, foreign
// keys, the drift check that keeps real types and defaults) and write the spec text. The
// catalog is a chain of tables t<i>, each with a generated key, a unique code, a unique
// (region, code), a decimal, a defaulted integer and timestamp, a foreign key to the previous
// table's id and a composite one to its (region, code), and two secondary indexes.
// SQLite: a temporary file. PostgreSQL: a schema of its own in V5_BENCH_PG_DSN's database,
// dropped afterwards (skipped when the variable is unset).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <soci/soci.h>

#include "import/importer.hpp"
#include "import/spec_text.hpp"
#include "v5store/internal/backend.hpp"

namespace {

using v5store::BackendKind;

// The DDL of table `i` of the chain; `key` is the backend's generated integer key column.
std::string table_ddl(int i, std::string_view key) {
  std::string sql = fmt::format(
      "CREATE TABLE t{0:03} (\n"
      "  id {1},\n"
      "  code VARCHAR(32) NOT NULL UNIQUE,\n"
      "  region VARCHAR(8) NOT NULL,\n"
      "  name VARCHAR(100) NOT NULL,\n"
      "  amount NUMERIC(12,2),\n"
      "  qty INTEGER NOT NULL DEFAULT 0,\n"
      "  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "  parent_id INTEGER,\n"
      "  parent_region VARCHAR(8),\n"
      "  parent_code VARCHAR(32),\n"
      "  UNIQUE (region, code)",
      i, key);
  if (i > 0) {
    sql += fmt::format(
        ",\n  FOREIGN KEY (parent_id) REFERENCES t{0:03} (id) ON DELETE CASCADE,\n"
        "  FOREIGN KEY (parent_region, parent_code) REFERENCES t{0:03} (region, code)",
        i - 1);
  }
  return sql + ")";
}

void create_catalog(soci::session& session, int tables, std::string_view key) {
  for (int i = 0; i < tables; ++i) {
    session << table_ddl(i, key);
    session << fmt::format("CREATE INDEX ix_t{0:03}_name_created ON t{0:03} (name, created_at)", i);
    session << fmt::format("CREATE INDEX ix_t{0:03}_parent ON t{0:03} (parent_id)", i);
  }
}

// One import of the catalog `session` sees, written to `out` as `v5gen import -o` writes it:
// the spec text's size. Throws when the import is not exact (drift left, objects not imported).
std::size_t import_once(const v5store::detail::Backend& backend, soci::session& session,
                        const std::filesystem::path& out) {
  v5gen::import::ImportOptions options;
  options.system = "catalog";
  const v5gen::import::ImportResult result = v5gen::import::import_catalog(backend, session, options);
  if (!result.drift.empty()) throw std::runtime_error("drift left: " + result.drift.front());
  if (!result.not_imported.empty()) {
    throw std::runtime_error("not imported: " + result.not_imported.front().name);
  }
  const std::string text = v5gen::import::spec_file(result, v5gen::import::spec_tree(result.spec));
  std::ofstream(out, std::ios::binary | std::ios::trunc) << text;
  return text.size();
}

void run(benchmark::State& state, const v5store::detail::Backend& backend,
         soci::session& session) {
  const auto out = std::filesystem::temp_directory_path() /
                   fmt::format("v5bench_import_{}.yaml", ::getpid());
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = import_once(backend, session, out);
    benchmark::DoNotOptimize(bytes);
  }
  std::filesystem::remove(out);
  state.SetLabel(fmt::format("{} tables, {} KiB of YAML", state.range(0), bytes / 1024));
}

void BM_Import_SQLite(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("v5bench_import_{}.db", ::getpid());
  std::filesystem::remove(path);
  const auto& backend = v5store::detail::backend_for(BackendKind::sqlite);
  {
    const auto session = backend.open(path.string(), std::chrono::seconds(10));
    *session << "BEGIN";
    create_catalog(*session, static_cast<int>(state.range(0)), "INTEGER PRIMARY KEY");
    *session << "COMMIT";
    try {
      run(state, backend, *session);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
    }
  }
  std::filesystem::remove(path);
}
BENCHMARK(BM_Import_SQLite)->ArgName("tables")->Arg(200)->Unit(benchmark::kMillisecond);

void BM_Import_PostgreSQL(benchmark::State& state) {
  const char* dsn = std::getenv("V5_BENCH_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    state.SkipWithError("set V5_BENCH_PG_DSN to the DSN of the benchmark database");
    return;
  }
  const auto& backend = v5store::detail::backend_for(BackendKind::postgresql);
  const auto session = backend.open(dsn, std::chrono::seconds(10));
  const std::string schema = fmt::format("v5bench_import_{}", ::getpid());
  *session << "CREATE SCHEMA " + schema;
  *session << "SET search_path TO " + schema;
  try {
    *session << "BEGIN";
    create_catalog(*session, static_cast<int>(state.range(0)), "serial PRIMARY KEY");
    *session << "COMMIT";
    run(state, backend, *session);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
  *session << "SET client_min_messages TO warning";
  *session << "DROP SCHEMA " + schema + " CASCADE";
}
BENCHMARK(BM_Import_PostgreSQL)->ArgName("tables")->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace
