// Metrics: counters, gauges and histograms exported in the Prometheus text format 0.0.4.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace v5store {

using Labels = std::map<std::string, std::string>;

// A monotonically increasing counter. inc() is lock-free. Thread-safe.
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
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value) noexcept;

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<std::uint64_t> cumulative_counts;  // one per bound, then +Inf
    std::uint64_t count = 0;
    double sum = 0;
    // Estimates the q-quantile (0..1) by linear interpolation inside the bucket.
    double quantile(double q) const;
  };
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

  // A gauge whose value is read from `read` at scrape time (pool sizes and the like).
  void gauge_callback(std::string_view name, std::string_view help, const Labels& labels,
                      std::function<double()> read);

  // Removes the callback gauges registered with exactly these labels (a closed pool).
  void remove_callbacks(std::string_view name, const Labels& labels);

  // Renders every metric in the Prometheus text exposition format 0.0.4.
  std::string render_prometheus() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
