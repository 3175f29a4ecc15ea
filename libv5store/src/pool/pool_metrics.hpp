// PoolMetrics: the metrics one pool publishes to a MetricsRegistry.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"

namespace v5store::detail {

// Registers, labelled {database=<name>}: v5store_pool_acquire_seconds (histogram),
// v5store_pool_timeouts_total, v5store_pool_connections_created_total,
// v5store_transactions_total{outcome} (counters) and the gauge callbacks
// v5store_pool_connections{state=active|idle|pending} and v5store_pool_max_connections.
// With a null registry every member is a no-op. The destructor removes the gauge callbacks.
// Thread-safe.
class PoolMetrics {
 public:
  PoolMetrics(MetricsRegistry* registry, const std::string& database);
  ~PoolMetrics();
  PoolMetrics(const PoolMetrics&) = delete;
  PoolMetrics& operator=(const PoolMetrics&) = delete;

  // Adds the gauge callbacks; `read` must stay callable until this object is destroyed.
  void add_gauges(std::function<PoolStats()> read);

  bool enabled() const noexcept { return registry_ != nullptr; }
  void observe_acquire(std::chrono::steady_clock::duration latency) noexcept;
  // Records `count` acquires served without a check, each as 0 s.
  void observe_fast_acquires(std::uint64_t count) noexcept;
  void count_timeout() noexcept;
  void count_created() noexcept;
  void count_transaction(TransactionOutcome outcome) noexcept;

 private:
  MetricsRegistry* registry_;
  Labels labels_;
  Histogram* acquire_seconds_ = nullptr;
  Counter* timeouts_ = nullptr;
  Counter* created_ = nullptr;
  std::array<Counter*, 4> transactions_{};
  bool gauges_added_ = false;
};

}  // namespace v5store::detail
