// What every category check shares.
#include "monitoring/health/check_support.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "v5store/dsn.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {

namespace {

struct Defaults {
  int interval_ms;  // 0: the monitor's health_interval_ms
  double warning;
  double critical;
};

// docs/monitoring.md, "Health monitor": the default interval and thresholds of each category,
// with the anchor each follows. A critical threshold of 0 means none (warning only).
Defaults defaults_for(HealthCategory category) {
  switch (category) {
    case HealthCategory::connectivity:
      return {0, 100, 1000};  // round trip of a ping, ms
    case HealthCategory::pool:
      return {0, 1000, 1};  // p99 acquire time, ms (warning); acquire timeouts (critical)
    case HealthCategory::query_performance:
      return {0, 250, 0};  // p95, ms (warning); p99 critical only when configured
    case HealthCategory::schema_integrity:
      return {60000, 0, 0};
    case HealthCategory::transactions:
      return {5000, 30, 300};  // oldest open transaction, seconds
    case HealthCategory::storage:
      return {60000, 0.95, 0.97};  // used fraction of the disk (node-mixin: 5 % / 3 % left)
    case HealthCategory::backup:
      return {60000, 24, 48};  // age of the last backup, hours
    case HealthCategory::security:
      return {300000, 0, 0};
  }
  return {0, 0, 0};
}

int rank(HealthStatus status) {
  switch (status) {
    case HealthStatus::healthy:
      return 1;
    case HealthStatus::warning:
      return 2;
    case HealthStatus::critical:
      return 3;
    case HealthStatus::unknown:
      return 0;
  }
  return 0;
}

}  // namespace

HealthCategoryOptions resolve_category_options(HealthCategory category,
                                               const MonitoringSpec& spec) {
  const auto d = defaults_for(category);
  HealthCategoryOptions out;
  const auto it = spec.categories.find(std::string(to_string(category)));
  if (it != spec.categories.end()) out = it->second;
  const int base = std::max(spec.health_interval_ms, 10);
  if (out.interval_ms <= 0) out.interval_ms = d.interval_ms > 0 ? std::max(d.interval_ms, base) : base;
  if (out.timeout_ms <= 0) out.timeout_ms = 2000;
  if (out.warning <= 0) out.warning = d.warning;
  if (out.critical <= 0) out.critical = d.critical;
  return out;
}

HealthCheck threshold_check(std::string name, std::string database, std::optional<double> value,
                            std::optional<double> warning, std::optional<double> critical,
                            std::string message, bool lower_is_worse) {
  HealthCheck check;
  check.name = std::move(name);
  check.database = std::move(database);
  check.value = value;
  check.warning_threshold = warning;
  check.critical_threshold = critical;
  check.message = std::move(message);
  if (!value) {
    check.status = HealthStatus::unknown;
    return check;
  }
  auto past = [&](const std::optional<double>& limit) {
    return limit && (lower_is_worse ? *value <= *limit : *value >= *limit);
  };
  check.status = past(critical)  ? HealthStatus::critical
                 : past(warning) ? HealthStatus::warning
                                 : HealthStatus::healthy;
  return check;
}

HealthCheck status_check(std::string name, std::string database, HealthStatus status,
                         std::optional<double> value, std::string message) {
  HealthCheck check;
  check.name = std::move(name);
  check.database = std::move(database);
  check.status = status;
  check.value = value;
  check.message = std::move(message);
  return check;
}

CategoryResult finish(HealthCategory category, std::vector<HealthCheck> checks,
                      std::string message) {
  CategoryResult result;
  result.category = category;
  result.status = HealthStatus::unknown;
  const HealthCheck* worst = nullptr;
  for (const auto& check : checks) {
    if (rank(check.status) > rank(result.status)) {
      result.status = check.status;
      worst = &check;
    }
  }
  if (message.empty() && worst != nullptr) {
    message = worst->message.empty() ? worst->name : worst->message;
    if (!worst->database.empty()) message = "Database " + worst->database + ": " + message;
  }
  if (message.empty() && checks.empty()) message = "There is nothing to check.";
  if (message.empty() && !checks.empty()) message = checks.front().message;
  result.message = std::move(message);
  result.checks = std::move(checks);
  return result;
}

bool is_reachability_error(const Error& error) noexcept {
  return error.code() == ErrorCode::connection || error.code() == ErrorCode::circuit_open ||
         error.code() == ErrorCode::pool_timeout;
}

Lease acquire_for_check(CheckContext& context, ConnectionPool& pool) {
  try {
    return pool.acquire_for(std::chrono::milliseconds(context.category.timeout_ms),
                            "v5store.health");
  } catch (const Error& e) {
    if (e.code() == ErrorCode::pool_timeout) {
      std::lock_guard lock(context.memory.mutex);
      ++context.memory.databases[pool.database().name].own_timeouts;
    }
    throw;
  }
}

std::vector<HealthCheck> with_connection(
    CheckContext& context, ConnectionPool& pool, const std::string& what,
    const std::function<std::vector<HealthCheck>(Lease&)>& fn) {
  const std::string& database = pool.database().name;
  Lease lease;
  try {
    lease = acquire_for_check(context, pool);
    return fn(lease);
  } catch (const Error& e) {
    if (lease && e.code() == ErrorCode::connection) lease.mark_broken();
    return {status_check(what, database, HealthStatus::unknown, std::nullopt,
                         redact_secrets(e.what(), pool.database().dsn))};
  } catch (const std::exception& e) {
    return {status_check(what, database, HealthStatus::unknown, std::nullopt,
                         redact_secrets(e.what(), pool.database().dsn))};
  }
}

Histogram::Snapshot histogram_window(const Histogram::Snapshot& now,
                                     const Histogram::Snapshot* before) {
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

void add_histogram(Histogram::Snapshot& total, const Histogram::Snapshot& part) {
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

double sum_counters(const MetricsRegistry& metrics, std::string_view name, const Labels& match) {
  double total = 0;
  for (const auto& sample : metrics.counter_values(name)) {
    const auto& labels = sample.first;
    const bool matches = std::all_of(match.begin(), match.end(), [&](const auto& kv) {
      const auto it = labels.find(kv.first);
      return it != labels.end() && it->second == kv.second;
    });
    if (matches) total += sample.second;
  }
  return total;
}

}  // namespace v5store::detail
