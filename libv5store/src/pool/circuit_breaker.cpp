#include "pool/circuit_breaker.hpp"

#include <algorithm>

namespace v5store::detail {

CircuitBreaker::CircuitBreaker(int threshold, Backoff cooldown) noexcept
    : threshold_(std::max(threshold, 1)), cooldown_(cooldown) {}

bool CircuitBreaker::allow_attempt(Clock::time_point now) {
  if (!is_open()) return true;
  std::lock_guard lock(mutex_);
  if (!open_.load(std::memory_order_relaxed)) return true;
  if (probing_ || now < retry_at_) return false;
  probing_ = true;
  return true;
}

void CircuitBreaker::record_success() noexcept {
  std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  failed_probes_ = 0;
  probing_ = false;
  open_.store(false, std::memory_order_release);
}

bool CircuitBreaker::record_failure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  if (open_.load(std::memory_order_relaxed)) {
    if (probing_) {
      probing_ = false;
      ++failed_probes_;
      open_locked(now);
    }
    return false;
  }
  if (consecutive_failures_ < threshold_) return false;
  open_locked(now);
  return true;
}

void CircuitBreaker::abandon_probe() noexcept {
  std::lock_guard lock(mutex_);
  probing_ = false;
}

void CircuitBreaker::force_open(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  open_locked(now);
}

void CircuitBreaker::force_close() noexcept { record_success(); }

int CircuitBreaker::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return consecutive_failures_;
}

void CircuitBreaker::open_locked(Clock::time_point now) {
  retry_at_ = now + cooldown_.delay(failed_probes_);
  open_.store(true, std::memory_order_release);
}

}  // namespace v5store::detail
