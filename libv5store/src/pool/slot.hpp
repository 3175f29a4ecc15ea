// Slot: one place in a pool, holding at most one connection, owned through its state.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "connection.hpp"

namespace v5store::detail {

// empty: no connection. idle: a connection waits to be borrowed. leased: a Lease holds it.
// busy: one thread owns the slot exclusively (lending, opening, closing, or maintenance
// checking an idle connection). inspected: leased, and maintenance is reading the lease's
// tag for a leak report; the lessee's return waits until the slot is leased again.
//
// A thread that moves a slot out of idle or empty with a compare-and-swap owns it, and with it
// the connection, until it stores idle or empty again. A borrower claims idle -> busy, fills
// in the lease (tag, leased_at) and publishes it with a release store of leased; the lessee
// returns it with one compare-and-swap leased -> idle. So the tag is written only while the
// slot is busy and read only while it is inspected: no lock on either path.
enum class SlotState : std::uint8_t { empty, idle, leased, busy, inspected };

// Cache-line aligned so that threads borrowing different slots do not share a line.
struct alignas(64) Slot {
  std::atomic<SlotState> state{SlotState::empty};
  std::unique_ptr<Connection> connection;  // owned by whoever owns the slot (see above)
  // Leak detection (only when enabled): when the current lease began (steady_clock ticks,
  // 0 when not leased) and which lease was already reported.
  std::atomic<std::int64_t> leased_at{0};
  std::atomic<std::int64_t> leak_reported_for{0};
  // Acquires served from this slot without a check (the histogram's 0 s observations): raised
  // only by the borrower that owns the slot (a load and a store, no read-modify-write), and
  // published to the acquire histogram by maintenance, which keeps the count it published.
  std::atomic<std::uint64_t> fast_acquires{0};
  std::uint64_t fast_acquires_published = 0;  // guarded by the pool's maintenance_mutex
  // Maintenance only: when the last keepalive ping ran.
  std::chrono::steady_clock::time_point last_keepalive{};
};

}  // namespace v5store::detail
