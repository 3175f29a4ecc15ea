// V5EnhancedStore: the runtime entry point. Start here.
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

#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "v5store/async.hpp"
#include "v5store/error.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"
#include "v5store/transaction.hpp"

namespace boost::asio {
class io_context;
}

namespace v5store {

// Options of the store itself (the spec configures the databases).
struct StoreOptions {
  // Threads of the pool that runs async_transact() work. 0: the sum of the databases' pool
  // max_size, capped at 64 (a thread holds at most one connection; more would only wait).
  int async_threads = 0;
};

// The runtime of one system: a ConnectionPool per database of the spec, a MetricsRegistry,
// one maintenance io_context (one thread: pool housekeeping timers), and a thread pool for
// async_transact(). Thread-safe: every member may be called from any thread concurrently,
// except the destructor and shutdown() (once, after the callers are done).
class V5EnhancedStore {
 public:
  // Opens a pool per database of `spec` (each fails fast: Error(connection) when a database
  // is unreachable, DSN redacted; Error(config) for an invalid pool option).
  explicit V5EnhancedStore(SystemSpec spec, StoreOptions options = {});
  // Parses the spec file (parse_spec_file's errors) and opens it as above.
  explicit V5EnhancedStore(const std::filesystem::path& spec_file, StoreOptions options = {});
  // shutdown(ShutdownMode::drain), then closes the pools. Every Lease and Transaction must
  // have been released.
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
  // Thread-safe.
  template <class Fn, class Token>
  auto async_transact(Fn fn, Token&& token) {
    return async_transact(std::move(fn), RetryPolicy{}, std::string(), std::forward<Token>(token));
  }
  template <class Fn, class Token>
  auto async_transact(Fn fn, RetryPolicy policy, std::string database, Token&& token);

  // Stops accepting async work; drains or cancels what is queued (ShutdownMode) and waits
  // for running units to finish. Idempotent; blocking. Synchronous calls keep working.
  void shutdown(ShutdownMode mode = ShutdownMode::drain);

  // The registry every metric of the store is registered in. Thread-safe.
  MetricsRegistry& metrics() noexcept;

  // The maintenance io_context (one thread; pool timers). Components may schedule short,
  // non-blocking timers on it. Thread-safe.
  boost::asio::io_context& io_context() noexcept;

  // The executor of the thread pool that runs async work (blocking calls are fine there).
  boost::asio::thread_pool::executor_type async_executor() noexcept;

 private:
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

template <class Fn, class Token>
auto V5EnhancedStore::async_transact(Fn fn, RetryPolicy policy, std::string database,
                                     Token&& token) {
  using Result = std::invoke_result_t<Fn&, Transaction&>;
  static_assert(std::is_void_v<Result> || std::is_default_constructible_v<Result>,
                "async_transact() needs a default-constructible result (for the error case)");
  auto initiation = [this](auto handler, Fn work, RetryPolicy retry, std::string name) {
    namespace asio = boost::asio;
    const auto admitted = admit_async();
    if (!accepting_async()) {
      auto executor = asio::get_associated_executor(handler, asio::system_executor());
      asio::post(executor, [handler = std::move(handler)]() mutable {
        if constexpr (std::is_void_v<Result>) {
          handler(cancelled_error());
        } else {
          handler(cancelled_error(), Result{});
        }
      });
      return;
    }
    auto tracked = asio::prefer(asio::get_associated_executor(handler, async_executor()),
                                asio::execution::outstanding_work.tracked);
    asio::post(async_executor(), [this, handler = std::move(handler), tracked,
                                  work = std::move(work), retry = std::move(retry),
                                  name = std::move(name)]() mutable {
      std::exception_ptr error;
      if constexpr (std::is_void_v<Result>) {
        if (cancelling_async()) {
          error = cancelled_error();
        } else {
          try {
            transact(work, retry, name);
          } catch (...) {
            error = std::current_exception();
          }
        }
        asio::dispatch(tracked, [handler = std::move(handler), error]() mutable {
          handler(error);
        });
      } else {
        Result result{};
        if (cancelling_async()) {
          error = cancelled_error();
        } else {
          try {
            result = transact(work, retry, name);
          } catch (...) {
            error = std::current_exception();
          }
        }
        asio::dispatch(tracked, [handler = std::move(handler), error,
                                 result = std::move(result)]() mutable {
          handler(error, std::move(result));
        });
      }
    });
  };
  return boost::asio::async_initiate<Token, AsyncTransactSignature<Result>>(
      std::move(initiation), token, std::move(fn), std::move(policy), std::move(database));
}

}  // namespace v5store
