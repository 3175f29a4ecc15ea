// query_performance: p95 and p99 of v5store_query_duration_seconds over the window since the
// previous check, per database; p95 is held against the warning threshold and p99 against the
// critical one (milliseconds). Recovery: when past a threshold, the slowest statements of the
// performance monitor are logged with their EXPLAIN plan.

#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "v5store/performance.hpp"
#include "v5store/logger.hpp"

namespace v5store::detail {

namespace {

void log_slowest(CheckContext& context) {
  if (context.sources.performance == nullptr) return;
  const auto report =
      Optimizer::analyse(*context.sources.performance, context.sources.pools, 3);
  for (const auto& plan : report.plans) {
    log(LogLevel::warning, "slow_statement", plan.stats.sql,
        {{"database", plan.stats.database},
         {"p95_ms", fmt::format("{:.1f}", plan.stats.p95_seconds * 1000)},
         {"runs", std::to_string(plan.stats.count)},
         {"plan", plan.plan}});
  }
}

}  // namespace

CategoryResult check_query_performance(CheckContext& context) {
  if (context.sources.metrics == nullptr) {
    return finish(HealthCategory::query_performance, {},
                  "Query durations are not measured: the monitor has no metrics registry.");
  }
  std::map<std::string, Histogram::Snapshot> per_database;
  {
    const auto series = context.sources.metrics->histogram_snapshots(
        metric_names::kQueryDurationSeconds);
    std::lock_guard lock(context.memory.mutex);
    for (const auto& [labels, snapshot] : series) {
      const auto it = context.memory.query_durations.find(labels);
      const auto window = histogram_window(
          snapshot, it == context.memory.query_durations.end() ? nullptr : &it->second);
      context.memory.query_durations[labels] = snapshot;
      const auto db = labels.find("database");
      add_histogram(per_database[db == labels.end() ? std::string() : db->second], window);
    }
  }
  std::vector<HealthCheck> checks;
  for (const auto& [database, window] : per_database) {
    if (window.count == 0) {
      checks.push_back(status_check("p95_ms", database, HealthStatus::healthy, std::nullopt,
                                    "No statement ran since the last check."));
      continue;
    }
    const double p95 = window.quantile(0.95) * 1000;
    const double p99 = window.quantile(0.99) * 1000;
    checks.push_back(threshold_check(
        "p95_ms", database, p95, context.category.warning, std::nullopt,
        fmt::format("95 % of the {} statements since the last check took at most {:.1f} ms (a "
                    "warning from {:g} ms).",
                    window.count, p95, context.category.warning)));
    const std::optional<double> critical = context.category.critical > 0
                                               ? std::optional<double>(context.category.critical)
                                               : std::nullopt;
    checks.push_back(threshold_check(
        "p99_ms", database, p99, std::nullopt, critical,
        critical ? fmt::format("99 % of the {} statements since the last check took at most "
                               "{:.1f} ms (critical from {:g} ms).",
                               window.count, p99, *critical)
                 : fmt::format("99 % of the {} statements since the last check took at most "
                               "{:.1f} ms.",
                               window.count, p99)));
  }
  auto result = finish(HealthCategory::query_performance, std::move(checks));
  if (result.status == HealthStatus::warning || result.status == HealthStatus::critical) {
    log_slowest(context);
  }
  return result;
}

}  // namespace v5store::detail
