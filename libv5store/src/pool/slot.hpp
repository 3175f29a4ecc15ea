// Slot: one place in a pool, holding at most one connection, owned through its state.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "connection.hpp"
#include "pool/spin_lock.hpp"

namespace v5store::detail {

// empty: no connection. idle: a connection waits to be borrowed. leased: a Lease holds it.
// busy: one thread owns the slot exclusively (opening, closing, or maintenance checking it).
// A thread that moves a slot out of idle or empty with a compare-and-swap owns it, and with
// it the connection, until it stores idle or empty again.
enum class SlotState : std::uint8_t { empty, idle, leased, busy };

// Cache-line aligned so that threads borrowing different slots do not share a line.
struct alignas(64) Slot {
  std::atomic<SlotState> state{SlotState::empty};
  std::unique_ptr<Connection> connection;  // owned by whoever owns the slot (see above)
  // Leak detection (only when enabled): when the current lease began (steady_clock ticks,
  // 0 when not leased) and which lease was already reported. The lessee's tag
  // (connection->lease_tag) is written and read under `tag_lock`.
  std::atomic<std::int64_t> leased_at{0};
  std::atomic<std::int64_t> leak_reported_for{0};
  SpinLock tag_lock;
  // Maintenance only: when the last keepalive ping ran.
  std::chrono::steady_clock::time_point last_keepalive{};
};

}  // namespace v5store::detail
