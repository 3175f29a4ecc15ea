// ConnectionPool: a bounded, validated, self-healing pool of database sessions.
//
// Example:
//   v5store::Lease lease = store.pool().acquire("report");   // throws Error(pool_timeout)
//   int n = 0;
//   lease.session() << "SELECT COUNT(*) FROM orders", soci::into(n);
//   // the lease returns the connection when it goes out of scope
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace soci {
class session;
}
namespace boost::asio {
class io_context;
}

namespace v5store {

class Connection;  // one pooled session; defined privately
class ConnectionPool;
class MetricsRegistry;
class PerformanceMonitor;
class Error;

// A point-in-time view of a pool.
struct PoolStats {
  int total = 0;    // open connections (active + idle)
  int active = 0;   // leased out
  int idle = 0;
  int pending = 0;  // callers waiting in acquire()
  int max_size = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t created = 0;
  std::uint64_t closed = 0;
  std::uint64_t evicted = 0;     // closed because broken, expired or failed validation
  std::uint64_t connect_failures = 0;
  std::uint64_t leaks_detected = 0;
  std::uint64_t validations = 0;        // pings on borrow and keepalive pings
  bool circuit_open = false;
  // Transactions run on this pool's connections (Transaction and transact()).
  std::uint64_t transactions_committed = 0;
  std::uint64_t transactions_rolled_back = 0;
  std::uint64_t transactions_retried = 0;  // attempts of transact() that were repeated
  std::uint64_t transactions_failed = 0;   // transact() calls that gave up with an error
  std::uint64_t deadlocks = 0;             // deadlock errors seen by transact()
  std::uint64_t serialization_failures = 0;  // serialization failures seen by transact()
};

// The outcome of a transaction, counted per pool (PoolStats, v5store_transactions_total).
enum class TransactionOutcome { commit, rollback, retry, failed };

// A leased connection, returned to its pool when destroyed. Move-only. Not thread-safe:
// one lease is used by one thread at a time.
class Lease {
 public:
  Lease() = default;
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  // Returns the connection to the pool (or closes it if it was marked broken).
  ~Lease();

  // The SOCI session, for queries the store does not model. Valid while the lease lives.
  soci::session& session() const;

  // The pooled connection (statement cache, backend). Valid while the lease lives.
  Connection& connection() const { return *connection_; }

  BackendKind backend() const;

  // The pool the connection came from; nullptr for an empty lease.
  ConnectionPool* pool() const noexcept { return pool_; }

  // Marks the connection broken: it is closed instead of returned to the pool, and the pool
  // validates its other idle connections before handing them out again.
  void mark_broken() noexcept;

  // Returns the connection early. Idempotent.
  void release() noexcept;

  explicit operator bool() const noexcept { return connection_ != nullptr; }

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool* pool, Connection* connection) noexcept
      : pool_(pool), connection_(connection) {}
  ConnectionPool* pool_ = nullptr;
  Connection* connection_ = nullptr;
};

// Called when leak detection finds a lease held past leak_detection_ms: the tag of the
// borrower and how long it has held the connection.
using LeakCallback = std::function<void(const std::string& tag, std::chrono::milliseconds held)>;

// A pool of sessions to one database (docs/pool.md). Thread-safe: every member may be called
// concurrently. Not built on soci::connection_pool: a borrow is one compare-and-swap on a
// slot when an idle connection is there, a mutex and condition variable only when waiting.
class ConnectionPool {
 public:
  // Opens max(min_idle, 1) connections; throws Error(connection) (DSN redacted) when the
  // database is unreachable: fail fast at start-up, and Error(config) for options out of
  // range (max_size < 1). Maintenance (idle eviction, lifetimes, keepalive, leak detection,
  // refill, circuit probes) runs on one steady_timer of `io` when given, else on a timer of
  // a maintenance thread shared by every pool of the process (never a thread per pool).
  // `metrics` (optional) receives the pool's metrics labelled with the database name;
  // `performance` (optional) the statistics of every statement prepared through
  // Connection::statement() (lock-free per execution). All three must outlive the pool.
  ConnectionPool(const DatabaseSpec& database, MetricsRegistry* metrics = nullptr,
                 boost::asio::io_context* io = nullptr,
                 PerformanceMonitor* performance = nullptr);
  // Closes every connection. Every lease must have been returned: a pool destroyed while a
  // Lease (or a Transaction holding one) is alive writes each such lease's tag and age to
  // stderr and calls std::terminate(), rather than leave the lease pointing at freed memory.
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Borrows a connection, waiting up to acquire_timeout_ms. A connection idle for longer than
  // the validation window is pinged first; a broken one is replaced. `tag` names the borrower
  // for leak reports. Throws Error(pool_timeout) after the timeout, Error(circuit_open) at
  // once while the circuit breaker is open, Error(connection) when a new connection fails.
  Lease acquire(std::string_view tag = {});

  // Same as acquire() with an explicit timeout.
  Lease acquire_for(std::chrono::milliseconds timeout, std::string_view tag = {});

  // Closes every idle connection and marks leased ones to be closed on return; new
  // connections are opened on demand. Used by recovery actions.
  void evict_all() noexcept;

  // Opens or closes the circuit breaker by hand (recovery actions, tests).
  void open_circuit() noexcept;
  void close_circuit() noexcept;

  // Runs one maintenance pass now (what the timer does periodically).
  void run_maintenance() noexcept;

  PoolStats stats() const;
  const DatabaseSpec& database() const noexcept;
  BackendKind backend() const noexcept;

  // Registers a callback for leak reports (also logged). Replaces the previous one.
  void on_leak(LeakCallback callback);

  // Counts a transaction outcome (PoolStats, v5store_transactions_total{outcome}). Called by
  // Transaction and transact(); `error` is the error that caused a retry or failure.
  void record_transaction(TransactionOutcome outcome,
                          const Error* error = nullptr) noexcept;

 private:
  friend class Lease;
  void give_back(Connection* connection) noexcept;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
