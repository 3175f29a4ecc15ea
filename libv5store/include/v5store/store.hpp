// V5EnhancedStore: the runtime entry point. Start here.
//
// Example:
//   v5store::V5EnhancedStore store("shop.yaml");          // pools, schema, monitoring
//   v5store::Records& records = store.records();
//   v5store::Key id = records.insert("customer", {{"email", std::string("a@b.c")},
//                                                 {"name", std::string("Ada")}});
//   store.transact([&](v5store::Transaction& tx) { records.on(tx).remove("customer", id); });
#pragma once

#include <atomic>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "v5store/alerts.hpp"
#include "v5store/async.hpp"
#include "v5store/error.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/migrator.hpp"
#include "v5store/api_server.hpp"
#include "v5store/monitoring_server.hpp"
#include "v5store/performance.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"
#include "v5store/transaction.hpp"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace v5store {

// When the store serves the monitoring HTTP endpoint (MonitoringServer).
enum class MonitoringEndpoint {
  // When the spec sets monitoring.listen. If the address cannot be bound the store logs it
  // (standard error) and runs without the endpoint (monitoring_server() is null).
  automatic,
  // Always, at monitoring.listen (its default 127.0.0.1:9464 when the spec sets none); a
  // failure to bind throws Error(connection) from the constructor (services: fail fast).
  required,
  // Never.
  off,
};

// Options of the store itself (the spec configures the databases and monitoring).
struct StoreOptions {
  // Threads of the pool that runs async_transact() work. 0: the sum of the databases' pool
  // max_size, capped at 64 (a thread holds at most one connection; more would only wait).
  int async_threads = 0;

  // Monitoring, on by default (docs/monitoring.md): the health monitor runs every category
  // in the background from the spec's `monitoring:` section (unless monitoring.enabled is
  // false), raises alerts and runs its recovery actions; every execution of a prepared
  // statement of the store's pools is counted into performance() (lock-free); the HTTP
  // endpoint is served as `endpoint` says. false: no monitor thread, no statement
  // statistics, no endpoint. health(), alerts() and performance() exist either way (a
  // stopped monitor still answers check_all() on demand), and metrics() keeps counting.
  bool monitoring = true;
  MonitoringEndpoint endpoint = MonitoringEndpoint::automatic;
  // Cooldown, escalation, trend warnings and logging of the alerts.
  AlertOptions alerts;
  // Recovery, transaction cancelling and scheduled SQLite backups of the health monitor.
  // Its `monitoring` member is ignored: the spec's `monitoring:` section is used.
  HealthMonitorOptions health;
  // The endpoint's limits (request size, headers, time, connections). Its `listen` and
  // `bearer_token` are ignored: they come from the spec's monitoring section.
  MonitoringServerOptions server;
  // Shows the values bound to statements in error messages and logs (SOCI's ":p1=..."),
  // for debugging. Off by default so that personal data stays out of logs. The switch is
  // process-wide (v5store::set_log_parameter_values): on while any store that asked for it
  // is alive.
  bool log_parameter_values = false;
  // The ApiServer of each `type: api` component of the spec (docs/api.md), with the same
  // three choices: automatic serves them and logs one that cannot bind, required throws
  // Error(connection) from the constructor then, off serves none.
  MonitoringEndpoint api = MonitoringEndpoint::automatic;
};

