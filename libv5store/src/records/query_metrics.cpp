// QueryMetrics: the query histogram and counters of each record operation, looked up once.
#include "records/query_metrics.hpp"

namespace v5store::detail {
namespace {

constexpr std::array<const char*, kOperationCount> kOperationNames = {
    "insert", "get", "update", "remove", "find", "count", "query", "execute"};

}  // namespace

QueryMetrics::QueryMetrics(MetricsRegistry* registry, const std::string& database) {
  if (registry == nullptr) return;
  enabled_ = true;
  for (std::size_t i = 0; i < kOperationCount; ++i) {
    const std::string operation = kOperationNames[i];
    Instruments& instruments = instruments_[i];
    instruments.duration = &registry->histogram(
        metric_names::kQueryDurationSeconds, "Duration of store operations in seconds.",
        {{"database", database}, {"operation", operation}});
    instruments.success = &registry->counter(
        metric_names::kQueriesTotal, "Store operations by outcome.",
        {{"database", database}, {"operation", operation}, {"outcome", "success"}});
    instruments.error = &registry->counter(
        metric_names::kQueriesTotal, "Store operations by outcome.",
        {{"database", database}, {"operation", operation}, {"outcome", "error"}});
  }
}

QueryMetrics::Timer::Timer(const QueryMetrics& metrics, Operation operation) noexcept
    : metrics_(metrics), operation_(operation) {
  if (metrics_.enabled_) start_ = std::chrono::steady_clock::now();
}

QueryMetrics::Timer::~Timer() {
  if (!metrics_.enabled_) return;
  const Instruments& instruments = metrics_.instruments_[static_cast<std::size_t>(operation_)];
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  instruments.duration->observe(elapsed.count());
  (success_ ? instruments.success : instruments.error)->inc();
}

}  // namespace v5store::detail
