// run_transaction(): the retry loop of store.transact().
#include <thread>

#include "connection.hpp"
#include "pool/backoff.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/transaction.hpp"

namespace v5store {

void run_transaction(ConnectionPool& pool, const RetryPolicy& policy,
                     const std::function<void(Transaction&)>& work) {
  const detail::Backoff backoff(policy.initial_backoff, policy.max_backoff, policy.multiplier,
                                detail::Jitter::full);
  const TransactionOptions options = policy.transaction_options();
  for (int attempt = 0;; ++attempt) {
    try {
      Transaction tx(pool.acquire("transact"), options);
      try {
        work(tx);
      } catch (const Error&) {
        throw;
      } catch (const soci::soci_error&) {
        try {
          detail::rethrow_mapped(tx.connection().backend(), pool.database().dsn, "transaction");
        } catch (const Error& error) {
          if (error.code() == ErrorCode::connection) tx.lease().mark_broken();
          throw;
        }
      }
      if (tx.active()) tx.commit();
      return;
    } catch (const Error& error) {
      if (!is_retryable_in_transaction(error.code()) || attempt >= policy.max_retries) {
        pool.record_transaction(TransactionOutcome::failed, &error);
        throw;
      }
      pool.record_transaction(TransactionOutcome::retry, &error);
    } catch (...) {
      pool.record_transaction(TransactionOutcome::failed);
      throw;
    }
    std::this_thread::sleep_for(backoff.delay(attempt));
  }
}

}  // namespace v5store
