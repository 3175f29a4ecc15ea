#include "pool/pool_metrics.hpp"

namespace v5store::detail {
namespace {

constexpr const char* kStates[] = {"active", "idle", "pending"};
constexpr const char* kOutcomes[] = {"commit", "rollback", "retry", "failed"};

Labels with(Labels labels, const char* key, const char* value) {
  labels.emplace(key, value);
  return labels;
}

}  // namespace

PoolMetrics::PoolMetrics(MetricsRegistry* registry, const std::string& database)
    : registry_(registry), labels_{{"database", database}} {
  if (registry_ == nullptr) return;
  using namespace metric_names;
  acquire_seconds_ = &registry_->histogram(
      kPoolAcquireSeconds, "Time to borrow a pooled connection", labels_);
  timeouts_ = &registry_->counter(kPoolTimeoutsTotal,
                                  "Acquires that failed with pool_timeout", labels_);
  created_ = &registry_->counter(kPoolConnectionsCreatedTotal,
                                 "Connections opened by the pool", labels_);
  for (std::size_t i = 0; i < transactions_.size(); ++i) {
    transactions_[i] = &registry_->counter(kTransactionsTotal, "Transactions by outcome",
                                           with(labels_, "outcome", kOutcomes[i]));
  }
}

PoolMetrics::~PoolMetrics() {
  if (!gauges_added_) return;
  for (const char* state : kStates) {
    registry_->remove_callbacks(metric_names::kPoolConnections, with(labels_, "state", state));
  }
  registry_->remove_callbacks(metric_names::kPoolMaxConnections, labels_);
}

void PoolMetrics::add_gauges(std::function<PoolStats()> read) {
  if (registry_ == nullptr) return;
  using namespace metric_names;
  const char* help = "Pooled connections by state";
  registry_->gauge_callback(kPoolConnections, help, with(labels_, "state", "active"),
                            [read] { return static_cast<double>(read().active); });
  registry_->gauge_callback(kPoolConnections, help, with(labels_, "state", "idle"),
                            [read] { return static_cast<double>(read().idle); });
  registry_->gauge_callback(kPoolConnections, help, with(labels_, "state", "pending"),
                            [read] { return static_cast<double>(read().pending); });
  registry_->gauge_callback(kPoolMaxConnections, "Maximum size of the pool", labels_,
                            [read] { return static_cast<double>(read().max_size); });
  gauges_added_ = true;
}

void PoolMetrics::observe_acquire(std::chrono::steady_clock::duration latency) noexcept {
  if (acquire_seconds_ != nullptr) {
    acquire_seconds_->observe(std::chrono::duration<double>(latency).count());
  }
}

void PoolMetrics::observe_fast_acquires(std::uint64_t count) noexcept {
  if (acquire_seconds_ != nullptr) acquire_seconds_->observe(0.0, count);
}

void PoolMetrics::count_timeout() noexcept {
  if (timeouts_ != nullptr) timeouts_->inc();
}

void PoolMetrics::count_created() noexcept {
  if (created_ != nullptr) created_->inc();
}

void PoolMetrics::count_transaction(TransactionOutcome outcome) noexcept {
  Counter* counter = transactions_[static_cast<std::size_t>(outcome)];
  if (counter != nullptr) counter->inc();
}

}  // namespace v5store::detail
