// ConnectionPool::Impl: the state of one pool, shared by the files of src/pool/.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "connection.hpp"
#include "pool/backoff.hpp"
#include "pool/circuit_breaker.hpp"
#include "pool/maintenance_timer.hpp"
#include "pool/pool_metrics.hpp"
#include "pool/slot.hpp"
#include "statement_probe.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/pool.hpp"

namespace v5store {

struct ConnectionPool::Impl {
  using Clock = std::chrono::steady_clock;
  using Millis = std::chrono::milliseconds;

  Impl(ConnectionPool& owner, const DatabaseSpec& database, MetricsRegistry* registry);

  // --- borrowing (connection_pool.cpp) -------------------------------------------------------
  // The fast path: an idle connection that needs no check is lent after one compare-and-swap
  // and one coarse clock read, and counted in its slot for the acquire histogram; anything else
  // continues out of line in acquire_timed(), which times acquire_slow() for the histogram.
  // The fast path (acquire, take_idle, lend, give_back) is inline and forced in line: the
  // library is compiled with -fPIC, where GCC never inlines a function that could be
  // interposed, and the calls' prologues and epilogues cost about a fifth of a borrow. They
  // are defined in connection_pool.cpp, the only file that calls them.
  [[gnu::always_inline]] inline Lease acquire(Millis timeout, std::string_view tag);
  // `claimed`: an idle slot the fast path claimed (busy) but could not lend unchecked.
  [[gnu::noinline]] Lease acquire_slow(Millis timeout, std::string_view tag,
                                       detail::Slot* claimed, Clock::time_point now);
  [[gnu::noinline]] Lease acquire_timed(Millis timeout, std::string_view tag,
                                        detail::Slot* claimed, Clock::time_point now);
  [[gnu::always_inline]] inline void give_back(Connection* connection) noexcept;
  // Returns the connection as idle since `now`, or closes it (broken, evicted or expired).
  [[gnu::always_inline]] inline void give_back_at(Connection* connection,
                                                  Clock::time_point now) noexcept;
  // give_back()'s rare paths, each reached by a tail call so that the common return needs no
  // stack frame: a maintenance pass began during the lease (the return time is read from the
  // clock), the connection must be closed, or maintenance is inspecting the lease and the
  // return must wait for it (then wakes a waiter, as give_back_at does).
  [[gnu::noinline]] void give_back_late(Connection* connection) noexcept;
  [[gnu::noinline]] void retire(detail::Slot& slot) noexcept;
  [[gnu::noinline]] void return_inspected(detail::Slot& slot) noexcept;
  // Claims an idle slot (idle -> busy) or an empty one (empty -> busy); nullptr if none.
  [[gnu::always_inline]] inline detail::Slot* take_idle() noexcept;
  detail::Slot* reserve_empty() noexcept;
  // True when a just-claimed idle connection may be lent without a check: same generation,
  // not expired, used within the validation window and not distrusted since.
  bool lendable_unchecked(const Connection& connection, Clock::time_point now) const noexcept {
    return connection.generation == generation.load(std::memory_order_relaxed) &&
           now < connection.expires_at && now - connection.last_used < validation_window &&
           connection.last_used.time_since_epoch().count() >
               distrust_before.load(std::memory_order_relaxed);
  }
  // Checks a just-claimed idle connection (generation, lifetime, validation window). False:
  // the slot was closed and is empty again.
  bool ready_to_lend(detail::Slot& slot, Clock::time_point now);
  // Turns a busy slot into a lease: records the tag and start (leak detection), then
  // publishes the slot as leased.
  [[gnu::always_inline]] inline Lease lend(detail::Slot& slot, Clock::time_point now,
                                           std::string_view tag);
  // Takes a leased slot back from its lessee (leased -> busy), waiting while maintenance
  // inspects it.
  void reclaim(detail::Slot& slot) noexcept;
  // The open circuit's half-open probe made by an acquire; an empty lease when refused.
  Lease probe(std::string_view tag);
  // Waits until a slot may be claimed or the circuit opened; throws Error(pool_timeout).
  void wait_for_slot(Clock::time_point deadline, Millis timeout);
  bool slot_available() const noexcept;
  [[noreturn]] void throw_circuit_open() const;

