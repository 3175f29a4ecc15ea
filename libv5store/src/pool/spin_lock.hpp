// SpinLock: a tiny lock for a few instructions of critical section (a lease's tag).
#pragma once

#include <atomic>
#include <thread>

namespace v5store::detail {

// A test-and-test-and-set spin lock satisfying Lockable. Only for critical sections of a few
// instructions that never block; yields after a short spin. Thread-safe.
class SpinLock {
 public:
  void lock() noexcept {
    for (int spins = 0; flag_.exchange(true, std::memory_order_acquire); ++spins) {
      while (flag_.load(std::memory_order_relaxed)) {
        if (++spins > 64) std::this_thread::yield();
      }
    }
  }
  bool try_lock() noexcept { return !flag_.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

}  // namespace v5store::detail
