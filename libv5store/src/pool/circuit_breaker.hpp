// CircuitBreaker: fail fast while a database cannot be reached, probe it now and then.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>

#include "pool/backoff.hpp"

namespace v5store::detail {

// Closed: every connect attempt is allowed; `threshold` consecutive failures open it.
// Open: attempts are refused until a cooldown (exponential backoff with jitter, growing with
// each failed probe) has passed; then exactly one caller is let through as the half-open
// probe. The probe's success closes the circuit, its failure opens it again.
// Thread-safe: every member may be called concurrently.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;

  CircuitBreaker(int threshold, Backoff cooldown) noexcept;

  // True while open (including while a probe is in flight). Lock-free.
  bool is_open() const noexcept { return open_.load(std::memory_order_acquire); }

  // Asks to make a connect attempt. Closed: true. Open: true for exactly one caller once the
  // cooldown has passed (it must report the outcome), false otherwise.
  bool allow_attempt(Clock::time_point now);

  // The outcome of an allowed attempt. record_failure() returns true when this failure
  // opened the circuit (the pool then drops its idle connections).
  void record_success() noexcept;
  bool record_failure(Clock::time_point now);

  // Gives the probe slot back without an outcome (the probe found no slot to connect into).
  void abandon_probe() noexcept;

  // Opens / closes by hand (recovery actions, tests).
  void force_open(Clock::time_point now);
  void force_close() noexcept;

  int consecutive_failures() const;

 private:
  void open_locked(Clock::time_point now);

  mutable std::mutex mutex_;
  const int threshold_;
  const Backoff cooldown_;
  int consecutive_failures_ = 0;   // guarded by mutex_
  int failed_probes_ = 0;          // guarded by mutex_
  bool probing_ = false;           // guarded by mutex_
  Clock::time_point retry_at_{};   // guarded by mutex_
  std::atomic<bool> open_{false};
};

}  // namespace v5store::detail
