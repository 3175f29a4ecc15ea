// What every category check shares: the context it runs in, threshold evaluation, and
// borrowing a connection without turning an unreachable database into a false alarm.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "v5store/alerts.hpp"
#include "v5store/error.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"

namespace v5store::detail {

using SteadyClock = std::chrono::steady_clock;

// Per-database memory kept between checks (counter deltas, reconnect backoff, backups).
struct DatabaseMemory {
  // connectivity: reconnect backoff while the circuit is open
  std::chrono::milliseconds backoff{0};
  SteadyClock::time_point next_probe{};
  bool circuit_opened_by_monitor = false;
  // pool
  std::optional<std::uint64_t> timeouts;
  std::optional<Histogram::Snapshot> acquire_durations;  // at the previous check
  int checks_with_waiters = 0;                     // consecutive checks that found callers waiting
  std::uint64_t own_timeouts = 0;                  // acquire timeouts of the monitor's own checks
  std::optional<std::uint64_t> own_timeouts_seen;  // own_timeouts at the previous pool check
  // transactions
  std::optional<std::uint64_t> deadlocks;
  std::optional<std::uint64_t> committed;
  std::optional<std::uint64_t> rolled_back;
  std::optional<std::uint64_t> failed;
  // backup
  SteadyClock::time_point next_scheduled_backup{};
};

// Memory of one monitor, shared by its category threads. Guarded by `mutex`.
struct MonitorMemory {
  std::mutex mutex;
  std::map<std::string, DatabaseMemory> databases;
  // query_performance: the histogram buckets at the previous check, per series
  std::map<Labels, Histogram::Snapshot> query_durations;
};

// Everything a category check may use.
struct CheckContext {
  const HealthMonitorOptions& options;
  const HealthSources& sources;
  HealthCategoryOptions category;  // defaults applied
  MonitorMemory& memory;
};

// The options of `category` after the defaults of docs/monitoring.md are applied to `spec`.
HealthCategoryOptions resolve_category_options(HealthCategory category,
                                               const MonitoringSpec& spec);

// A check whose value is held against thresholds; higher values are worse unless
// `lower_is_worse`. A missing value makes it unknown.
HealthCheck threshold_check(std::string name, std::string database, std::optional<double> value,
                            std::optional<double> warning, std::optional<double> critical,
                            std::string message = {}, bool lower_is_worse = false);

// A check with a status decided by the caller.
HealthCheck status_check(std::string name, std::string database, HealthStatus status,
                         std::optional<double> value, std::string message);

// The category result from its checks: the worst known status; unknown when every check is
// unknown or there is none. `message` defaults to the worst check's message.
CategoryResult finish(HealthCategory category, std::vector<HealthCheck> checks,
                      std::string message = {});

// True for errors that mean "cannot reach the database right now" (connection, circuit open,
// pool timeout): categories other than connectivity report unknown for them, so one outage
// is reported once, by connectivity.
bool is_reachability_error(const Error& error) noexcept;

// Borrows a connection of `pool` for a check, within the category's timeout. An acquire
// timeout is the monitor's own (the application's callers are not affected): it is counted in
// DatabaseMemory::own_timeouts, which the pool category leaves out. Throws acquire()'s errors.
Lease acquire_for_check(CheckContext& context, ConnectionPool& pool);

// Runs fn(lease) on a connection borrowed by acquire_for_check(). Returns the checks fn
// produced, or one unknown check naming `what` when the database cannot be reached or the
// query fails (the message redacted).
std::vector<HealthCheck> with_connection(CheckContext& context, ConnectionPool& pool,
                                         const std::string& what,
                                         const std::function<std::vector<HealthCheck>(Lease&)>& fn);

// `now` minus `before`, bucket by bucket: the observations since `before` was taken (all of
// `now` when there is no `before` or the histogram was reset).
Histogram::Snapshot histogram_window(const Histogram::Snapshot& now,
                                     const Histogram::Snapshot* before);

// Adds `part`'s buckets to `total` (the same buckets; `total` empty: becomes `part`).
void add_histogram(Histogram::Snapshot& total, const Histogram::Snapshot& part);

// Sum of the counters `name` whose labels include every pair of `match`.
double sum_counters(const MetricsRegistry& metrics, std::string_view name, const Labels& match);

}  // namespace v5store::detail
