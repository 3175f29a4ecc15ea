// ConnectionPool maintenance: idle eviction, lifetimes, keepalive, leak detection, refill and
// the open circuit's probes. Runs on the pool's timer and from run_maintenance().
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "pool/clock.hpp"
#include "pool/pool_impl.hpp"
#include "v5store/error.hpp"
#include "v5store/logger.hpp"

namespace v5store {
namespace {

using detail::Slot;
using detail::SlotState;
using Clock = std::chrono::steady_clock;

// The timer fires at least this often, and at most this often.
constexpr std::chrono::milliseconds kMaxInterval{1000};
constexpr std::chrono::milliseconds kMinInterval{10};

struct LeakReport {
  std::string tag;
  std::chrono::milliseconds held;
};

}  // namespace

std::chrono::milliseconds ConnectionPool::Impl::maintenance_interval() const noexcept {
  Millis interval = kMaxInterval;
  if (leak_threshold.count() > 0) interval = std::min(interval, leak_threshold / 2);
  interval = std::min(interval, Millis(database.pool.reconnect_backoff_ms));
  return std::max(interval, kMinInterval);
}

void ConnectionPool::Impl::maintain() noexcept {
  std::lock_guard lock(maintenance_mutex);
  maintenance_passes.fetch_add(1, std::memory_order_relaxed);
  const auto now = detail::coarse_now();
  maintain_idle(now);
  detect_leaks(now);
  refill(now);
  publish_fast_acquires();
}

void ConnectionPool::Impl::publish_fast_acquires() noexcept {
  std::uint64_t fresh = 0;
  for (int i = 0; i < capacity; ++i) {
    Slot& slot = slots[i];
    const std::uint64_t count = slot.fast_acquires.load(std::memory_order_relaxed);
    fresh += count - slot.fast_acquires_published;
    slot.fast_acquires_published = count;
  }
  metrics.observe_fast_acquires(fresh);
}

void ConnectionPool::Impl::maintain_idle(Clock::time_point now) noexcept {
  const std::uint64_t current = generation.load(std::memory_order_relaxed);
  for (int i = 0; i < capacity; ++i) {
    Slot& slot = slots[i];
    SlotState expected = SlotState::idle;
    if (!slot.state.compare_exchange_strong(expected, SlotState::busy,
                                            std::memory_order_acquire)) {
      continue;
    }
    Connection& connection = *slot.connection;
    if (connection.generation != current || now >= connection.expires_at) {
      close_slot(slot, true);
      continue;
    }
    const auto idle_for = now - connection.last_used;
    if (idle_timeout > Clock::duration::zero() && idle_for > idle_timeout &&
        open_connections.load(std::memory_order_relaxed) > min_idle) {
      close_slot(slot, false);
      continue;
    }
    if (keepalive > Clock::duration::zero() && idle_for > keepalive &&
        now - slot.last_keepalive > keepalive) {
      slot.last_keepalive = now;
      const auto last_used = connection.last_used;
      if (!validate(connection)) {
        distrust_idle();
        close_slot(slot, true);
        continue;
      }
      connection.last_used = last_used;  // a keepalive does not reset the idle timeout
    }
    make_idle(slot);
  }
}

void ConnectionPool::Impl::detect_leaks(Clock::time_point now) noexcept {
  if (leak_threshold.count() <= 0) return;
  std::vector<LeakReport> reports;
  for (int i = 0; i < capacity; ++i) {
    Slot& slot = slots[i];
    const std::int64_t leased_at = slot.leased_at.load(std::memory_order_acquire);
    if (leased_at == 0 || slot.leak_reported_for.load(std::memory_order_relaxed) == leased_at) {
      continue;
    }
    const auto held = now - Clock::time_point(Clock::duration(leased_at));
    if (held <= leak_threshold) continue;
    // leased -> inspected keeps the lessee from returning (and the next borrower from
    // rewriting the tag) while the tag is copied; a lease that ended meanwhile is skipped.
    SlotState expected = SlotState::leased;
    if (!slot.state.compare_exchange_strong(expected, SlotState::inspected,
                                            std::memory_order_acquire,
                                            std::memory_order_relaxed)) {
      continue;
    }
    const bool same_lease = slot.leased_at.load(std::memory_order_relaxed) == leased_at;
    LeakReport report{{}, std::chrono::duration_cast<Millis>(held)};
    if (same_lease) {
      try {
        report.tag = slot.connection->lease_tag;
      } catch (...) {
        report.tag = "?";
      }
    }
    slot.state.store(SlotState::leased, std::memory_order_release);
    if (!same_lease) continue;
    slot.leak_reported_for.store(leased_at, std::memory_order_relaxed);
    leaks.fetch_add(1, std::memory_order_relaxed);
    try {
      reports.push_back(std::move(report));
    } catch (...) {
      return;
    }
  }
  if (reports.empty()) return;
  LeakCallback callback;
  {
    std::lock_guard lock(leak_mutex);
    callback = leak_callback;
  }
  for (const LeakReport& report : reports) {
    try {
      log(LogLevel::warning, "leak", "possible connection leak",
          {{"database", database.name}, {"lease", report.tag},
           {"held_ms", std::to_string(report.held.count())},
           {"leak_detection_ms", std::to_string(leak_threshold.count())}});
      if (callback) callback(report.tag, report.held);
    } catch (...) {
      // A failing callback must not stop maintenance; the leak is counted in the stats.
    }
  }
}

void ConnectionPool::Impl::refill(Clock::time_point now) noexcept {
  // While the circuit is open one probe connection is opened when the cooldown allows, so
  // the pool recovers even when nobody calls acquire().
  const bool circuit_open = breaker.is_open();
  const int wanted = circuit_open ? std::max(min_idle, 1) : min_idle;
  while (open_connections.load(std::memory_order_relaxed) < wanted) {
    if (circuit_open) {
      if (!breaker.allow_attempt(now)) return;
    } else if (now < next_refill_at) {
      return;
    }
    Slot* slot = reserve_empty();
    if (slot == nullptr) {
      if (circuit_open) breaker.abandon_probe();
      return;
    }
    try {
      connect_into(*slot);
    } catch (...) {
      next_refill_at = now + refill_backoff.delay(refill_failures++);
      return;
    }
    refill_failures = 0;
    if (circuit_open) {
      distrust_idle();
      notify_all();
    }
    make_idle(*slot);
    if (circuit_open) return;
  }
}

}  // namespace v5store