  // --- connections (connection_pool.cpp) -----------------------------------------------------
  // Opens a connection into a busy slot; on failure the slot is empty again, the breaker is
  // told, and the Error(connection) is rethrown.
  void connect_into(detail::Slot& slot);
  // Pings a connection; false when the ping failed or took longer than validation_timeout.
  bool validate(Connection& connection) noexcept;
  // Closes the connection of a slot the caller owns (leased or busy) and empties the slot.
  void close_slot(detail::Slot& slot, bool evicted) noexcept;
  // Returns a slot the caller owns (busy) to idle.
  void make_idle(detail::Slot& slot) noexcept;
  // Wakes one waiting borrower if there is one; after a slot became idle or empty.
  void wake_waiter() noexcept {
    if (pending.load(std::memory_order_seq_cst) > 0) notify_one();
  }
  void notify_one() noexcept;
  void notify_all() noexcept;
  // Forces every idle connection through validation on its next borrow.
  void distrust_idle() noexcept;
  // Closes every idle connection; leased ones close when returned.
  void evict_all() noexcept;
  void on_circuit_opened() noexcept;
  // Destruction with a connection still leased would leave the lease pointing at freed
  // memory: writes the leases' tags and ages to stderr and calls std::terminate().
  void terminate_if_leased() noexcept;

  // --- maintenance (maintenance.cpp) ----------------------------------------------------------
  void maintain() noexcept;
  void maintain_idle(Clock::time_point now) noexcept;
  void detect_leaks(Clock::time_point now) noexcept;
  void refill(Clock::time_point now) noexcept;
  Millis maintenance_interval() const noexcept;
  // Publishes the slots' counts of fast acquires to the acquire histogram (as 0 s each).
  // Called with maintenance_mutex held: by every maintenance pass and by the destructor.
  void publish_fast_acquires() noexcept;

  PoolStats stats() const;

  ConnectionPool& owner;
  const DatabaseSpec database;
  const detail::Backend& backend;
  const int capacity;
  const int min_idle;
  const std::unique_ptr<detail::Slot[]> slots;

  const Millis acquire_timeout;
  const Millis connect_timeout;
  const Clock::duration validation_window;  // in clock ticks: no conversion per borrow
  const Millis validation_timeout;
  const Clock::duration idle_timeout;   // zero: never
  const Clock::duration max_lifetime;   // zero: never
  const Clock::duration keepalive;      // zero: off
  const Millis leak_threshold;          // zero: off
  const std::size_t statement_cache_size;

  detail::CircuitBreaker breaker;
  const detail::Backoff refill_backoff;

  // Waiting borrowers: `pending` is raised before the last look at the slots, under `wait_mutex`.
  std::mutex wait_mutex;
  std::condition_variable wait_cv;
  std::atomic<int> pending{0};

  std::atomic<std::uint64_t> maintenance_passes{0};  // raised by every maintain()
  std::atomic<std::uint64_t> generation{0};         // raised by evict_all()
  std::atomic<std::int64_t> distrust_before{0};     // idle since before this: validate
  std::atomic<std::uint64_t> next_connection_id{1};
  std::atomic<int> open_connections{0};

  std::atomic<std::uint64_t> timeouts{0};
  std::atomic<std::uint64_t> created{0};
  std::atomic<std::uint64_t> closed{0};
  std::atomic<std::uint64_t> evicted{0};
  std::atomic<std::uint64_t> connect_failures{0};
  std::atomic<std::uint64_t> leaks{0};
  std::atomic<std::uint64_t> validations{0};
  std::atomic<std::uint64_t> transactions[4] = {};  // by TransactionOutcome
  std::atomic<std::uint64_t> deadlocks{0};
  std::atomic<std::uint64_t> serialization_failures{0};

  std::mutex leak_mutex;
  LeakCallback leak_callback;  // guarded by leak_mutex

  std::mutex maintenance_mutex;  // one maintenance pass at a time
  int refill_failures = 0;               // guarded by maintenance_mutex
  Clock::time_point next_refill_at{};    // guarded by maintenance_mutex

  detail::PoolMetrics metrics;
  detail::ProbeSource probes;  // statement statistics of the connections (set before the first)
  std::shared_ptr<detail::SharedMaintenanceContext> shared_context;  // when no io was given
  std::unique_ptr<detail::MaintenanceTimer> timer;  // last: stopped before the rest goes
};

}  // namespace v5store
