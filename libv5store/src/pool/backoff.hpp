// Backoff: exponential delays with jitter, for reconnects, the circuit breaker and retries.
#pragma once

#include <chrono>

namespace v5store::detail {

// How much of a delay is randomised. Full: uniform in [0, d] (spreads retries of contending
// transactions best). Equal: d/2 + uniform in [0, d/2] (a reconnect never comes back at once).
enum class Jitter { full, equal };

// Exponential backoff: attempt n (0-based) waits min(max, initial * multiplier^n), jittered.
// Immutable and thread-safe; the random source is per thread.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max, double multiplier,
          Jitter jitter) noexcept;

  // The delay before attempt `attempt` (0 is the first retry).
  std::chrono::milliseconds delay(int attempt) const;

  // The delay before jitter is applied.
  std::chrono::milliseconds ceiling(int attempt) const noexcept;

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  double multiplier_;
  Jitter jitter_;
};

// A uniformly distributed double in [0, 1) from a per-thread generator. Thread-safe.
double random_unit();

}  // namespace v5store::detail
