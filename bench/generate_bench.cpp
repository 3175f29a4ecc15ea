// v5gen generate in-process (BM_Generate/entities:N): what `v5gen generate SPEC -o DIR` does
// for a spec of N entities on two backends: validate levels 1, 2 and 4, build the model, run
// every emitter (glue, migrations, service project, deploy files) and write the tree into an
// empty directory.
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include "generate/emitters.hpp"
#include "generate/writer.hpp"
#include "support/synthetic_spec.hpp"
#include "v5store/spec.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

// The synthetic spec of `entities` entities on SQLite and PostgreSQL, the stores alternating
// between them; every entity also has a nullable decimal.
std::string generated_spec(int entities) {
  return v5bench::synthetic_spec(
      entities,
      {.system = "genbench",
       .databases =
           "  main: { backend: sqlite, dsn: \"db=genbench.db\", "
           "pool: { max_size: 4, min_idle: 1 } }\n"
           "  reporting: { backend: postgresql, dsn: \"host=127.0.0.1 dbname=genbench user=app\", "
           "pool: { max_size: 8, min_idle: 1 } }\n",
       .store_databases = {"main", "reporting"},
       .code_keys = "",
       .extra_fields =
           "      price:      { type: decimal, precision: 10, scale: 2, nullable: true }\n"});
}

void BM_Generate(benchmark::State& state) {
  const std::string text = generated_spec(static_cast<int>(state.range(0)));
  const std::filesystem::path base =
      std::filesystem::temp_directory_path() / fmt::format("v5bench_generate_{}", ::getpid());
  v5validate::Options options;
  options.server_cores = 4;
  int run = 0;
  std::size_t files = 0;
  for (auto _ : state) {
    const v5validate::Report report =
        v5validate::Orchestrator::run_text(text, options, "genbench.yaml");
    if (!report.valid()) {
      state.SkipWithError("the generated spec is not valid");
      break;
    }
    const v5store::SystemSpec spec = v5store::parse_spec_string(text, "genbench.yaml");
    const v5gen::GenerationContext context{spec, "genbench.yaml", text, v5gen::hash_of(text)};
    v5gen::FileTree tree;
    v5gen::emit_entities(context, tree);
    v5gen::emit_repositories(context, tree);
    v5gen::emit_migrations(context, tree);
    v5gen::emit_project(context, tree);
    v5gen::emit_deploy(context, tree);
    const v5gen::WriteSummary summary =
        v5gen::write_tree(tree, base / std::to_string(run++), context.spec_hash, false);
    files = static_cast<std::size_t>(summary.written);
    benchmark::DoNotOptimize(summary);
  }
  std::filesystem::remove_all(base);
  state.SetLabel(fmt::format("{} files from {} KiB of YAML", files, text.size() / 1024));
}
BENCHMARK(BM_Generate)->ArgName("entities")->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace
