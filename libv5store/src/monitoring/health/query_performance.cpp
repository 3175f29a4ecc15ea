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

// `now` minus `before`, bucket by bucket (the window since the previous check).
Histogram::Snapshot delta(const Histogram::Snapshot& now, const Histogram::Snapshot* before) {
  if (before == nullptr || before->cumulative_counts.size() != now.cumulative_counts.size() ||
      before->count > now.count) {
    return now;
  }
  Histogram::Snapshot d = now;
  for (std::size_t i = 0; i < d.cumulative_counts.size(); ++i) {
    d.cumulative_counts[i] -= before->cumulative_counts[i];
  }
  d.count -= before->count;
  d.sum -= before->sum;
  return d;
}

void add(Histogram::Snapshot& total, const Histogram::Snapshot& part) {
  if (total.upper_bounds.empty()) {
    total = part;
    return;
  }
  if (total.cumulative_counts.size() != part.cumulative_counts.size()) return;
  for (std::size_t i = 0; i < total.cumulative_counts.size(); ++i) {
    total.cumulative_counts[i] += part.cumulative_counts[i];
  }
  total.count += part.count;
  total.sum += part.sum;
}

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
    return finish(HealthCategory::query_performance, {}, "no metrics registry");
  }
  std::map<std::string, Histogram::Snapshot> per_database;
  {
    const auto series = context.sources.metrics->histogram_snapshots(
        metric_names::kQueryDurationSeconds);
    std::lock_guard lock(context.memory.mutex);
    for (const auto& [labels, snapshot] : series) {
      const auto it = context.memory.query_durations.find(labels);
      const auto window =
          delta(snapshot, it == context.memory.query_durations.end() ? nullptr : &it->second);
      context.memory.query_durations[labels] = snapshot;
      const auto db = labels.find("database");
      add(per_database[db == labels.end() ? std::string() : db->second], window);
    }
  }
  std::vector<HealthCheck> checks;
  for (const auto& [database, window] : per_database) {
    if (window.count == 0) {
      checks.push_back(status_check("p95_ms", database, HealthStatus::healthy, std::nullopt,
                                    "no queries since the last check"));
      continue;
    }
    const auto count = fmt::format("{} queries since the last check", window.count);
    checks.push_back(threshold_check("p95_ms", database, window.quantile(0.95) * 1000,
                                     context.category.warning, std::nullopt, count));
    checks.push_back(threshold_check("p99_ms", database, window.quantile(0.99) * 1000,
                                     std::nullopt, context.category.critical, count));
  }
  auto result = finish(HealthCategory::query_performance, std::move(checks));
  if (result.status == HealthStatus::warning || result.status == HealthStatus::critical) {
    log_slowest(context);
  }
  return result;
}

}  // namespace v5store::detail
