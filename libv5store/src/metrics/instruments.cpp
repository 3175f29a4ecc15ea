// Counter, Gauge and Histogram: the lock-free instruments updated on the hot path.
#include "v5store/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace v5store {

namespace {

// Adds to an atomic double with a relaxed compare-exchange loop (one uncontended CAS).
void atomic_add(std::atomic<double>& target, double amount) noexcept {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + amount, std::memory_order_relaxed,
                                       std::memory_order_relaxed)) {
  }
}

}  // namespace

void Counter::inc(double amount) noexcept {
  if (amount > 0) atomic_add(value_, amount);
}

double Counter::value() const noexcept { return value_.load(std::memory_order_relaxed); }

void Gauge::inc(double amount) noexcept { atomic_add(value_, amount); }

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  bounds_.erase(std::remove_if(bounds_.begin(), bounds_.end(),
                               [](double b) { return std::isnan(b) || std::isinf(b); }),
                bounds_.end());
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
  counts_ = std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1);
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double value) noexcept {
  // Buckets are few (about 16): a linear scan beats a binary search at this size.
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  atomic_add(sum_, value);
}

void Histogram::observe(double value, std::uint64_t count) noexcept {
  if (count == 0) return;
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(count, std::memory_order_relaxed);
  if (value != 0) atomic_add(sum_, value * static_cast<double>(count));
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.upper_bounds = bounds_;
  s.cumulative_counts.resize(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative_counts[i] = running;
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

double Histogram::Snapshot::quantile(double q) const {
  if (count == 0 || cumulative_counts.empty()) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  const double rank = q * static_cast<double>(count);
  std::size_t i = 0;
  while (i < cumulative_counts.size() && static_cast<double>(cumulative_counts[i]) < rank) ++i;
  if (i >= upper_bounds.size()) {
    // In the +Inf bucket: the best estimate is the largest finite bound (as Prometheus does).
    return upper_bounds.empty() ? 0.0 : upper_bounds.back();
  }
  const double upper = upper_bounds[i];
  const double lower = i == 0 ? std::min(0.0, upper) : upper_bounds[i - 1];
  const double below = i == 0 ? 0.0 : static_cast<double>(cumulative_counts[i - 1]);
  const double in_bucket = static_cast<double>(cumulative_counts[i]) - below;
  if (in_bucket <= 0) return upper;
  return lower + (upper - lower) * ((rank - below) / in_bucket);
}

std::vector<double> Histogram::default_seconds_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1.0,    2.5,   5.0,   10.0};
}

}  // namespace v5store
