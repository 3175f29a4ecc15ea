// StatementProbe: the per-statement statistics a prepared statement feeds on every execution,
// without a lock. A probe belongs to one prepared statement at a time (claim/release), and a
// prepared statement is used by one thread at a time (its connection's lessee), so every
// counter has a single writer: an update is a relaxed load and store, no read-modify-write
// instruction, no lock. PerformanceMonitor owns the probes and sums them when it is read.
//
// Every execution is counted (count, errors, rows); its duration is measured for the first
// kAlwaysTimed executions and then for one in kSampleEvery: a steady_clock read costs about
// 60 ns on a virtual machine, two per execution would be several percent of a point select.
// Percentiles come from the timed executions; the total time is scaled up from them.
#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace v5store {
class PerformanceMonitor;
}

namespace v5store::detail {

// Durations in nanoseconds, four buckets per power of two (relative error under 19%), from
// 0 ns to 2^42 ns (73 min); longer ones fall into the last bucket.
struct DurationBuckets {
  static constexpr int kSubBits = 2;
  static constexpr int kMaxExponent = 41;
  static constexpr std::size_t kCount = 4 + (kMaxExponent - 1) * 4;

  static std::size_t index(std::uint64_t ns) noexcept {
    if (ns < 4) return static_cast<std::size_t>(ns);
    int exponent = std::bit_width(ns) - 1;  // >= 2
    if (exponent > kMaxExponent) return kCount - 1;
    const auto sub = static_cast<std::size_t>((ns >> (exponent - kSubBits)) & 3u);
    return 4 + static_cast<std::size_t>(exponent - 2) * 4 + sub;
  }
  // The range [lower, upper) of bucket i, in nanoseconds.
  static double lower(std::size_t i) noexcept {
    if (i < 4) return static_cast<double>(i);
    const auto exponent = static_cast<int>((i - 4) / 4) + 2;
    return static_cast<double>((4u + (i - 4) % 4) << (exponent - kSubBits));
  }
  static double upper(std::size_t i) noexcept {
    if (i < 4) return static_cast<double>(i + 1);
    const auto exponent = static_cast<int>((i - 4) / 4) + 2;
    return static_cast<double>((5u + (i - 4) % 4) << (exponent - kSubBits));
  }
};

// Plain totals of one statement: what a probe holds and what the monitor sums.
struct StatementTotals {
  std::uint64_t count = 0;
  std::uint64_t timed = 0;  // executions whose duration was measured (in total_ns, buckets)
  std::uint64_t errors = 0;
  std::uint64_t rows = 0;
  std::uint64_t total_ns = 0;
  std::uint64_t max_ns = 0;
  std::array<std::uint64_t, DurationBuckets::kCount> buckets{};

  void add(std::uint64_t ns, std::uint64_t row_count, bool failed) noexcept;
  // total_ns scaled from the timed executions to all of them.
  double estimated_total_ns() const noexcept;
  StatementTotals& operator+=(const StatementTotals& other) noexcept;
  StatementTotals& operator-=(const StatementTotals& other) noexcept;  // max_ns is kept
  // The q-quantile in nanoseconds, interpolated inside its bucket, at most max_ns.
  double quantile_ns(double q) const noexcept;
};

class StatementProbe {
 public:
  static constexpr std::uint64_t kAlwaysTimed = 64;
  static constexpr std::uint64_t kSampleEvery = 16;  // a power of two

  // Whether the next execution is to be timed. Single writer.
  bool time_next() const noexcept {
    const std::uint64_t n = count_.load(std::memory_order_relaxed);
    return n < kAlwaysTimed || (n & (kSampleEvery - 1)) == 0;
  }

  // Records one timed execution. Single writer (see the file comment). Never throws.
  void record(std::chrono::nanoseconds elapsed, std::uint64_t row_count, bool failed) noexcept {
    const auto ns = static_cast<std::uint64_t>(elapsed.count() < 0 ? 0 : elapsed.count());
    count(row_count, failed);
    bump(timed_, 1);
    bump(total_ns_, ns);
    if (ns > max_ns_.load(std::memory_order_relaxed)) max_ns_.store(ns, std::memory_order_relaxed);
    bump(buckets_[DurationBuckets::index(ns)], 1);
  }

  // Records one execution that was not timed. Single writer. Never throws.
  void count(std::uint64_t row_count, bool failed) noexcept {
    bump(count_, 1);
    if (failed) bump(errors_, 1);
    if (row_count != 0) bump(rows_, row_count);
  }

  // Adds rows to the last execution (affected rows, known after it ran). Single writer.
  void add_rows(std::uint64_t row_count) noexcept { bump(rows_, row_count); }

  // The counters as they are now (each read atomically; readers run concurrently with the
  // writer, so a total may lag its count by the execution being recorded).
  StatementTotals totals() const noexcept;

  // Ownership by one prepared statement: claim() succeeds for one caller until release().
  bool claim() noexcept {
    bool expected = false;
    return in_use_.compare_exchange_strong(expected, true, std::memory_order_acq_rel);
  }
  void release() noexcept { in_use_.store(false, std::memory_order_release); }

 private:
  static void bump(std::atomic<std::uint64_t>& counter, std::uint64_t n) noexcept {
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> timed_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> rows_{0};
  std::atomic<std::uint64_t> total_ns_{0};
  std::atomic<std::uint64_t> max_ns_{0};
  std::array<std::atomic<std::uint64_t>, DurationBuckets::kCount> buckets_{};
  std::atomic<bool> in_use_{false};
};

// Where the connections of one pool get their probes: the store's PerformanceMonitor and the
// database name. A default-constructed source hands out none (monitoring off).
struct ProbeSource {
  PerformanceMonitor* monitor = nullptr;
  std::string database;

  // A probe claimed for `sql`, or nullptr when there is no monitor or it tracks no more
  // statements. The caller releases it (StatementProbe::release) when the statement goes.
  StatementProbe* attach(std::string_view sql) const noexcept;
};

// Counts one execution of a prepared statement into its probe (no-op without one), timing it
// when the probe asks for it: the elapsed time, the value of `rows` (the statement's row count)
// at the end, and whether it failed: an execution that ends without succeed() (by an
// exception) is counted as an error. An explicit mark rather than std::uncaught_exceptions():
// the two calls that would take cost about 50 instructions, as much as the rest of the probe.
class ProbeTimer {
 public:
  ProbeTimer(StatementProbe* probe, const std::size_t& rows) noexcept : probe_(probe), rows_(rows) {
    if (probe_ != nullptr && probe_->time_next()) {
      timed_ = true;
      start_ = std::chrono::steady_clock::now();
    }
  }
  // Marks the execution as successful: the last step of every successful execution.
  void succeed() noexcept { failed_ = false; }
  ~ProbeTimer() {
    if (probe_ == nullptr) return;
    const auto row_count = static_cast<std::uint64_t>(rows_);
    if (timed_) {
      probe_->record(std::chrono::steady_clock::now() - start_, row_count, failed_);
    } else {
      probe_->count(row_count, failed_);
    }
  }
  ProbeTimer(const ProbeTimer&) = delete;
  ProbeTimer& operator=(const ProbeTimer&) = delete;

 private:
  StatementProbe* probe_;
  const std::size_t& rows_;
  bool failed_ = true;
  bool timed_ = false;
  std::chrono::steady_clock::time_point start_{};
};

}  // namespace v5store::detail
