// The bank workload of the fault tests: N accounts, concurrent random transfers through
// V5EnhancedStore::transact(), each transfer recorded under a unique id in the same
// transaction, and the invariant check afterwards.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "v5store/error.hpp"
#include "v5store/store.hpp"

namespace v5test {

inline constexpr int kAccounts = 20;
inline constexpr long long kInitialBalance = 1000;

// What happened to the transfers a run attempted.
struct BankOutcome {
  std::set<long long> acknowledged;         // transact() returned: committed
  std::set<long long> in_doubt;             // Error(commit_unknown): either outcome is allowed
  std::set<long long> failed;               // any other error: must not be applied at all
  std::map<std::string, long long> errors;  // error code -> count
};

// The spec of the bank's store: one database `bank` of `kind` at `dsn`, a pool of 4 that
// gives up a borrow after 2 s and retries connecting from 50 ms on.
inline v5store::SystemSpec bank_spec(v5store::BackendKind kind, const std::string& dsn) {
  v5store::SystemSpec spec;
  spec.name = "bank";
  v5store::DatabaseSpec database;
  database.name = "bank";
  database.backend = kind;
  database.dsn = dsn;
  database.dsn_template = dsn;
  database.pool.max_size = 4;
  database.pool.acquire_timeout_ms = 2000;
  database.pool.reconnect_backoff_ms = 50;
  database.pool.reconnect_backoff_max_ms = 500;
  spec.databases.push_back(database);
  return spec;
}

// Creates the tables (dropping earlier ones) and the accounts.
inline void bank_setup(v5store::V5EnhancedStore& store) {
  store.transact([](v5store::Transaction& tx) {
    auto& sql = tx.session();
    sql << "DROP TABLE IF EXISTS bank_transfers";
    sql << "DROP TABLE IF EXISTS bank_accounts";
  });
  store.transact([](v5store::Transaction& tx) {
    auto& sql = tx.session();
    sql << "CREATE TABLE bank_accounts (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL)";
    sql << "CREATE TABLE bank_transfers (id BIGINT PRIMARY KEY, src INTEGER NOT NULL, "
           "dst INTEGER NOT NULL, amount BIGINT NOT NULL)";
  });
  store.transact([](v5store::Transaction& tx) {
    for (int id = 0; id < kAccounts; ++id) {
      tx.session() << "INSERT INTO bank_accounts (id, balance) VALUES (:id, :balance)",
          soci::use(id), soci::use(kInitialBalance);
    }
  });
}

// One transfer in one transaction: the record of it and both balance updates.
inline void bank_transfer(v5store::V5EnhancedStore& store, long long id, int src, int dst,
                          long long amount) {
  v5store::RetryPolicy policy;
  policy.max_retries = 5;
  store.transact(
      [&](v5store::Transaction& tx) {
        auto& sql = tx.session();
        sql << "INSERT INTO bank_transfers (id, src, dst, amount) VALUES (:i, :s, :d, :a)",
            soci::use(id), soci::use(src), soci::use(dst), soci::use(amount);
        sql << "UPDATE bank_accounts SET balance = balance - :a WHERE id = :s", soci::use(amount),
            soci::use(src);
        sql << "UPDATE bank_accounts SET balance = balance + :a WHERE id = :d", soci::use(amount),
            soci::use(dst);
      },
      policy);
}

// Runs `threads` workers doing random transfers until `stop` is set. Transfer ids are
// id_base + thread * 1e7 + sequence, so several processes can share one table.
inline BankOutcome bank_run(v5store::V5EnhancedStore& store, int threads,
                            const std::atomic<bool>& stop, long long id_base = 0) {
  BankOutcome outcome;
  std::mutex mutex;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(id_base + t + 1));
      std::uniform_int_distribution<int> account(0, kAccounts - 1);
      std::uniform_int_distribution<long long> amount(1, 50);
      for (long long seq = 0; !stop.load(); ++seq) {
        const long long id = id_base + t * 10'000'000LL + seq;
        const int src = account(random);
        int dst = account(random);
        if (dst == src) dst = (dst + 1) % kAccounts;
        std::string error;
        bool doubt = false;
        try {
          bank_transfer(store, id, src, dst, amount(random));
        } catch (const v5store::Error& e) {
          error = v5store::to_string(e.code());
          doubt = e.code() == v5store::ErrorCode::commit_unknown;
        } catch (const std::exception& e) {
          error = "other";
        }
        std::lock_guard lock(mutex);
        if (error.empty()) {
          outcome.acknowledged.insert(id);
        } else {
          ++outcome.errors[error];
          (doubt ? outcome.in_doubt : outcome.failed).insert(id);
        }
        if (!error.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return outcome;
}

// Tries a transfer until one is acknowledged; returns how long the store took to recover.
inline std::chrono::milliseconds bank_time_to_recover(v5store::V5EnhancedStore& store,
                                                      long long id) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    try {
      bank_transfer(store, id, 0, 1, 0);
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    } catch (const std::exception&) {
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(60)) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

// The invariant: the total is unchanged; every acknowledged transfer is present exactly once;
// no failed transfer is present; every balance equals the initial one plus the transfers
// recorded (so no transfer is half-applied).
inline void bank_check(v5store::V5EnhancedStore& store, const BankOutcome& outcome) {
  store.transact([&](v5store::Transaction& tx) {
    auto& sql = tx.session();
    std::map<long long, int> present;
    std::vector<long long> expected(kAccounts, kInitialBalance);
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, src, dst, amount FROM bank_transfers");
    for (const auto& row : rows) {
      const auto id = row.get<long long>(0);
      ++present[id];
      const auto amount = row.get<long long>(3);
      expected[row.get<int>(1)] -= amount;
      expected[row.get<int>(2)] += amount;
    }
    long long lost = 0;
    for (long long id : outcome.acknowledged) lost += present.count(id) == 0 ? 1 : 0;
    EXPECT_EQ(lost, 0) << "acknowledged transfers missing";
    for (const auto& [id, count] : present) EXPECT_EQ(count, 1) << "transfer " << id;
    long long applied_failures = 0;
    for (long long id : outcome.failed) applied_failures += present.count(id);
    EXPECT_EQ(applied_failures, 0) << "transfers reported as failed were applied";
    soci::rowset<soci::row> balances = (sql.prepare << "SELECT id, balance FROM bank_accounts");
    long long total = 0;
    for (const auto& row : balances) {
      total += row.get<long long>(1);
      EXPECT_EQ(row.get<long long>(1), expected[row.get<int>(0)]) << "account " << row.get<int>(0);
    }
    EXPECT_EQ(total, kAccounts * kInitialBalance) << "the total balance changed";
  });
}

// Seconds each fault scenario runs: V5_FAULT_SECONDS, default 6 (CI's short form).
inline int fault_seconds() {
  const char* value = std::getenv("V5_FAULT_SECONDS");
  return value != nullptr && *value != '\0' ? std::atoi(value) : 6;
}

}  // namespace v5test
