// A cheap monotonic clock for the pool's hot path.
#pragma once

#include <chrono>
#include <ctime>

namespace v5store::detail {

// Reads CLOCK_MONOTONIC_COARSE: the same epoch as std::chrono::steady_clock (CLOCK_MONOTONIC)
// at a resolution of one kernel tick (1-4 ms) and a fraction of the cost. Used for the pool's
// bookkeeping (idle since, lifetimes, leak detection), whose windows are hundreds of
// milliseconds and more. Never throws; thread-safe.
inline std::chrono::steady_clock::time_point coarse_now() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return std::chrono::steady_clock::time_point(std::chrono::duration_cast<
      std::chrono::steady_clock::duration>(std::chrono::seconds(ts.tv_sec) +
                                           std::chrono::nanoseconds(ts.tv_nsec)));
}

}  // namespace v5store::detail
