// Health monitor: eight categories checked on their own intervals, each result carrying the
// measured value and the threshold it was held against (docs/monitoring.md).
//
// Example:
//   v5store::HealthReport report = store.health().check_all();
//   if (!report.ready()) std::cerr << report.to_text();
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/spec.hpp"

namespace v5store {

class AlertManager;
class ConnectionPool;
class MetricsRegistry;
class PerformanceMonitor;

// Status of a check, a category or the whole report. The numeric values are those of the
// v5store_health_status gauge: 0 healthy, 1 warning, 2 critical, 3 unknown.
enum class HealthStatus { healthy = 0, warning = 1, critical = 2, unknown = 3 };

// "healthy", "warning", "critical" or "unknown". Thread-safe.
std::string_view to_string(HealthStatus status) noexcept;

// The worse of two statuses: critical > warning > unknown > healthy.
HealthStatus worse(HealthStatus a, HealthStatus b) noexcept;

// The eight health categories the monitor checks (docs/monitoring.md).
enum class HealthCategory {
  connectivity,
  pool,
  query_performance,
  schema_integrity,
  transactions,
  storage,
  backup,
  security,
};

// "connectivity", "pool", "query_performance", ... Thread-safe.
std::string_view to_string(HealthCategory category) noexcept;

// Parses a category name; nullopt for an unknown one. Thread-safe.
std::optional<HealthCategory> parse_health_category(std::string_view name) noexcept;

// Every category, in declaration order.
const std::array<HealthCategory, 8>& all_health_categories() noexcept;

// One measurement: what was measured, its value and the thresholds it was held against.
struct HealthCheck {
  std::string name;      // "round_trip_seconds", "utilisation", "p95_seconds", ...
  std::string database;  // the database it concerns; empty when none
  HealthStatus status = HealthStatus::unknown;
  std::optional<double> value;               // nullopt when it could not be measured
  std::optional<double> warning_threshold;   // value at or past which it is a warning
  std::optional<double> critical_threshold;  // value at or past which it is critical
  std::string message;                       // human-readable, never contains a password
};

// The result of one category check.
struct CategoryResult {
  HealthCategory category = HealthCategory::connectivity;
  HealthStatus status = HealthStatus::unknown;  // the worst of its checks
  std::vector<HealthCheck> checks;
  std::string message;
  std::chrono::system_clock::time_point checked_at{};
  std::chrono::milliseconds duration{0};
};

// Every category's latest result and the overall status.
struct HealthReport {
  // The worst category; unknown until every category was checked once (unless one is
  // already critical).
  HealthStatus overall = HealthStatus::unknown;
  std::vector<CategoryResult> categories;
  // False until every category has been checked at least once (a monitor's first round).
  bool complete = true;

  // False while any category is critical or the first round of checks has not finished (what
  // /health/ready answers).
  bool ready() const noexcept;

  // The report as JSON: {"status", "categories": {name: {"status", "message", "checked_at",
  // "duration_ms", "checks": [{"name", "database", "status", "value", "warning", "critical",
  // "message"}]}}}. With details=false only {"status": ...}.
  std::string to_json(bool details = true) const;

  // A plain-text table for terminals (v5gen health).
  std::string to_text() const;
};

// Builds the overall status and the report from category results.
HealthReport make_report(std::vector<CategoryResult> categories);

// Options of the monitor beyond the spec's `monitoring` block.
struct HealthMonitorOptions {
  MonitoringSpec monitoring;
  // Recovery: evict and reconnect with backoff, open and close the circuit breaker.
  bool recovery_enabled = true;
  // Upper bound of the reconnect backoff (starts at the connectivity interval, doubles).
  std::chrono::milliseconds max_reconnect_backoff{1000};
  // Cancel the store's own sessions whose transaction runs longer than this; 0: never.
  std::chrono::milliseconds cancel_transactions_after{0};
  // Scheduled SQLite online backups into this directory; empty: none.
  std::string backup_dir;
  std::chrono::seconds backup_interval{0};
};

// Where the monitor looks: the pools of the store (one per database) and its metrics.
struct HealthSources {
  std::vector<ConnectionPool*> pools;
  MetricsRegistry* metrics = nullptr;          // reads the store's counters, sets the gauges
  AlertManager* alerts = nullptr;              // optional: receives the alerts
  PerformanceMonitor* performance = nullptr;   // optional: per-statement statistics
  int declared_schema_version = 0;             // the spec's system.version; 0: not known
  // Optional: schema_integrity compares each database with the entities this spec declares
  // for it (check_drift); without it drift is reported unknown. Must outlive the monitor.
  const SystemSpec* spec = nullptr;
};

// Runs every category on its own interval in background threads, keeps the latest result,
// publishes v5store_health_status{category}, raises alerts and runs recovery actions.
// Thread-safe: every member may be called concurrently.
class HealthMonitor {
 public:
  // Creates a stopped monitor. The pools and registry must outlive it. Throws Error(config)
  // for an unknown category name in options.monitoring.categories.
  HealthMonitor(HealthMonitorOptions options, HealthSources sources);
  // Stops the monitor (joins its threads).
  ~HealthMonitor();
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;

  // Starts the background checks. Idempotent.
  void start();

  // Stops the background checks and waits for running ones. Idempotent, never throws.
  void stop() noexcept;

  // The latest result of every category; a check that runs past its timeout is reported
  // critical; a category not yet checked is unknown. Never touches a database.
  HealthReport report() const;

  // Runs one category now (synchronously) and records the result.
  CategoryResult check(HealthCategory category);

  // Runs every category now (synchronously) and returns the report (v5gen health).
  HealthReport check_all();

  // The options in force for a category after defaults were applied.
  HealthCategoryOptions options_for(HealthCategory category) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Copies the SQLite database behind `pool` into `destination` with the SQLite online backup
// API while the store keeps running, and records it for the backup category. Throws
// Error(config) when the pool is not SQLite, Error(connection) or Error(unknown) on failure.
// Thread-safe.
void sqlite_online_backup(ConnectionPool& pool, const std::string& destination);

}  // namespace v5store
