// Transaction and Savepoint: RAII transactions with isolation levels and nesting.
#include "v5store/transaction.hpp"

#include <fmt/format.h>

#include "connection.hpp"

namespace v5store {
namespace {

// Rethrows the exception in flight as a v5store::Error (mapped from the backend's code) and
// marks the lease broken when it is a connection error.
[[noreturn]] void rethrow_mapped_on(Lease& lease, std::string_view context) {
  try {
    throw;
  } catch (const Error& error) {
    if (error.code() == ErrorCode::connection) lease.mark_broken();
    throw;
  } catch (...) {
    const ConnectionPool* pool = lease.pool();
    try {
      detail::rethrow_mapped(lease.connection().backend(),
                             pool != nullptr ? pool->database().dsn : std::string(), context);
    } catch (const Error& error) {
      if (error.code() == ErrorCode::connection) lease.mark_broken();
      throw;
    }
  }
}

void record(Lease& lease, TransactionOutcome outcome) noexcept {
  if (ConnectionPool* pool = lease.pool()) pool->record_transaction(outcome);
}

std::string database_name(const Lease& lease) {
  return lease.pool() != nullptr ? lease.pool()->database().name : std::string("?");
}

}  // namespace

RetryPolicy RetryPolicy::from(const TransactionOptions& options) noexcept {
  RetryPolicy policy;
  policy.max_retries = options.max_retries;
  policy.isolation = options.isolation;
  policy.read_only = options.read_only;
  return policy;
}

TransactionOptions RetryPolicy::transaction_options() const noexcept {
  TransactionOptions options;
  options.isolation = isolation;
  options.read_only = read_only;
  options.max_retries = max_retries;
  return options;
}

bool is_retryable_in_transaction(ErrorCode code) noexcept {
  return code == ErrorCode::serialization_failure || code == ErrorCode::deadlock ||
         code == ErrorCode::connection;
}

Transaction::Transaction(Lease lease, const TransactionOptions& options)
    : lease_(std::move(lease)), options_(options) {
  if (!lease_) throw Error(ErrorCode::misuse, "cannot begin a transaction on an empty lease");
  Connection& connection = lease_.connection();
  try {
    for (const std::string& sql : connection.backend().begin_transaction(options_)) {
      connection.session() << sql;
    }
  } catch (...) {
    try {
      connection.session().rollback();
    } catch (...) {
      lease_.mark_broken();
    }
    rethrow_mapped_on(lease_, "begin transaction");
  }
  connection.in_transaction = true;
  active_ = true;
}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(std::move(other.lease_)),
      options_(other.options_),
      active_(other.active_),
      savepoint_counter_(other.savepoint_counter_) {
  other.active_ = false;
}

Transaction::~Transaction() { rollback(); }

void Transaction::commit() {
  if (!active_) {
    throw Error(ErrorCode::misuse, "commit() on a transaction that is no longer active");
  }
  Connection& connection = lease_.connection();
  try {
    connection.session().commit();
  } catch (...) {
    try {
      rethrow_mapped_on(lease_, "commit");
    } catch (const Error& error) {
      if (error.code() == ErrorCode::connection) {
        active_ = false;
        connection.in_transaction = false;
        throw Error(ErrorCode::commit_unknown,
                    fmt::format("database {}: the connection broke while COMMIT was in flight; "
                                "the transaction may or may not have been committed ({})",
                                database_name(lease_), error.what()),
                    error.backend_code());
      }
      // COMMIT was refused (serialization failure, busy database): nothing was committed.
      rollback();
      throw;
    }
  }
  active_ = false;
  connection.in_transaction = false;
  record(lease_, TransactionOutcome::commit);
}

void Transaction::rollback() noexcept {
  if (!active_) return;
  active_ = false;
  Connection& connection = lease_.connection();
  connection.in_transaction = false;
  try {
    connection.session().rollback();
  } catch (...) {
    // The server discards the transaction with the connection; the connection is not reused.
    lease_.mark_broken();
  }
  record(lease_, TransactionOutcome::rollback);
}

std::string Transaction::savepoint() {
  if (!active_) {
    throw Error(ErrorCode::misuse, "savepoint() on a transaction that is no longer active");
  }
  std::string name = fmt::format("v5_sp_{}", ++savepoint_counter_);
  try {
    session() << ("SAVEPOINT " + name);
  } catch (...) {
    rethrow_mapped_on(lease_, "savepoint");
  }
  return name;
}

void Transaction::rollback_to(const std::string& name) {
  try {
    session() << ("ROLLBACK TO SAVEPOINT " + name);
  } catch (...) {
    rethrow_mapped_on(lease_, "rollback to savepoint");
  }
}

void Transaction::release(const std::string& name) {
  try {
    session() << ("RELEASE SAVEPOINT " + name);
  } catch (...) {
    rethrow_mapped_on(lease_, "release savepoint");
  }
}

Savepoint::Savepoint(Transaction& tx) : tx_(tx), name_(tx.savepoint()) {}

Savepoint::~Savepoint() {
  if (done_ || !tx_.active()) return;
  try {
    tx_.rollback_to(name_);
    tx_.release(name_);
  } catch (...) {
    // The enclosing transaction cannot continue safely: end it (its destructor would too).
    tx_.rollback();
  }
}

void Savepoint::release() {
  tx_.release(name_);
  done_ = true;
}

}  // namespace v5store
