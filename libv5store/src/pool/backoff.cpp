#include "pool/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace v5store::detail {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                 double multiplier, Jitter jitter) noexcept
    : initial_(std::max(initial, std::chrono::milliseconds(0))),
      max_(std::max(max, initial_)),
      multiplier_(std::max(multiplier, 1.0)),
      jitter_(jitter) {}

std::chrono::milliseconds Backoff::ceiling(int attempt) const noexcept {
  const double grown = static_cast<double>(initial_.count()) *
                       std::pow(multiplier_, static_cast<double>(std::max(attempt, 0)));
  const double capped = std::min(grown, static_cast<double>(max_.count()));
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(capped));
}

std::chrono::milliseconds Backoff::delay(int attempt) const {
  const double ceiling_ms = static_cast<double>(ceiling(attempt).count());
  const double jittered = jitter_ == Jitter::full
                              ? ceiling_ms * random_unit()
                              : ceiling_ms / 2 + ceiling_ms / 2 * random_unit();
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(jittered));
}

double random_unit() {
  thread_local std::minstd_rand generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace v5store::detail
