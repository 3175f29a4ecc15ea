// Transactions: RAII, isolation levels, read-only, savepoints, and a retry policy.
//
// Example:
//   v5store::Transaction tx = store.begin();          // rolled back unless committed
//   store.records().on(tx).update("order", order);
//   v5store::Savepoint sp(tx);                        // undone unless released
//   tx.commit();
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "v5store/error.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"

namespace v5store {

// How store.transact() runs and retries a unit of work (docs/transactions.md).
struct RetryPolicy {
  int max_retries = 3;  // retries after the first attempt
  std::chrono::milliseconds initial_backoff{5};
  std::chrono::milliseconds max_backoff{500};
  double multiplier = 2.0;  // backoff grows by this factor; full jitter is applied
  // How every attempt begins.
  IsolationLevel isolation = IsolationLevel::default_level;
  bool read_only = false;

  // A policy with the isolation, read-only flag and max_retries of a component's
  // `transactions:` section and the default backoff.
  static RetryPolicy from(const TransactionOptions& options) noexcept;
  // The options each attempt's Transaction is begun with.
  TransactionOptions transaction_options() const noexcept;
};

// True for the errors transact() retries: serialization_failure, deadlock, and connection
// (the connection was lost before COMMIT was sent, so nothing was committed). Never for
// commit_unknown. Thread-safe.
bool is_retryable_in_transaction(ErrorCode code) noexcept;

// A database transaction on one leased connection. The destructor rolls back unless commit()
// succeeded, and never throws. Move-only; used by one thread at a time.
class Transaction {
 public:
  // Begins a transaction on `lease` (which it takes over) with `options`: the isolation level
  // and read-only flag are spelled per backend (Backend::begin_transaction). Throws the mapped
  // Error when BEGIN fails (a connection error marks the lease broken).
  Transaction(Lease lease, const TransactionOptions& options = {});
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  // Commits. Throws Error(commit_unknown) when the connection broke while COMMIT was in
  // flight (the outcome is unknown and must not be retried blindly), else the mapped Error.
  void commit();

  // Rolls back. Idempotent; throws nothing (a broken connection is marked and closed).
  void rollback() noexcept;

  // Creates a savepoint and returns its name ("v5_sp_1", ...). Throws the mapped Error, or
  // Error(unknown) when the transaction is not active.
  std::string savepoint();
  // Rolls back to / releases a savepoint made by savepoint(). Throw the mapped Error.
  void rollback_to(const std::string& name);
  void release(const std::string& name);

  bool active() const noexcept { return active_; }
  const TransactionOptions& options() const noexcept { return options_; }
  Lease& lease() noexcept { return lease_; }
  Connection& connection() const { return lease_.connection(); }
  soci::session& session() const { return lease_.session(); }

 private:
  Lease lease_;
  TransactionOptions options_;
  bool active_ = false;
  int savepoint_counter_ = 0;
};

// A savepoint scope for nesting: rolls back to the savepoint on destruction unless
// release()d. Never throws from the destructor.
class Savepoint {
 public:
  explicit Savepoint(Transaction& tx);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  // Keeps the work done since the savepoint.
  void release();

 private:
  Transaction& tx_;
  std::string name_;
  bool done_ = false;
};

// Runs `work(tx)` in a transaction on a connection of `pool` and commits it when `work`
// returns (unless `work` committed itself). On serialization_failure, deadlock or a connection
// lost before COMMIT was sent, the transaction is rolled back and the whole unit is run again
// on a fresh transaction, up to policy.max_retries times, after a jittered exponential
// backoff. Every other error, an in-doubt COMMIT (Error(commit_unknown)) and the last retry's
// error propagate. A soci::soci_error escaping `work` is mapped to v5store::Error first.
// Retries and failures are counted in pool.stats() and v5store_transactions_total.
// Blocking; thread-safe (each call uses its own connection).
void run_transaction(ConnectionPool& pool, const RetryPolicy& policy,
                     const std::function<void(Transaction&)>& work);

// Like run_transaction(), returning what `fn(tx)` returns (void, or a value of a
// move-constructible, non-reference type: the value of the attempt that committed).
template <class Fn>
auto transact(ConnectionPool& pool, Fn&& fn, const RetryPolicy& policy = {})
    -> std::invoke_result_t<Fn&, Transaction&> {
  using Result = std::invoke_result_t<Fn&, Transaction&>;
  static_assert(!std::is_reference_v<Result>, "transact() returns values, not references");
  if constexpr (std::is_void_v<Result>) {
    run_transaction(pool, policy, [&fn](Transaction& tx) { fn(tx); });
  } else {
    std::optional<Result> result;
    run_transaction(pool, policy, [&fn, &result](Transaction& tx) { result.emplace(fn(tx)); });
    return std::move(*result);
  }
}

}  // namespace v5store
