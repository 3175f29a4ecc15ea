// libvalidate: levels 1, 2 and 4 of a generated spec (BM_Validate/entities:N).
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "support/synthetic_spec.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

// The synthetic spec of `entities` entities on PostgreSQL; every code has a pattern.
std::string generated_spec(int entities) {
  return v5bench::synthetic_spec(
      entities, {.system = "bench",
                 .databases = "  main: { backend: postgresql, dsn: \"host=127.0.0.1 dbname=bench "
                              "user=app\", pool: { max_size: 8, min_idle: 1 } }\n",
                 .store_databases = {"main"},
                 .code_keys = ", pattern: \"^[a-z0-9]+$\"",
                 .extra_fields = ""});
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
