// v5gen health SPEC [--format text|json]: a one-shot health report of every category for every
// database of the spec. Exit 0 when nothing is critical, 1 when a category is critical, 2 for
// an unreadable spec, 3 when a database cannot be reached.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"

namespace v5gen {

namespace {

std::function<int()> setup_health(CLI::App& sub) {
  auto spec_path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  sub.add_option("SPEC", *spec_path, "The system spec (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  sub.add_option("--format", *format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  return [spec_path, format] {
    const auto spec = v5store::parse_spec_file(*spec_path);
    v5store::MetricsRegistry metrics;
    std::vector<std::unique_ptr<v5store::ConnectionPool>> pools;
    v5store::HealthSources sources;
    sources.metrics = &metrics;
    sources.declared_schema_version = spec.version;
    sources.spec = &spec;  // schema_integrity checks drift against the entities
    for (auto database : spec.databases) {
      // One connection is all a one-shot report needs.
      database.pool.min_idle = 1;
      database.pool.max_size = 2;
      pools.push_back(std::make_unique<v5store::ConnectionPool>(database, &metrics));
      sources.pools.push_back(pools.back().get());
    }
    v5store::HealthMonitorOptions options;
    options.monitoring = spec.monitoring;
    options.recovery_enabled = false;  // a report observes; it does not act
    v5store::HealthMonitor monitor(options, sources);
    const auto report = monitor.check_all();
    const auto text = *format == "json" ? report.to_json(true) + "\n" : report.to_text();
    std::fputs(text.c_str(), stdout);
    return report.ready() ? kExitOk : kExitCheckFailed;
  };
}

}  // namespace

V5GEN_COMMAND("health", "One-shot health report of every category for every database",
              setup_health);

}  // namespace v5gen
