// PerformanceMonitor: per-statement statistics in 16 shards keyed by the SQL text's hash.
#include "v5store/performance.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>

#include "v5store/metrics.hpp"

namespace v5store {

namespace {

constexpr std::size_t kShards = 16;

struct Entry {
  explicit Entry(std::string db, std::string text)
      : database(std::move(db)), sql(std::move(text)),
        durations(Histogram::default_seconds_buckets()) {}
  std::string database;
  std::string sql;
  std::uint64_t count = 0;
  std::uint64_t errors = 0;
  std::uint64_t rows = 0;
  double total = 0;
  double max = 0;
  Histogram durations;
};

struct Shard {
  std::mutex mutex;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Entry>, std::less<>> entries;
};

StatementStats to_stats(const Entry& e) {
  StatementStats s;
  s.database = e.database;
  s.sql = e.sql;
  s.count = e.count;
  s.errors = e.errors;
  s.rows = e.rows;
  s.total_seconds = e.total;
  s.max_seconds = e.max;
  const auto snap = e.durations.snapshot();
  s.p50_seconds = std::min(snap.quantile(0.50), e.max);
  s.p95_seconds = std::min(snap.quantile(0.95), e.max);
  s.p99_seconds = std::min(snap.quantile(0.99), e.max);
  return s;
}

}  // namespace

struct PerformanceMonitor::Impl {
  explicit Impl(std::size_t max) : max_statements(max) {}
  std::size_t max_statements;
  std::atomic<std::size_t> tracked{0};
  std::array<Shard, kShards> shards;
};

PerformanceMonitor::PerformanceMonitor(std::size_t max_statements)
    : impl_(std::make_unique<Impl>(max_statements)) {}
PerformanceMonitor::~PerformanceMonitor() = default;

void PerformanceMonitor::record(std::string_view database, std::string_view sql,
                                std::chrono::nanoseconds elapsed, std::uint64_t rows,
                                bool failed) noexcept {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  auto& shard = impl_->shards[std::hash<std::string_view>{}(sql) % kShards];
  try {
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(std::make_pair(std::string(database), std::string(sql)));
    if (it == shard.entries.end()) {
      if (impl_->tracked.load() >= impl_->max_statements) return;
      ++impl_->tracked;
      it = shard.entries
               .emplace(std::make_pair(std::string(database), std::string(sql)),
                        std::make_unique<Entry>(std::string(database), std::string(sql)))
               .first;
    }
    Entry& e = *it->second;
    ++e.count;
    if (failed) ++e.errors;
    e.rows += rows;
    e.total += seconds;
    e.max = std::max(e.max, seconds);
    e.durations.observe(seconds);
  } catch (...) {
    // Out of memory: the sample is dropped, the caller's query is unaffected.
  }
}

std::vector<StatementStats> PerformanceMonitor::statements() const {
  std::vector<StatementStats> out;
  for (auto& shard : impl_->shards) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, entry] : shard.entries) out.push_back(to_stats(*entry));
  }
  return out;
}

std::vector<StatementStats> PerformanceMonitor::slowest(std::size_t n) const {
  auto all = statements();
  std::sort(all.begin(), all.end(), [](const StatementStats& a, const StatementStats& b) {
    if (a.p95_seconds != b.p95_seconds) return a.p95_seconds > b.p95_seconds;
    return a.total_seconds > b.total_seconds;
  });
  if (all.size() > n) all.resize(n);
  return all;
}

void PerformanceMonitor::reset() {
  for (auto& shard : impl_->shards) {
    std::lock_guard lock(shard.mutex);
    impl_->tracked -= shard.entries.size();
    shard.entries.clear();
  }
}

}  // namespace v5store
