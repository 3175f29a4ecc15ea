// pool: utilisation (active / max_size) against the thresholds, callers waiting for a
// connection, acquire timeouts since the previous check. Read from ConnectionPool::stats().
#include <fmt/format.h>

#include "monitoring/health/checks.hpp"

namespace v5store::detail {

CategoryResult check_pool(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    const auto& name = pool->database().name;
    const PoolStats stats = pool->stats();
    const double utilisation =
        stats.max_size > 0 ? static_cast<double>(stats.active) / stats.max_size : 0.0;
    checks.push_back(threshold_check(
        "utilisation", name, utilisation, context.category.warning, context.category.critical,
        fmt::format("{} of {} connections in use, {} idle", stats.active, stats.max_size,
                    stats.idle)));
    checks.push_back(threshold_check("pending", name, static_cast<double>(stats.pending), 1.0,
                                     std::nullopt,
                                     fmt::format("{} callers waiting", stats.pending)));
    std::optional<std::uint64_t> previous;
    {
      std::lock_guard lock(context.memory.mutex);
      auto& memory = context.memory.databases[name];
      previous = memory.timeouts;
      memory.timeouts = stats.timeouts;
    }
    const double new_timeouts =
        previous && stats.timeouts >= *previous ? static_cast<double>(stats.timeouts - *previous)
                                                : 0.0;
    checks.push_back(threshold_check("timeouts", name, new_timeouts, 1.0, std::nullopt,
                                     fmt::format("{} acquire timeouts since the last check "
                                                 "({} in all)",
                                                 new_timeouts, stats.timeouts)));
  }
  return finish(HealthCategory::pool, std::move(checks));
}

}  // namespace v5store::detail
