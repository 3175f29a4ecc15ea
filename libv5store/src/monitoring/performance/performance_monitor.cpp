// PerformanceMonitor: per-statement statistics in 16 shards keyed by the SQL text's hash. Each
// statement's entry sums what record() added (under its shard's lock) and what the probes of
// its prepared statements counted (lock-free, one writer each; statement_probe.hpp).
#include "v5store/performance.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>

#include "statement_probe.hpp"

namespace v5store {

namespace detail {

void StatementTotals::add(std::uint64_t ns, std::uint64_t row_count, bool failed) noexcept {
  ++count;
  ++timed;
  if (failed) ++errors;
  rows += row_count;
  total_ns += ns;
  max_ns = std::max(max_ns, ns);
  ++buckets[DurationBuckets::index(ns)];
}

double StatementTotals::estimated_total_ns() const noexcept {
  if (timed == 0) return 0;
  return static_cast<double>(total_ns) * (static_cast<double>(count) / static_cast<double>(timed));
}

StatementTotals& StatementTotals::operator+=(const StatementTotals& other) noexcept {
  count += other.count;
  timed += other.timed;
  errors += other.errors;
  rows += other.rows;
  total_ns += other.total_ns;
  max_ns = std::max(max_ns, other.max_ns);
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  return *this;
}

StatementTotals& StatementTotals::operator-=(const StatementTotals& other) noexcept {
  const auto minus = [](std::uint64_t a, std::uint64_t b) { return a > b ? a - b : 0; };
  count = minus(count, other.count);
  timed = minus(timed, other.timed);
  errors = minus(errors, other.errors);
  rows = minus(rows, other.rows);
  total_ns = minus(total_ns, other.total_ns);
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] = minus(buckets[i], other.buckets[i]);
  return *this;
}

double StatementTotals::quantile_ns(double q) const noexcept {
  std::uint64_t observed = 0;
  for (const auto n : buckets) observed += n;
  if (observed == 0) return 0;
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(observed);
  double seen = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i] == 0) continue;
    const double in_bucket = static_cast<double>(buckets[i]);
    if (seen + in_bucket >= rank) {
      const double lower = DurationBuckets::lower(i);
      const double upper = DurationBuckets::upper(i);
      const double at = lower + (upper - lower) * ((rank - seen) / in_bucket);
      return std::min(at, static_cast<double>(max_ns));
    }
    seen += in_bucket;
  }
  return static_cast<double>(max_ns);
}

StatementTotals StatementProbe::totals() const noexcept {
  StatementTotals t;
  t.count = count_.load(std::memory_order_relaxed);
  t.timed = timed_.load(std::memory_order_relaxed);
  t.errors = errors_.load(std::memory_order_relaxed);
  t.rows = rows_.load(std::memory_order_relaxed);
  t.total_ns = total_ns_.load(std::memory_order_relaxed);
  t.max_ns = max_ns_.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < t.buckets.size(); ++i) {
    t.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
  }
  return t;
}

}  // namespace detail

namespace {

constexpr std::size_t kShards = 16;

struct Entry {
  Entry(std::string db, std::string text) : database(std::move(db)), sql(std::move(text)) {}
  std::string database;
  std::string sql;
  detail::StatementTotals recorded;  // record() calls; guarded by the shard's mutex
  // Probes of the prepared statements of this SQL (at most one per connection at a time);
  // the vector is guarded by the shard's mutex, the counters are the probes' own.
  std::vector<std::unique_ptr<detail::StatementProbe>> probes;
  // What the probes held at the last reset(), subtracted when read; same order as probes.
  std::vector<detail::StatementTotals> baselines;
  std::uint64_t max_since_reset_ns = 0;  // probes' max before a reset is not reported
  bool reset_seen = false;