// The runtime of one system: a ConnectionPool per database of the spec, a MetricsRegistry,
// the schema registry of the spec's entities and a Records per database, the monitoring (a
// HealthMonitor with its AlertManager, a PerformanceMonitor, the HTTP endpoint), one
// maintenance io_context (one thread: pool housekeeping timers), and a thread pool for
// async_transact(). Thread-safe: every member may be called from any thread concurrently,
// except the destructor and shutdown() (once, after the callers are done).
class V5EnhancedStore {
 public:
  // Opens a pool per database of `spec` (each fails fast: Error(connection) when a database
  // is unreachable, DSN redacted; Error(config) for an invalid pool option), builds the schema
  // registry (Error(schema) for inconsistent entities) and starts monitoring as `options`
  // says (Error(config) for an unknown health category or listen address; Error(connection)
  // when a required endpoint cannot be bound).
  explicit V5EnhancedStore(SystemSpec spec, StoreOptions options = {});
  // Parses the spec file (parse_spec_file's errors) and opens it as above.
  explicit V5EnhancedStore(const std::filesystem::path& spec_file, StoreOptions options = {});
  // shutdown(ShutdownMode::drain), then closes the pools. Every Lease, Transaction and
  // RecordSession must have been released: one still alive is a programming error, reported
  // on stderr with the lease's tag and age, followed by std::terminate() (never undefined
  // behaviour).
  ~V5EnhancedStore();
  V5EnhancedStore(const V5EnhancedStore&) = delete;
  V5EnhancedStore& operator=(const V5EnhancedStore&) = delete;

  // The spec the store was opened with.
  const SystemSpec& spec() const noexcept;

  // The pool of `database` (empty: the first database of the spec). Throws
  // Error(not_found) for an unknown name. Thread-safe.
  ConnectionPool& pool(std::string_view database = {});

  // Borrows a connection of `database` (ConnectionPool::acquire; its errors). Thread-safe.
  Lease acquire(std::string_view database = {}, std::string_view tag = {});

  // Begins a transaction on a connection of `database` (Transaction's and acquire()'s
  // errors). Thread-safe.
  Transaction begin(std::string_view database = {}, const TransactionOptions& options = {});

  // The transaction defaults of a component (its spec `transactions:` section) as a policy
  // for transact(). Throws Error(not_found) for an unknown component. Thread-safe.
  RetryPolicy policy(std::string_view component) const;

  // Runs fn(Transaction&) in a transaction of `database` and commits, retrying serialization
  // failures, deadlocks and connections lost before COMMIT (run_transaction() tells the
  // whole contract). Returns what fn returns. Blocking; thread-safe.
  template <class Fn>
  auto transact(Fn&& fn, const RetryPolicy& policy = {}, std::string_view database = {}) {
    return v5store::transact(pool(database), std::forward<Fn>(fn), policy);
  }

  // Runs transact(fn, policy, database) on the store's thread pool and completes through any
  // Asio completion token: a callback void(std::exception_ptr[, R]), boost::asio::use_future,
  // boost::asio::use_awaitable. The database calls are blocking SOCI calls: they occupy a
  // pool thread, never the caller's. The completion runs on the token's associated executor
  // (the store's thread pool when it has none). After shutdown() it completes at once with
  // Error(unknown, "cancelled"). `fn` must be move-constructible; R default-constructible.
  // Thread-safe. Defined in v5store/detail/async_transact.hpp, which <v5store/v5store.hpp>
  // includes: call it where the umbrella header is included (store.hpp alone keeps Asio out).
  template <class Fn, class Token>
  auto async_transact(Fn fn, Token&& token) {
    return async_transact(std::move(fn), RetryPolicy{}, std::string(), std::forward<Token>(token));
  }
  template <class Fn, class Token>
  auto async_transact(Fn fn, RetryPolicy policy, std::string database, Token&& token);

  // Stops the monitoring endpoint and the health monitor's background checks, stops
  // accepting async work, drains or cancels what is queued (ShutdownMode) and waits for
  // running units to finish. Idempotent; blocking. Synchronous calls keep working.
  void shutdown(ShutdownMode mode = ShutdownMode::drain);

  // The registry every metric of the store is registered in. Thread-safe.
  MetricsRegistry& metrics() noexcept;

  // --- schema and records ----------------------------------------------------------------------

  // The schema registry built from the spec's entities when the store opened. Immutable;
  // thread-safe.
  const SchemaRegistry& schema() const noexcept;

