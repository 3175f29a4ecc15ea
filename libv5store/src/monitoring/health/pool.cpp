// pool: what callers of the pool feel, not how busy it is. Utilisation (active / max_size) is
// information: a small pool kept busy is the intended state (HikariCP's sizing advice), and
// none of the anchors' rules alerts on it. Warning: the p99 acquire time since the previous
// check at or past `warning` (ms), or callers waiting in kWaitingChecks checks in a row.
// Critical: acquire timeouts since the previous check, at or past `critical`.
// Read from ConnectionPool::stats() and v5store_pool_acquire_seconds (docs/monitoring.md).
#include <fmt/format.h>

#include "monitoring/health/checks.hpp"

namespace v5store::detail {

namespace {

// Callers must be found waiting in this many consecutive checks before it is a warning: a
// burst that the pool absorbs within a few intervals is normal (the pgbouncer mixin's
// waiting-clients rule likewise holds for 5 minutes before it fires).
constexpr int kWaitingChecks = 5;

// The acquire-time histogram of `database` since the previous check; nullopt without metrics.
std::optional<Histogram::Snapshot> acquire_window(CheckContext& context,
                                                  const std::string& database) {
  if (context.sources.metrics == nullptr) return std::nullopt;
  for (const auto& [labels, snapshot] :
       context.sources.metrics->histogram_snapshots(metric_names::kPoolAcquireSeconds)) {
    const auto it = labels.find("database");
    if (it == labels.end() || it->second != database) continue;
    std::lock_guard lock(context.memory.mutex);
    auto& previous = context.memory.databases[database].acquire_durations;
    Histogram::Snapshot window = histogram_window(snapshot, previous ? &*previous : nullptr);
    previous = snapshot;
    return window;
  }
  return std::nullopt;
}

HealthCheck acquire_time_check(CheckContext& context, const std::string& database) {
  const auto window = acquire_window(context, database);
  if (!window) {
    return status_check("acquire_p99_ms", database, HealthStatus::unknown, std::nullopt,
                        "The time callers wait for a connection is not measured: the pool has "
                        "no metrics registry.");
  }
  if (window->count == 0) {
    return status_check("acquire_p99_ms", database, HealthStatus::healthy, std::nullopt,
                        "No connection was borrowed since the last check.");
  }
  const double p99_ms = window->quantile(0.99) * 1000;
  return threshold_check(
      "acquire_p99_ms", database, p99_ms, context.category.warning, std::nullopt,
      fmt::format("99 % of the {} connections borrowed since the last check were handed out "
                  "within {:.1f} ms (a warning from {:g} ms).",
                  window->count, p99_ms, context.category.warning));
}

}  // namespace

CategoryResult check_pool(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    const auto& name = pool->database().name;
    const PoolStats stats = pool->stats();
    const double utilisation =
        stats.max_size > 0 ? static_cast<double>(stats.active) / stats.max_size : 0.0;
    checks.push_back(status_check(
        "utilisation", name, HealthStatus::healthy, utilisation,
        fmt::format("{} of {} connections are in use and {} idle; a busy pool is normal, "
                    "callers waiting for one are what counts.",
                    stats.active, stats.max_size, stats.idle)));
    checks.push_back(acquire_time_check(context, name));

    std::optional<std::uint64_t> previous_timeouts;
    std::uint64_t own_timeouts = 0;  // the monitor's own checks timed out since the last check
    int waiting_checks = 0;
    {
      std::lock_guard lock(context.memory.mutex);
      auto& memory = context.memory.databases[name];
      previous_timeouts = memory.timeouts;
      memory.timeouts = stats.timeouts;
      own_timeouts = memory.own_timeouts - memory.own_timeouts_seen.value_or(memory.own_timeouts);
      memory.own_timeouts_seen = memory.own_timeouts;
      memory.checks_with_waiters = stats.pending > 0 ? memory.checks_with_waiters + 1 : 0;
      waiting_checks = memory.checks_with_waiters;
    }
    const HealthStatus waiting =
        waiting_checks >= kWaitingChecks ? HealthStatus::warning : HealthStatus::healthy;
    checks.push_back(status_check(
        "pending", name, waiting, static_cast<double>(stats.pending),
        stats.pending == 0
            ? std::string("No caller is waiting for a connection.")
            : fmt::format("{} callers are waiting for a connection, in {} checks in a row "
                          "(a warning from {}).",
                          stats.pending, waiting_checks, kWaitingChecks)));

    const std::uint64_t fresh = previous_timeouts && stats.timeouts >= *previous_timeouts
                                    ? stats.timeouts - *previous_timeouts
                                    : 0;
    const double new_timeouts =
        static_cast<double>(fresh > own_timeouts ? fresh - own_timeouts : 0);
    checks.push_back(threshold_check(
        "timeouts", name, new_timeouts, std::nullopt, context.category.critical,
        fmt::format("{} callers gave up waiting for a connection (acquire timeout) since the "
                    "last check, {} since the pool opened (the monitor's own checks not counted).",
                    new_timeouts, stats.timeouts)));
  }
  return finish(HealthCategory::pool, std::move(checks));
}

}  // namespace v5store::detail
