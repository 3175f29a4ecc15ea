// Transactions: RAII, isolation levels, read-only, savepoints, and a retry policy.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "v5store/pool.hpp"
#include "v5store/spec.hpp"

namespace v5store {

// How store.transact() retries a unit of work.
struct RetryPolicy {
  int max_retries = 3;  // retries after the first attempt
  std::chrono::milliseconds initial_backoff{5};
  std::chrono::milliseconds max_backoff{500};
  double multiplier = 2.0;  // backoff grows by this factor; full jitter is applied
};

// A database transaction on one leased connection. The destructor rolls back unless commit()
// succeeded, and never throws. Move-only; used by one thread at a time.
class Transaction {
 public:
  // Begins a transaction on `lease` (which it takes over) with `options`. Throws the mapped
  // Error when BEGIN fails.
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

  // Creates a savepoint and returns its name. Throws the mapped Error.
  std::string savepoint();
  // Rolls back to / releases a savepoint made by savepoint().
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

}  // namespace v5store
