// Metrics: counters, gauges and histograms exported in the Prometheus text format 0.0.4.
//
// Example:
//   v5store::Counter& orders = store.metrics().counter("shop_orders_total", "Orders placed");
//   orders.inc();
//   std::string text = store.metrics().render_prometheus();   // what /metrics serves
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace v5store {

using Labels = std::map<std::string, std::string>;

// The metric names of v5store (docs/monitoring.md describes each one and its labels).
namespace metric_names {
inline constexpr const char* kPoolConnections = "v5store_pool_connections";  // database, state
inline constexpr const char* kPoolMaxConnections = "v5store_pool_max_connections";  // database
inline constexpr const char* kPoolAcquireSeconds = "v5store_pool_acquire_seconds";  // database
inline constexpr const char* kPoolTimeoutsTotal = "v5store_pool_timeouts_total";  // database
inline constexpr const char* kPoolConnectionsCreatedTotal =
    "v5store_pool_connections_created_total";  // database
inline constexpr const char* kQueryDurationSeconds =
    "v5store_query_duration_seconds";  // database, operation
inline constexpr const char* kQueriesTotal =
    "v5store_queries_total";  // database, operation, outcome
inline constexpr const char* kTransactionsTotal =
    "v5store_transactions_total";  // database, outcome=commit|rollback|retry|failed
inline constexpr const char* kCacheRequestsTotal =
    "v5store_cache_requests_total";  // component, result=hit|miss
inline constexpr const char* kSchemaVersion = "v5store_schema_version";  // database
inline constexpr const char* kHealthStatus = "v5store_health_status";    // category
inline constexpr const char* kBuildInfo = "v5store_build_info";          // version
}  // namespace metric_names

// A monotonically increasing counter. inc() is lock-free (one relaxed CAS); a negative or zero
// amount is ignored. Thread-safe.
class Counter {
 public:
  void inc(double amount = 1.0) noexcept;
  double value() const noexcept;

 private:
  std::atomic<double> value_{0.0};
};

// A value that goes up and down. Lock-free. Thread-safe.
class Gauge {
 public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void inc(double amount = 1.0) noexcept;
  void dec(double amount = 1.0) noexcept { inc(-amount); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// A histogram with fixed upper bounds (seconds for durations). observe() is lock-free.
// Thread-safe.
class Histogram {
 public:
  // Creates a histogram with these bucket upper bounds (sorted, duplicates and non-finite
  // values dropped; +Inf is implicit). Throws std::bad_alloc only.
  explicit Histogram(std::vector<double> upper_bounds);

  // Counts `value` into its bucket and adds it to the sum. Lock-free.
  void observe(double value) noexcept;

  // Counts `count` observations of `value` at once (for callers that count locally and publish
  // now and then). Lock-free.
  void observe(double value, std::uint64_t count) noexcept;

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative_counts;  // one per bound, then +Inf
    std::uint64_t count = 0;
    double sum = 0;
    // Estimates the q-quantile (0..1) by linear interpolation inside the bucket, as
    // Prometheus's histogram_quantile() does; 0 when empty, the largest bound for +Inf.
    double quantile(double q) const;
  };
  // A consistent-enough copy of the buckets (each bucket read atomically). Thread-safe.
  Snapshot snapshot() const;

  // Default duration buckets, 100 µs .. 10 s.
  static std::vector<double> default_seconds_buckets();

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1
  std::atomic<double> sum_{0.0};
};

// Owns every metric of a store. Registration takes a lock; the returned references stay valid
// for the registry's lifetime and are updated without locks. Thread-safe.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();

  // Returns the counter `name{labels}`, creating it on first use. `help` is kept from the first
  // registration of a name. Throws Error(config) if `name` is already another metric type.
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {},
                       std::vector<double> upper_bounds = Histogram::default_seconds_buckets());

  // A gauge whose value is read from `read` at scrape time (pool sizes and the like). `read`
  // runs on the scraping thread without the registry's lock; it must not call back into this
  // registry. Replaces an earlier callback with the same name and labels. Throws as gauge().
  void gauge_callback(std::string_view name, std::string_view help, const Labels& labels,
                      std::function<double()> read);

  // Removes the callback gauge registered with exactly these labels (a closed pool). Returns
  // once no scrape can still call it, so call it before destroying what `read` captures, and
  // never while holding a lock that `read` takes.
  void remove_callbacks(std::string_view name, const Labels& labels);

  // The current value of every counter named `name`, with its labels (the health monitor reads
  // the store's own counters this way). Empty for an unknown name. Thread-safe.
  std::vector<std::pair<Labels, double>> counter_values(std::string_view name) const;

  // A snapshot of every histogram named `name`, with its labels. Thread-safe.
  std::vector<std::pair<Labels, Histogram::Snapshot>> histogram_snapshots(
      std::string_view name) const;

  // Renders every metric in the Prometheus text exposition format 0.0.4: families sorted by
  // name, each with # HELP and # TYPE, label values escaped. A reader that throws drops its
  // sample from this scrape. Thread-safe against concurrent updates and registrations.
  std::string render_prometheus() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
