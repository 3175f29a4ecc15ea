// ConnectionPool: construction, borrowing and returning, statistics.
#include "v5store/pool.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "pool/clock.hpp"
#include "pool/pool_impl.hpp"
#include "v5store/error.hpp"

namespace v5store {
namespace {

using detail::Slot;
using detail::SlotState;
using Clock = std::chrono::steady_clock;

// An acquire that finds every connection leased yields its core this many times, looking again
// after each, before it waits on the condition variable.
constexpr int kYieldsBeforeWaiting = 2;

// max_lifetime is shortened by up to this fraction, at random, per connection, so that the
// connections opened together at start-up do not all expire together (HikariCP: 2.5 %).
constexpr double kLifetimeJitter = 0.025;

thread_local unsigned tl_slot_hint = 0;

std::int64_t ticks(Clock::time_point t) noexcept { return t.time_since_epoch().count(); }

template <class Word>
Word load_word(const char* p) noexcept {
  Word word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// A borrower usually passes the same short tag as the connection's previous lessee. Compared
// in line, a word at a time (two overlapping loads cover 4 to 16 bytes), this is cheaper than
// a call to memcmp or a string assignment.
[[gnu::always_inline]] inline bool same_text(const std::string& held,
                                              std::string_view tag) noexcept {
  const std::size_t n = tag.size();
  if (held.size() != n) return false;
  const char* a = held.data();
  const char* b = tag.data();
  if (n >= 8) {
    if (n > 16) return std::memcmp(a, b, n) == 0;
    return load_word<std::uint64_t>(a) == load_word<std::uint64_t>(b) &&
           load_word<std::uint64_t>(a + n - 8) == load_word<std::uint64_t>(b + n - 8);
  }
  if (n >= 4) {
    return load_word<std::uint32_t>(a) == load_word<std::uint32_t>(b) &&
           load_word<std::uint32_t>(a + n - 4) == load_word<std::uint32_t>(b + n - 4);
  }
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

Clock::duration seconds_or_zero(int seconds) {
  return seconds > 0 ? Clock::duration(std::chrono::seconds(seconds)) : Clock::duration::zero();
}

void check_options(const DatabaseSpec& database) {
  const PoolOptions& o = database.pool;
  if (o.max_size < 1) {
    throw Error(ErrorCode::config,
                fmt::format("database {}: pool max_size must be at least 1, not {}",
                            database.name, o.max_size));
  }
  if (o.min_idle < 0 || o.acquire_timeout_ms < 0 || o.validation_timeout_ms < 0 ||
      o.leak_detection_ms < 0 || o.validation_window_ms < 0 || o.statement_cache_size < 0) {
    throw Error(ErrorCode::config,
                fmt::format("database {}: pool options must not be negative", database.name));
  }
}

}  // namespace

// --- Impl: construction ----------------------------------------------------------------------

ConnectionPool::Impl::Impl(ConnectionPool& pool, const DatabaseSpec& spec,
                           MetricsRegistry* registry)
    : owner(pool),
      database(spec),
      backend(detail::backend_for(spec.backend, spec.pooler)),
      capacity(spec.pool.max_size),
      min_idle(std::min(spec.pool.min_idle, spec.pool.max_size)),
      slots(new Slot[static_cast<std::size_t>(spec.pool.max_size)]),
      acquire_timeout(spec.pool.acquire_timeout_ms),
      connect_timeout(std::max(spec.pool.acquire_timeout_ms, 1000)),
      validation_window(Millis(spec.pool.validation_window_ms)),
      validation_timeout(std::max(spec.pool.validation_timeout_ms, 1)),
      idle_timeout(seconds_or_zero(spec.pool.idle_timeout_s)),
      max_lifetime(seconds_or_zero(spec.pool.max_lifetime_s)),
      keepalive(seconds_or_zero(spec.pool.keepalive_s)),
      leak_threshold(spec.pool.leak_detection_ms),
      statement_cache_size(static_cast<std::size_t>(spec.pool.statement_cache_size)),
      breaker(spec.pool.circuit_breaker_threshold,
              detail::Backoff(Millis(spec.pool.reconnect_backoff_ms),
                              Millis(spec.pool.reconnect_backoff_max_ms), 2.0,
                              detail::Jitter::equal)),
      refill_backoff(Millis(spec.pool.reconnect_backoff_ms),
                     Millis(spec.pool.reconnect_backoff_max_ms), 2.0, detail::Jitter::equal),
      metrics(registry, spec.name) {}

// --- Impl: borrowing -------------------------------------------------------------------------

Lease ConnectionPool::Impl::acquire(Millis timeout, std::string_view tag) {
  if (!breaker.is_open()) [[likely]] {
    if (Slot* claimed = take_idle()) [[likely]] {
      const auto now = detail::coarse_now();
      if (lendable_unchecked(*claimed->connection, now)) [[likely]] {
        // Far below the histogram's lowest bucket (100 us): counted in the slot as 0 s,
        // without a clock read or a write to the shared buckets (see publish_fast_acquires).
        claimed->fast_acquires.store(claimed->fast_acquires.load(std::memory_order_relaxed) + 1,
                                     std::memory_order_relaxed);
        return lend(*claimed, now, tag);
      }
      return acquire_timed(timeout, tag, claimed, now);
    }
  }
  return acquire_timed(timeout, tag, nullptr, {});
}

Lease ConnectionPool::Impl::acquire_timed(Millis timeout, std::string_view tag, Slot* claimed,
                                          Clock::time_point now) {
  if (!metrics.enabled()) return acquire_slow(timeout, tag, claimed, now);
  const auto started = Clock::now();
  try {
    Lease lease = acquire_slow(timeout, tag, claimed, now);
    metrics.observe_acquire(Clock::now() - started);
    return lease;
  } catch (...) {
    metrics.observe_acquire(Clock::now() - started);
    throw;
  }
}

Lease ConnectionPool::Impl::acquire_slow(Millis timeout, std::string_view tag, Slot* claimed,
                                         Clock::time_point now) {
  if (claimed != nullptr && ready_to_lend(*claimed, now)) return lend(*claimed, now, tag);
  Clock::time_point deadline{};
  bool waited = false;
  int yields = 0;
  for (;;) {
    if (breaker.is_open()) {
      if (Lease lease = probe(tag)) return lease;
      throw_circuit_open();
    }
    if (Slot* slot = take_idle()) {
      now = detail::coarse_now();
      if (ready_to_lend(*slot, now)) return lend(*slot, now, tag);
      continue;
    }
    if (Slot* slot = reserve_empty()) {
      connect_into(*slot);
      return lend(*slot, detail::coarse_now(), tag);
    }
    if (yields < kYieldsBeforeWaiting) {
      // Every connection is leased: the lessees are often threads that were preempted on a
      // shared core. Yielding to them first usually finds a connection returned without the
      // cost of sleeping on the condition variable and being woken.
      ++yields;
      std::this_thread::yield();
      continue;
    }
    if (!waited) {
      deadline = Clock::now() + timeout;
      waited = true;
    }
    wait_for_slot(deadline, timeout);
  }
}

Slot* ConnectionPool::Impl::take_idle() noexcept {
  const unsigned n = static_cast<unsigned>(capacity);
  unsigned index = tl_slot_hint < n ? tl_slot_hint : 0;  // the hint may be another pool's
  for (unsigned left = n; left != 0; --left) {
    Slot& slot = slots[index];
    SlotState expected = SlotState::idle;
    if (slot.state.load(std::memory_order_relaxed) == expected &&
        slot.state.compare_exchange_strong(expected, SlotState::busy, std::memory_order_acquire,
                                           std::memory_order_relaxed)) {
      tl_slot_hint = index;
      return &slot;
    }
    if (++index == n) index = 0;
  }
  return nullptr;
}

Slot* ConnectionPool::Impl::reserve_empty() noexcept {
  for (int i = 0; i < capacity; ++i) {
    Slot& slot = slots[i];
    SlotState expected = SlotState::empty;
    if (slot.state.load(std::memory_order_relaxed) == expected &&
        slot.state.compare_exchange_strong(expected, SlotState::busy, std::memory_order_acquire,
                                           std::memory_order_relaxed)) {
      return &slot;
    }
  }
  return nullptr;
}

bool ConnectionPool::Impl::ready_to_lend(Slot& slot, Clock::time_point now) {
  Connection& connection = *slot.connection;
  if (connection.generation != generation.load(std::memory_order_relaxed) ||
      now >= connection.expires_at) {
    close_slot(slot, true);
    return false;
  }
  if (now - connection.last_used >= validation_window ||
      ticks(connection.last_used) <= distrust_before.load(std::memory_order_relaxed)) {
    if (!validate(connection)) {
      distrust_idle();
      close_slot(slot, true);
      return false;
    }
  }
  return true;
}

Lease ConnectionPool::Impl::lend(Slot& slot, Clock::time_point now, std::string_view tag) {
  Connection* connection = slot.connection.get();
  connection->lent_at = now;
  connection->lent_in_pass = maintenance_passes.load(std::memory_order_relaxed);
  // The tag is kept for every lease (usually one length comparison): leak reports and the
  // diagnosis of a pool destroyed under a live lease name the borrower.
  if (!same_text(connection->lease_tag, tag)) connection->lease_tag.assign(tag);
  if (leak_threshold.count() > 0) slot.leased_at.store(ticks(now), std::memory_order_relaxed);
  slot.state.store(SlotState::leased, std::memory_order_release);
  return Lease(&owner, connection);
}

void ConnectionPool::Impl::reclaim(Slot& slot) noexcept {
  SlotState expected = SlotState::leased;
  while (!slot.state.compare_exchange_weak(expected, SlotState::busy, std::memory_order_acquire,
                                           std::memory_order_relaxed)) {
    if (expected != SlotState::leased) std::this_thread::yield();  // inspected: a few reads
    expected = SlotState::leased;
  }
}

Lease ConnectionPool::Impl::probe(std::string_view tag) {
  if (!breaker.allow_attempt(detail::coarse_now())) return {};
  Slot* slot = reserve_empty();
  if (slot == nullptr) {
    // Every slot holds a connection from before the outage: replace an idle one.
    slot = take_idle();
    if (slot != nullptr) {
      slot->connection.reset();
      open_connections.fetch_sub(1, std::memory_order_relaxed);
      closed.fetch_add(1, std::memory_order_relaxed);
      evicted.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (slot == nullptr) {
    breaker.abandon_probe();
    return {};
  }
  connect_into(*slot);
  distrust_idle();
  notify_all();
  return lend(*slot, detail::coarse_now(), tag);
}

bool ConnectionPool::Impl::slot_available() const noexcept {
  if (breaker.is_open()) return true;
  for (int i = 0; i < capacity; ++i) {
    const SlotState state = slots[i].state.load(std::memory_order_seq_cst);
    if (state == SlotState::idle || state == SlotState::empty) return true;
  }
  return false;
}

void ConnectionPool::Impl::wait_for_slot(Clock::time_point deadline, Millis timeout) {
  std::unique_lock lock(wait_mutex);
  pending.fetch_add(1, std::memory_order_seq_cst);
  struct Unpend {
    std::atomic<int>& pending;
    ~Unpend() { pending.fetch_sub(1, std::memory_order_relaxed); }
  } unpend{pending};
  while (!slot_available()) {
    if (wait_cv.wait_until(lock, deadline) == std::cv_status::timeout && !slot_available()) {
      timeouts.fetch_add(1, std::memory_order_relaxed);
      metrics.count_timeout();
      const PoolStats now = stats();
      throw Error(ErrorCode::pool_timeout,
                  fmt::format("database {}: no connection available within {} ms "
                              "(max_size {}, {} active, {} waiting)",
                              database.name, timeout.count(), capacity, now.active,
                              now.pending));
    }
  }
}

void ConnectionPool::Impl::throw_circuit_open() const {
  throw Error(ErrorCode::circuit_open,
              fmt::format("database {}: circuit breaker open after {} consecutive connect "
                          "failures; failing fast until a probe connects",
                          database.name, breaker.consecutive_failures()));
}

void ConnectionPool::Impl::give_back(Connection* connection) noexcept {
  // When no maintenance pass began during the lease, the lease was shorter than the maintenance
  // interval (at most 1 s) and its start stands in for the return time, saving a clock read.
  // The error only makes the connection look idle for longer than it was: at worst an extra
  // validation ping or an earlier idle close, never a skipped check.
  if (maintenance_passes.load(std::memory_order_relaxed) != connection->lent_in_pass)
      [[unlikely]] {
    return give_back_late(connection);
  }
  give_back_at(connection, connection->lent_at);
}

void ConnectionPool::Impl::give_back_late(Connection* connection) noexcept {
  give_back_at(connection, detail::coarse_now());
}

void ConnectionPool::Impl::give_back_at(Connection* connection, Clock::time_point now) noexcept {
  Slot& slot = slots[connection->pool_slot];
  if (leak_threshold.count() > 0) slot.leased_at.store(0, std::memory_order_relaxed);
  if (connection->broken || connection->generation != generation.load(std::memory_order_relaxed) ||
      now >= connection->expires_at) [[unlikely]] {
    retire(slot);
    return;
  }
  connection->last_used = now;
  // leased -> idle in one step; seq_cst orders it before the load of `pending` (see
  // wait_for_slot). It fails only while maintenance inspects the lease for a leak report.
  SlotState expected = SlotState::leased;
  if (!slot.state.compare_exchange_strong(expected, SlotState::idle, std::memory_order_seq_cst,
                                          std::memory_order_relaxed)) [[unlikely]] {
    return return_inspected(slot);
  }
  wake_waiter();
}

void ConnectionPool::Impl::retire(Slot& slot) noexcept {
  if (slot.connection->broken) distrust_idle();
  reclaim(slot);
  close_slot(slot, true);
}

void ConnectionPool::Impl::return_inspected(Slot& slot) noexcept {
  SlotState expected = SlotState::leased;
  while (!slot.state.compare_exchange_weak(expected, SlotState::idle, std::memory_order_seq_cst,
                                           std::memory_order_relaxed)) {
    if (expected != SlotState::leased) std::this_thread::yield();  // inspected: a few reads
    expected = SlotState::leased;
  }
  wake_waiter();
}

// --- Impl: connections -----------------------------------------------------------------------

void ConnectionPool::Impl::connect_into(Slot& slot) {
  const std::uint64_t id = next_connection_id.fetch_add(1, std::memory_order_relaxed);
  try {
    auto connection = std::make_unique<Connection>(backend, database.dsn, id,
                                                   statement_cache_size, connect_timeout);
    const auto now = detail::coarse_now();
    connection->created_at = now;
    connection->last_used = now;
    if (max_lifetime > Clock::duration::zero()) {
      const auto jitter = std::chrono::duration_cast<Clock::duration>(
          max_lifetime * (kLifetimeJitter * detail::random_unit()));
      connection->expires_at = now + max_lifetime - jitter;
    }
    connection->generation = generation.load(std::memory_order_relaxed);
    connection->pool_slot = static_cast<std::size_t>(&slot - slots.get());
    connection->probes = &probes;
    slot.connection = std::move(connection);
  } catch (...) {
    connect_failures.fetch_add(1, std::memory_order_relaxed);
    slot.state.store(SlotState::empty, std::memory_order_seq_cst);
    if (breaker.record_failure(detail::coarse_now())) {
      on_circuit_opened();
    } else {
      notify_one();
    }
    throw;
  }
  breaker.record_success();
  open_connections.fetch_add(1, std::memory_order_relaxed);
  created.fetch_add(1, std::memory_order_relaxed);
  metrics.count_created();
}

bool ConnectionPool::Impl::validate(Connection& connection) noexcept {
  validations.fetch_add(1, std::memory_order_relaxed);
  const auto started = Clock::now();
  try {
    backend.ping(connection.session());
  } catch (...) {
    return false;
  }
  if (Clock::now() - started > validation_timeout) return false;
  connection.last_used = detail::coarse_now();
  return true;
}

void ConnectionPool::Impl::close_slot(Slot& slot, bool was_evicted) noexcept {
  slot.state.store(SlotState::busy, std::memory_order_relaxed);
  slot.connection.reset();
  open_connections.fetch_sub(1, std::memory_order_relaxed);
  closed.fetch_add(1, std::memory_order_relaxed);
  if (was_evicted) evicted.fetch_add(1, std::memory_order_relaxed);
  slot.state.store(SlotState::empty, std::memory_order_seq_cst);
  wake_waiter();
}

void ConnectionPool::Impl::make_idle(Slot& slot) noexcept {
  slot.state.store(SlotState::idle, std::memory_order_seq_cst);
  wake_waiter();
}

void ConnectionPool::Impl::notify_one() noexcept {
  { std::lock_guard lock(wait_mutex); }
  wait_cv.notify_one();
}

void ConnectionPool::Impl::notify_all() noexcept {
  { std::lock_guard lock(wait_mutex); }
  wait_cv.notify_all();
}

void ConnectionPool::Impl::distrust_idle() noexcept {
  distrust_before.store(ticks(detail::coarse_now()), std::memory_order_relaxed);
}

void ConnectionPool::Impl::evict_all() noexcept {
  generation.fetch_add(1, std::memory_order_relaxed);
  while (Slot* slot = take_idle()) close_slot(*slot, true);
}

void ConnectionPool::Impl::on_circuit_opened() noexcept {
  evict_all();
  notify_all();
}

PoolStats ConnectionPool::Impl::stats() const {
  PoolStats s;
  for (int i = 0; i < capacity; ++i) {
    const SlotState state = slots[i].state.load(std::memory_order_relaxed);
    if (state == SlotState::leased || state == SlotState::inspected) ++s.active;
  }
  s.total = std::max(open_connections.load(std::memory_order_relaxed), s.active);
  s.idle = s.total - s.active;
  s.pending = pending.load(std::memory_order_relaxed);
  s.max_size = capacity;
  s.timeouts = timeouts.load(std::memory_order_relaxed);
  s.created = created.load(std::memory_order_relaxed);
  s.closed = closed.load(std::memory_order_relaxed);
  s.evicted = evicted.load(std::memory_order_relaxed);
  s.connect_failures = connect_failures.load(std::memory_order_relaxed);
  s.leaks_detected = leaks.load(std::memory_order_relaxed);
  s.validations = validations.load(std::memory_order_relaxed);
  s.circuit_open = breaker.is_open();
  s.transactions_committed = transactions[0].load(std::memory_order_relaxed);
  s.transactions_rolled_back = transactions[1].load(std::memory_order_relaxed);
  s.transactions_retried = transactions[2].load(std::memory_order_relaxed);
  s.transactions_failed = transactions[3].load(std::memory_order_relaxed);
  s.deadlocks = deadlocks.load(std::memory_order_relaxed);
  s.serialization_failures = serialization_failures.load(std::memory_order_relaxed);
  return s;
}

// --- ConnectionPool ----------------------------------------------------------------------------

ConnectionPool::ConnectionPool(const DatabaseSpec& database, MetricsRegistry* metrics,
                               boost::asio::io_context* io, PerformanceMonitor* performance) {
  check_options(database);
  impl_ = std::make_unique<Impl>(*this, database, metrics);
  impl_->probes = detail::ProbeSource{performance, database.name};
  // Fail fast: the first connection is opened here, and its error is the caller's.
  const int initial = std::max(impl_->min_idle, 1);
  for (int i = 0; i < initial; ++i) {
    Slot* slot = impl_->reserve_empty();
    impl_->connect_into(*slot);
    impl_->make_idle(*slot);
  }
  impl_->metrics.add_gauges([impl = impl_.get()] { return impl->stats(); });
  if (io == nullptr) {
    impl_->shared_context = detail::SharedMaintenanceContext::instance();
    io = &impl_->shared_context->io();
  }
  impl_->timer = std::make_unique<detail::MaintenanceTimer>(
      *io, impl_->maintenance_interval(), [impl = impl_.get()] { impl->maintain(); });
}

void ConnectionPool::Impl::terminate_if_leased() noexcept {
  std::string leases;
  int count = 0;
  const auto now = detail::coarse_now();
  for (int i = 0; i < capacity; ++i) {
    const SlotState state = slots[i].state.load(std::memory_order_acquire);
    if (state != SlotState::leased && state != SlotState::inspected) continue;
    const Connection& connection = *slots[i].connection;
    const auto held = std::chrono::duration_cast<Millis>(now - connection.lent_at).count();
    leases += fmt::format("{}tag '{}' held for {} ms", count++ == 0 ? "" : ", ",
                          connection.lease_tag, held);
  }
  if (count == 0) return;
  std::fprintf(stderr,
               "v5store: database %s: the connection pool (or the store that owns it) is being "
               "destroyed while %d of its connections %s still leased (%s). Every Lease, "
               "Transaction and RecordSession must be released before the store or pool that "
               "lent it is destroyed; terminating.\n",
               database.name.c_str(), count, count == 1 ? "is" : "are", leases.c_str());
  std::fflush(stderr);
  std::terminate();
}

ConnectionPool::~ConnectionPool() {
  impl_->terminate_if_leased();
  impl_->timer.reset();
  {
    std::lock_guard lock(impl_->maintenance_mutex);
    impl_->publish_fast_acquires();
  }
  impl_->evict_all();
}

Lease ConnectionPool::acquire(std::string_view tag) {
  return impl_->acquire(impl_->acquire_timeout, tag);
}

Lease ConnectionPool::acquire_for(std::chrono::milliseconds timeout, std::string_view tag) {
  return impl_->acquire(timeout, tag);
}

void ConnectionPool::evict_all() noexcept { impl_->evict_all(); }

void ConnectionPool::open_circuit() noexcept {
  impl_->breaker.force_open(detail::coarse_now());
  impl_->on_circuit_opened();
}

void ConnectionPool::close_circuit() noexcept {
  impl_->breaker.force_close();
  impl_->distrust_idle();
  impl_->notify_all();
}

void ConnectionPool::run_maintenance() noexcept { impl_->maintain(); }

PoolStats ConnectionPool::stats() const { return impl_->stats(); }

const DatabaseSpec& ConnectionPool::database() const noexcept { return impl_->database; }

BackendKind ConnectionPool::backend() const noexcept { return impl_->database.backend; }

void ConnectionPool::on_leak(LeakCallback callback) {
  std::lock_guard lock(impl_->leak_mutex);
  impl_->leak_callback = std::move(callback);
}

void ConnectionPool::record_transaction(TransactionOutcome outcome,
                                        const Error* error) noexcept {
  impl_->transactions[static_cast<int>(outcome)].fetch_add(1, std::memory_order_relaxed);
  impl_->metrics.count_transaction(outcome);
  if (error == nullptr) return;
  if (error->code() == ErrorCode::deadlock) {
    impl_->deadlocks.fetch_add(1, std::memory_order_relaxed);
  } else if (error->code() == ErrorCode::serialization_failure) {
    impl_->serialization_failures.fetch_add(1, std::memory_order_relaxed);
  }
}

void ConnectionPool::give_back(Connection* connection) noexcept { impl_->give_back(connection); }

}  // namespace v5store