  detail::StatementTotals totals() const {
    detail::StatementTotals sum = recorded;
    std::uint64_t probe_max = 0;
    for (std::size_t i = 0; i < probes.size(); ++i) {
      detail::StatementTotals t = probes[i]->totals();
      probe_max = std::max(probe_max, t.max_ns);
      t -= baselines[i];
      t.max_ns = 0;
      sum += t;
    }
    // After a reset the probes' lifetime maximum may predate it: report it only when it grew.
    if (!reset_seen || probe_max > max_since_reset_ns) sum.max_ns = std::max(sum.max_ns, probe_max);
    return sum;
  }
};

using EntryKey = std::pair<std::string, std::string>;  // database, sql

struct Shard {
  std::mutex mutex;
  std::map<EntryKey, std::unique_ptr<Entry>, std::less<>> entries;
};

StatementStats to_stats(const Entry& e, const detail::StatementTotals& t) {
  constexpr double kSeconds = 1e-9;
  StatementStats s;
  s.database = e.database;
  s.sql = e.sql;
  s.count = t.count;
  s.errors = t.errors;
  s.rows = t.rows;
  s.total_seconds = t.estimated_total_ns() * kSeconds;
  s.max_seconds = static_cast<double>(t.max_ns) * kSeconds;
  s.p50_seconds = t.quantile_ns(0.50) * kSeconds;
  s.p95_seconds = t.quantile_ns(0.95) * kSeconds;
  s.p99_seconds = t.quantile_ns(0.99) * kSeconds;
  return s;
}

}  // namespace

struct PerformanceMonitor::Impl {
  explicit Impl(std::size_t max) : max_statements(max) {}

  Shard& shard_of(std::string_view sql) {
    return shards[std::hash<std::string_view>{}(sql) % kShards];
  }

  // The entry of (database, sql), created when there is room; nullptr otherwise. Requires
  // the shard's lock.
  Entry* entry(Shard& shard, std::string_view database, std::string_view sql) {
    auto key = std::make_pair(std::string(database), std::string(sql));
    auto it = shard.entries.find(key);
    if (it != shard.entries.end()) return it->second.get();
    if (tracked.load() >= max_statements) return nullptr;
    ++tracked;
    auto entry = std::make_unique<Entry>(key.first, key.second);
    return shard.entries.emplace(std::move(key), std::move(entry)).first->second.get();
  }

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
  const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(elapsed.count(), 0));
  auto& shard = impl_->shard_of(sql);
  try {
    std::lock_guard lock(shard.mutex);
    if (Entry* e = impl_->entry(shard, database, sql)) e->recorded.add(ns, rows, failed);
  } catch (...) {
    // Out of memory: the sample is dropped, the caller's query is unaffected.
  }
}

detail::StatementProbe* PerformanceMonitor::attach_probe(std::string_view database,
                                                         std::string_view sql) noexcept {
  auto& shard = impl_->shard_of(sql);
  try {
    std::lock_guard lock(shard.mutex);
    Entry* e = impl_->entry(shard, database, sql);
    if (e == nullptr) return nullptr;
    for (auto& probe : e->probes) {
      if (probe->claim()) return probe.get();
    }
    e->probes.push_back(std::make_unique<detail::StatementProbe>());
    e->baselines.emplace_back();
    e->probes.back()->claim();
    return e->probes.back().get();
  } catch (...) {
    return nullptr;  // out of memory: this statement goes unobserved
  }
}

std::vector<StatementStats> PerformanceMonitor::statements() const {
  std::vector<StatementStats> out;
  for (auto& shard : impl_->shards) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, entry] : shard.entries) {
      const auto totals = entry->totals();
      if (totals.count == 0) continue;  // only prepared, or not run since reset()
      out.push_back(to_stats(*entry, totals));
    }
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
    for (auto it = shard.entries.begin(); it != shard.entries.end();) {
      Entry& e = *it->second;
      if (e.probes.empty()) {
        it = shard.entries.erase(it);
        --impl_->tracked;
        continue;
      }
      // Probes stay (prepared statements hold them); their counts so far become the baseline.
      e.recorded = {};
      e.reset_seen = true;
      e.max_since_reset_ns = 0;
      for (std::size_t i = 0; i < e.probes.size(); ++i) {
        e.baselines[i] = e.probes[i]->totals();
        e.max_since_reset_ns = std::max(e.max_since_reset_ns, e.baselines[i].max_ns);
      }
      ++it;
    }
  }
}

namespace detail {

StatementProbe* ProbeSource::attach(std::string_view sql) const noexcept {
  return monitor == nullptr ? nullptr : monitor->attach_probe(database, sql);
}

}  // namespace detail

}  // namespace v5store
