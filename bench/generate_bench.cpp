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
#include "v5store/spec.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

// A valid spec of `entities` entities on SQLite and PostgreSQL: each has an id, a unique
// code, a ranged integer, an enum with a default, a nullable decimal, a timestamp, a foreign
// key to the previous entity with its index, and a store component.
std::string generated_spec(int entities) {
  std::string spec =
      "schema_version: 1\n"
      "system: { name: genbench, version: 1 }\n"
      "databases:\n"
      "  main: { backend: sqlite, dsn: \"db=genbench.db\", pool: { max_size: 4, min_idle: 1 } }\n"
      "  reporting: { backend: postgresql, dsn: \"host=127.0.0.1 dbname=genbench user=app\", "
      "pool: { max_size: 8, min_idle: 1 } }\n"
      "entities:\n";
  for (int i = 0; i < entities; ++i) {
    spec += fmt::format(
        "  item_{0}:\n"
        "    table: items_{0}\n"
        "    fields:\n"
        "      id:         {{ type: int64, primary_key: true, generated: true }}\n"
        "      code:       {{ type: string, max_length: 32, unique: true }}\n"
        "      quantity:   {{ type: int32, min: 0, max: 1000, default: 1 }}\n"
        "      state:      {{ type: enum, values: [new, used, gone], default: new }}\n"
        "      price:      {{ type: decimal, precision: 10, scale: 2, nullable: true }}\n"
        "      created_at: {{ type: timestamp, default: now }}\n",
        i);
    if (i > 0) {
      spec += fmt::format(
          "      parent_id:  {{ type: int64, references: item_{0}.id, on_delete: cascade }}\n"
          "    indexes:\n"
          "      - {{ fields: [parent_id] }}\n",
          i - 1);
    }
  }
  spec += "components:\n";
  for (int i = 0; i < entities; ++i) {
    spec += fmt::format("  - {{ name: items_{0}, type: store, entity: item_{0}, database: {1} }}\n",
                        i, i % 2 == 0 ? "main" : "reporting");
  }
  return spec;
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
