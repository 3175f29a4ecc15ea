// Performance monitor and optimiser: per-statement statistics, the slowest statements, their
// EXPLAIN plans, index recommendations and a pool size recommendation (docs/monitoring.md).
//
// Example:
//   for (const v5store::StatementStats& s : store.performance().slowest(5)) { /* ... */ }
//   v5store::OptimizerReport advice = store.optimize();   // EXPLAIN plans, index advice
//   std::cout << advice.to_text();
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace v5store {

class ConnectionPool;

namespace detail {
class StatementProbe;  // lock-free counters of one prepared statement (private)
struct ProbeSource;
}  // namespace detail

// Statistics of one SQL text on one database.
struct StatementStats {
  std::string database;
  std::string sql;
  std::uint64_t count = 0;
  std::uint64_t errors = 0;
  std::uint64_t rows = 0;       // rows returned or affected, summed
  double total_seconds = 0;     // measured, or scaled from the sampled executions
  double max_seconds = 0;       // of the measured executions
  double p50_seconds = 0;       // estimated from a histogram of the statement's durations
  double p95_seconds = 0;
  double p99_seconds = 0;
};

// Collects per-statement statistics. A store with monitoring on (StoreOptions::monitoring)
// feeds it from every execution of a prepared statement of its pools (records, generated
// repositories, Connection::statement()) without a lock: each prepared statement counts into
// its own probe (relaxed atomics, one writer), and readers sum the probes. record() adds
// samples by hand; it takes one of 16 shard locks chosen by the SQL text's hash (never a
// global lock). SQL run directly on a soci::session (Lease::session()) is not seen.
// Every execution is counted; the durations of the first 64 executions of a prepared statement
// and then of one in 16 are measured (a clock read costs tens of nanoseconds), so the total
// time is scaled up from the measured ones. Durations are kept in a log-linear histogram (four
// buckets per power of two): the percentiles are estimates within 19%. Thread-safe.
class PerformanceMonitor {
 public:
  // Keeps at most `max_statements` distinct statements; further ones are not tracked.
  explicit PerformanceMonitor(std::size_t max_statements = 1000);
  ~PerformanceMonitor();
  PerformanceMonitor(const PerformanceMonitor&) = delete;
  PerformanceMonitor& operator=(const PerformanceMonitor&) = delete;

  // Records one execution of `sql` on `database`. Never throws.
  void record(std::string_view database, std::string_view sql, std::chrono::nanoseconds elapsed,
              std::uint64_t rows = 0, bool failed = false) noexcept;

  // Every tracked statement.
  std::vector<StatementStats> statements() const;

  // The `n` slowest statements by p95, then by total time.
  std::vector<StatementStats> slowest(std::size_t n) const;

  // Forgets every statement (statements still prepared keep their entry but count from zero).
  void reset();

 private:
  friend struct detail::ProbeSource;
  // A probe claimed for (database, sql); nullptr past max_statements. Never throws.
  detail::StatementProbe* attach_probe(std::string_view database, std::string_view sql) noexcept;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The plan of one slow statement and what it shows.
struct StatementPlan {
  StatementStats stats;
  std::string plan;                   // EXPLAIN output, one line per plan row; or the error
  std::vector<std::string> findings;  // "Seq Scan on orders with Filter (customer_id = $1)"
};

// An index that would turn a full scan into an index lookup.
struct IndexRecommendation {
  std::string database;
  std::string table;
  std::vector<std::string> columns;
  std::string reason;  // the plan line that shows the full scan
  std::string ddl;     // CREATE INDEX statement to review and apply through a migration
};

struct PoolSizeRecommendation {
  std::string database;
  int current_max = 0;
  int recommended = 0;
  std::string reason;
};

struct OptimizerReport {
  std::vector<StatementPlan> plans;
  std::vector<IndexRecommendation> indexes;
  std::vector<PoolSizeRecommendation> pools;

  // A readable summary for logs and terminals.
  std::string to_text() const;
};

// Options of the optimiser.
struct OptimizerOptions {
  std::size_t top_n = 10;                // how many slow statements to EXPLAIN
  double large_table_rows = 1000;        // PostgreSQL: a Seq Scan matters from this many rows
};

// Runs EXPLAIN on slow statements and recommends indexes (PostgreSQL Seq Scan with a filter on
// a large table, SQLite SCAN, MySQL type=ALL) and pool sizes. Read-only: it never creates an
// index. Thread-safe.
class Optimizer {
 public:
  // Explains the `top_n` slowest statements of `performance` on the pool of their database
  // (statements of databases without a pool are skipped) and sizes every pool from its stats.
  // A statement that cannot be explained carries the error in its plan text.
  static OptimizerReport analyse(const PerformanceMonitor& performance,
                                 const std::vector<ConnectionPool*>& pools,
                                 std::size_t top_n = 10);
  static OptimizerReport analyse(const PerformanceMonitor& performance,
                                 const std::vector<ConnectionPool*>& pools,
                                 const OptimizerOptions& options);

  // The EXPLAIN output of `sql` (with :name placeholders) on a connection of `pool`. Throws
  // the mapped Error when the statement cannot be explained.
  static std::string explain(ConnectionPool& pool, const std::string& sql);
};

}  // namespace v5store
