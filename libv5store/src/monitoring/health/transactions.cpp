// transactions: the oldest open transaction on the server (pg_stat_activity,
// information_schema.innodb_trx) against the thresholds in seconds, deadlocks since the
// previous check (pg_stat_database, SHOW STATUS Innodb_deadlocks), and the rollback ratio of
// the store's own transactions (v5store_transactions_total). Recovery: long-running
// transactions are reported; when cancel_transactions_after is set, the store's own sessions
// past it are cancelled.

#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "monitoring/health/health_queries.hpp"
#include "v5store/logger.hpp"

namespace v5store::detail {

namespace {

// A warning only: rollbacks are an application's choice as often as a fault (a fault test
// rolls back on purpose); awesome-prometheus-alerts' high-rollback-rate rule is a warning too.
constexpr double kRollbackWarning = 0.2;

// The store's own transaction outcomes since the previous check, from its counters.
HealthCheck rollback_ratio(CheckContext& context, const std::string& database) {
  if (context.sources.metrics == nullptr) {
    return status_check("rollback_ratio", database, HealthStatus::unknown, std::nullopt,
                        "The rollback ratio is not measured: the monitor has no metrics "
                        "registry.");
  }
  auto count = [&](const char* outcome) {
    return static_cast<std::uint64_t>(sum_counters(*context.sources.metrics,
                                                   metric_names::kTransactionsTotal,
                                                   {{"database", database}, {"outcome", outcome}}));
  };
  const auto committed = count("commit");
  const auto rolled_back = count("rollback");
  const auto failed = count("failed");
  std::uint64_t d_commit = committed;
  std::uint64_t d_rollback = rolled_back;
  std::uint64_t d_failed = failed;
  {
    std::lock_guard lock(context.memory.mutex);
    auto& memory = context.memory.databases[database];
    auto since = [](std::uint64_t now, const std::optional<std::uint64_t>& before) {
      return before && now >= *before ? now - *before : now;
    };
    d_commit = since(committed, memory.committed);
    d_rollback = since(rolled_back, memory.rolled_back);
    d_failed = since(failed, memory.failed);
    memory.committed = committed;
    memory.rolled_back = rolled_back;
    memory.failed = failed;
  }
  const auto total = d_commit + d_rollback + d_failed;
  if (total == 0) {
    return status_check("rollback_ratio", database, HealthStatus::healthy, std::nullopt,
                        "No transaction ended since the last check.");
  }
  return threshold_check("rollback_ratio", database,
                         static_cast<double>(d_rollback + d_failed) / static_cast<double>(total),
                         kRollbackWarning, std::nullopt,
                         fmt::format("Since the last check {} transactions committed, {} rolled "
                                     "back and {} failed (a warning from a {:g} share not "
                                     "committed).",
                                     d_commit, d_rollback, d_failed, kRollbackWarning));
}

std::vector<HealthCheck> server_checks(CheckContext& context, ConnectionPool& pool,
                                       soci::session& session) {
  const auto& name = pool.database().name;
  const auto& queries = health_queries_for(pool.backend());
  std::vector<HealthCheck> out;
  const auto open = queries.open_transactions(session);
  double oldest = 0;
  for (const auto& t : open) oldest = std::max(oldest, t.age_seconds);
  out.push_back(threshold_check(
      "longest_transaction_seconds", name, oldest, context.category.warning,
      context.category.critical,
      fmt::format("{} transactions are open, the oldest for {:.1f} s "
                  "(a warning from {:g} s, critical from {:g} s).",
                  open.size(), oldest, context.category.warning, context.category.critical)));
  for (const auto& t : open) {
    if (t.age_seconds < context.category.warning) continue;
    log(LogLevel::warning, "transaction", "long-running transaction",
        {{"database", name}, {"id", fmt::format("{}", t.id)}, {"state", t.state},
         {"open_s", fmt::format("{:.1f}", t.age_seconds)}, {"own", t.own ? "true" : "false"}});
    const auto limit = context.options.cancel_transactions_after;
    if (t.own && limit.count() > 0 && t.age_seconds * 1000 >= static_cast<double>(limit.count())) {
      const bool cancelled = queries.cancel(session, t.id);
      log(LogLevel::warning, "transaction",
          cancelled ? "cancelled a transaction over the hard limit"
                    : "could not cancel a transaction over the hard limit",
          {{"database", name}, {"id", fmt::format("{}", t.id)},
           {"limit_ms", std::to_string(limit.count())}});
    }
  }
  const auto deadlocks = queries.deadlocks(session);
  if (deadlocks) {
    std::optional<std::uint64_t> previous;
    {
      std::lock_guard lock(context.memory.mutex);
      auto& memory = context.memory.databases[name];
      previous = memory.deadlocks;
      memory.deadlocks = deadlocks;
    }
    const double fresh =
        previous && *deadlocks >= *previous ? static_cast<double>(*deadlocks - *previous) : 0.0;
    out.push_back(threshold_check("deadlocks", name, fresh, 1.0, std::nullopt,
                                  fmt::format("The server detected {} deadlocks since the last "
                                              "check ({} since it started).",
                                              fresh, *deadlocks)));
  }
  return out;
}

}  // namespace

CategoryResult check_transactions(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    auto found = with_connection(context, *pool, "longest_transaction_seconds", [&](Lease& lease) {
      return server_checks(context, *pool, lease.session());
    });
    for (auto& check : found) checks.push_back(std::move(check));
    checks.push_back(rollback_ratio(context, pool->database().name));
  }
  return finish(HealthCategory::transactions, std::move(checks));
}

}  // namespace v5store::detail
