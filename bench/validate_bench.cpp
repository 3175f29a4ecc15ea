// libvalidate: levels 1, 2 and 4 of a generated spec (BM_Validate/entities:N).
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "v5validate/orchestrator.hpp"

namespace {

// A valid spec of `entities` entities: each has six fields, a foreign key to the previous
// entity with its index, an enum with a default, and a store component.
std::string generated_spec(int entities) {
  std::string spec =
      "schema_version: 1\n"
      "system: { name: bench, version: 1 }\n"
      "databases:\n"
      "  main: { backend: postgresql, dsn: \"host=127.0.0.1 dbname=bench user=app\", "
      "pool: { max_size: 8, min_idle: 1 } }\n"
      "entities:\n";
  for (int i = 0; i < entities; ++i) {
    spec += fmt::format(
        "  item_{0}:\n"
        "    table: items_{0}\n"
        "    fields:\n"
        "      id:         {{ type: int64, primary_key: true, generated: true }}\n"
        "      code:       {{ type: string, max_length: 32, unique: true, pattern: \"^[a-z0-9]+$\" "
        "}}\n"
        "      quantity:   {{ type: int32, min: 0, max: 1000, default: 1 }}\n"
        "      state:      {{ type: enum, values: [new, used, gone], default: new }}\n"
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
    spec += fmt::format(
        "  - {{ name: items_{0}, type: store, entity: item_{0}, database: main }}\n", i);
  }
  return spec;
}

void BM_Validate(benchmark::State& state) {
  const std::string spec = generated_spec(static_cast<int>(state.range(0)));
  v5validate::Options options;
  options.server_cores = 4;
  for (auto _ : state) {
    v5validate::Report report = v5validate::Orchestrator::run_text(spec, options, "bench.yaml");
    if (!report.valid()) {
      state.SkipWithError("the generated spec is not valid");
      break;
    }
    benchmark::DoNotOptimize(report);
  }
  state.SetLabel(fmt::format("{} KiB of YAML", spec.size() / 1024));
}
BENCHMARK(BM_Validate)->ArgName("entities")->Arg(10)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