  // The record API of `database` (empty: the first database): Records over its pool, with
  // the read caches of the components on that database and query metrics in metrics().
  // Created on first use; the same object afterwards. Use this one rather than building a
  // second Records on the same pool: two read caches would not invalidate each other.
  // Throws Error(not_found) for an unknown database, Error(config) as Records' constructor.
  // Thread-safe.
  Records& records(std::string_view database = {});

  // Raw SQL on the first database: records().query(sql, params, columns) and
  // records().execute(sql, params) (v5store/records.hpp: `?` or `:name` placeholders, values
  // always bound, the same error mapping, broken-connection eviction, statement cache and
  // metrics as every record operation). Throws as those. Thread-safe.
  //
  // Example:
  //   auto rows = store.query("SELECT status, COUNT(*) AS n FROM orders GROUP BY status");
  //   std::int64_t n = rows.front().get<std::int64_t>("n");
  //   store.execute("UPDATE orders SET status = :s WHERE id = :id", {{"s", "paid"}, {"id", 7}});
  std::vector<Record> query(std::string_view sql, const Params& params = {},
                            const std::vector<Column>& columns = {});
  std::int64_t execute(std::string_view sql, const Params& params = {});

  // A Migrator for `database` (empty: the first) of the store's spec, on its own session
  // (not a pooled one). Throws Migrator's errors (Error(config) unknown database,
  // Error(connection) unreachable). The Migrator itself is for one thread; the store may
  // hand out any number. After its up, down, baseline and repair it re-checks the
  // schema_integrity category at once (then options.on_schema_changed), so /health/ready
  // follows the migration without waiting for the category's interval; it must therefore not
  // outlive the store.
  Migrator migrator(std::string_view database = {}, MigratorOptions options = {}) const;

  // --- monitoring ------------------------------------------------------------------------------

  // The health monitor over every pool of the store (running in the background unless
  // StoreOptions::monitoring or the spec's monitoring.enabled is false). Thread-safe.
  HealthMonitor& health() noexcept;

  // The alerts the health monitor raises; subscribe() to receive them. Thread-safe.
  AlertManager& alerts() noexcept;

  // Statistics of every statement prepared on the store's pools (empty while monitoring is
  // off). Thread-safe.
  PerformanceMonitor& performance() noexcept;

  // Runs the optimiser on the slowest statements of performance() over the store's pools
  // (EXPLAIN, index and pool size recommendations; read-only). Thread-safe.
  OptimizerReport optimize(const OptimizerOptions& options = {});

  // The monitoring HTTP endpoint, or nullptr when it is not served (StoreOptions::endpoint).
  MonitoringServer* monitoring_server() noexcept;

  // The API server of the api component `component`, or nullptr when it is not served
  // (StoreOptions::api, or no such component). Thread-safe.
  ApiServer* api_server(std::string_view component) noexcept;

  // The pool of every database, in spec order. Thread-safe.
  std::vector<ConnectionPool*> pools();

  // The maintenance io_context (one thread; pool timers). Components may schedule short,
  // non-blocking timers on it. Thread-safe.
  boost::asio::io_context& io_context() noexcept;

  // The executor (a boost::asio::thread_pool::executor_type) of the thread pool that runs
  // async work (blocking calls are fine there). Thread-safe. Defined with async_transact().
  auto async_executor() noexcept;

 private:
  // The position of `database` in the spec (empty: 0); Error(not_found) for an unknown one.
  std::size_t database_index(std::string_view database) const;
  // The thread pool that runs async work.
  boost::asio::thread_pool& async_workers() noexcept;
  // The error async work completes with when it was cancelled by shutdown().
  static std::exception_ptr cancelled_error();
  // Held (shared) while async work is checked in and posted; shutdown() takes it exclusively,
  // so nothing is posted after the thread pool was joined.
  std::shared_lock<std::shared_mutex> admit_async() const;
  bool accepting_async() const noexcept;
  bool cancelling_async() const noexcept;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
