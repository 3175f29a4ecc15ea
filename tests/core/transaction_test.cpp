// Transactions on every backend: RAII rollback, savepoints, isolation, read-only, and the
// retry loop of transact() against real serialization failures, deadlocks and busy databases.
#include "v5store/transaction.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <random>
#include <thread>
#include <vector>

#include "core_fixture.hpp"
#include "tcp_proxy.hpp"
#include "v5store/error.hpp"

namespace v5test {
namespace {

using namespace std::chrono_literals;
using v5store::BackendKind;
using v5store::ConnectionPool;
using v5store::ErrorCode;
using v5store::IsolationLevel;
using v5store::Lease;
using v5store::PoolOptions;
using v5store::RetryPolicy;
using v5store::Savepoint;
using v5store::Transaction;
using v5store::TransactionOptions;

PoolOptions pool_of(int max_size) {
  PoolOptions options;
  options.max_size = max_size;
  options.min_idle = 1;
  options.acquire_timeout_ms = 10000;
  return options;
}

// A pool and a table of its own (name carries the pid: the servers are shared).
class TransactionTest : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override { open(database_spec(GetParam(), "core_tx", pool_of(8))); }

  void open(const v5store::DatabaseSpec& spec) {
    spec_ = spec;
    pool_ = std::make_unique<ConnectionPool>(spec_);
    table_ = "core_tx_" + std::to_string(::getpid());
    exec("DROP TABLE IF EXISTS " + table_);
    exec("CREATE TABLE " + table_ + " (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
  }

  void TearDown() override {
    if (pool_) exec("DROP TABLE IF EXISTS " + table_);
  }

  void exec(const std::string& sql) {
    Lease lease = pool_->acquire();
    lease.session() << sql;
  }

  static void insert(soci::session& session, const std::string& table, int id, int v) {
    session << "INSERT INTO " + table + " (id, v) VALUES (" + std::to_string(id) + ", " +
                   std::to_string(v) + ")";
  }

  long long scalar(const std::string& sql) {
    Lease lease = pool_->acquire();
    long long value = 0;
    lease.session() << sql, soci::into(value);
    return value;
  }

  long long rows() { return scalar("SELECT COUNT(*) FROM " + table_); }

  v5store::DatabaseSpec spec_;
  std::unique_ptr<ConnectionPool> pool_;
  std::string table_;
};

TEST_P(TransactionTest, CommitKeepsTheWork) {
  Transaction tx(pool_->acquire());
  insert(tx.session(), table_, 1, 10);
  tx.commit();
  EXPECT_FALSE(tx.active());
  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(pool_->stats().transactions_committed, 1u);
}

TEST_P(TransactionTest, DestroyedWithoutCommitLeavesNothing) {
  {
    Transaction tx(pool_->acquire());
    insert(tx.session(), table_, 1, 10);
    insert(tx.session(), table_, 2, 20);
  }
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(pool_->stats().transactions_rolled_back, 1u);
  EXPECT_EQ(pool_->stats().active, 0);
}

TEST_P(TransactionTest, InnerSavepointRolledBackKeepsTheOuterWork) {
  Transaction tx(pool_->acquire());
  insert(tx.session(), table_, 1, 10);
  {
    Savepoint inner(tx);
    insert(tx.session(), table_, 2, 20);
  }  // rolled back to the savepoint
  {
    Savepoint kept(tx);
    insert(tx.session(), table_, 3, 30);
    kept.release();
  }
  const std::string name = tx.savepoint();
  insert(tx.session(), table_, 4, 40);
  tx.rollback_to(name);
  tx.commit();
  EXPECT_EQ(rows(), 2);
  EXPECT_EQ(scalar("SELECT SUM(id) FROM " + table_), 4);  // rows 1 and 3
}

TEST_P(TransactionTest, TransactCommitsAndReturnsTheValue) {
  const int inserted = v5store::transact(*pool_, [&](Transaction& tx) {
    insert(tx.session(), table_, 7, 70);
    return 7;
  });
  EXPECT_EQ(inserted, 7);
  EXPECT_EQ(rows(), 1);
}

TEST_P(TransactionTest, NonRetryableErrorsPropagateAndAreCountedAsFailed) {
  exec("INSERT INTO " + table_ + " (id, v) VALUES (1, 1)");
  int attempts = 0;
  try {
    v5store::transact(*pool_, [&](Transaction& tx) {
      ++attempts;
      insert(tx.session(), table_, 2, 2);
      insert(tx.session(), table_, 1, 1);  // duplicate key
    });
    ADD_FAILURE() << "a duplicate key committed";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unique_violation) << e.what();
  }
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(pool_->stats().transactions_failed, 1u);
  EXPECT_EQ(pool_->stats().transactions_retried, 0u);
}

TEST_P(TransactionTest, ReadOnlyTransactionReads) {
  exec("INSERT INTO " + table_ + " (id, v) VALUES (1, 5)");
  TransactionOptions options;
  options.read_only = true;
  Transaction tx(pool_->acquire(), options);
  long long v = 0;
  tx.session() << "SELECT v FROM " + table_ + " WHERE id = 1", soci::into(v);
  EXPECT_EQ(v, 5);
  tx.commit();
}

INSTANTIATE_TEST_SUITE_P(AllBackends, TransactionTest, testing::ValuesIn(all_backends()),
                         BackendName());

// --- server backends: isolation, read-only enforcement, in-doubt commits, deadlocks -----------

class ServerTransactionTest : public TransactionTest {};

TEST_P(ServerTransactionTest, ReadOnlyTransactionRefusesWrites) {
  TransactionOptions options;
  options.read_only = true;
  Transaction tx(pool_->acquire(), options);
  EXPECT_THROW(insert(tx.session(), table_, 1, 1), soci::soci_error);
}

TEST_P(ServerTransactionTest, ADeadlockIsMappedAndRetried) {
  exec("INSERT INTO " + table_ + " (id, v) VALUES (1, 100)");
  exec("INSERT INTO " + table_ + " (id, v) VALUES (2, 100)");
  std::atomic<int> holding_first_lock{0};
  auto transfer = [&](int from, int to) {
    std::atomic<bool> first_attempt{true};
    RetryPolicy policy;
    policy.max_retries = 5;
    v5store::transact(
        *pool_,
        [&](Transaction& tx) {
          tx.session() << "UPDATE " + table_ + " SET v = v - 1 WHERE id = " + std::to_string(from);
          if (first_attempt.exchange(false)) {
            // Both transactions hold their first row lock before asking for the other's.
            ++holding_first_lock;
            const auto deadline = std::chrono::steady_clock::now() + 5s;
            while (holding_first_lock.load() < 2 && std::chrono::steady_clock::now() < deadline) {
              std::this_thread::sleep_for(1ms);
            }
          }
          tx.session() << "UPDATE " + table_ + " SET v = v + 1 WHERE id = " + std::to_string(to);
        },
        policy);
  };
  std::thread a([&] { transfer(1, 2); });
  std::thread b([&] { transfer(2, 1); });
  a.join();
  b.join();
  const auto stats = pool_->stats();
  EXPECT_GE(stats.deadlocks, 1u);
  EXPECT_GE(stats.transactions_retried, 1u);
  EXPECT_EQ(stats.transactions_failed, 0u);
  EXPECT_EQ(scalar("SELECT SUM(v) FROM " + table_), 200);
  EXPECT_EQ(scalar("SELECT v FROM " + table_ + " WHERE id = 1"), 100);
}

TEST_P(ServerTransactionTest, AnInDoubtCommitIsNotRetried) {
  const BackendKind kind = GetParam();
  const std::string direct = dsn_for(kind);
  const auto [host, port] = dsn_host_port(direct);
  TcpProxy proxy(host, port);
  proxy.start();
  auto spec = database_spec(kind, "core_tx_indoubt", pool_of(2));
  spec.dsn = dsn_via_port(direct, kind, proxy.port());
  ConnectionPool pool(spec);

  int attempts = 0;
  try {
    v5store::transact(pool, [&](Transaction& tx) {
      ++attempts;
      insert(tx.session(), table_, 1, 1);
      proxy.cut_after("commit");  // COMMIT goes out, the answer never comes back
    });
    ADD_FAILURE() << "the commit reported success through a cut connection";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::commit_unknown) << e.what();
  }
  EXPECT_EQ(attempts, 1);
  EXPECT_EQ(pool.stats().transactions_retried, 0u);
  EXPECT_EQ(pool.stats().transactions_failed, 1u);
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerTransactionTest,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         BackendName());

// --- PostgreSQL SERIALIZABLE -------------------------------------------------------------------

class PostgresSerializable : public TransactionTest {};

TEST_P(PostgresSerializable, ConflictingTransfersAllCommitWithCorrectTotals) {
  constexpr int kAccounts = 3;
  constexpr int kThreads = 6;
  constexpr int kTransfersPerThread = 8;
  for (int id = 1; id <= kAccounts; ++id) {
    exec("INSERT INTO " + table_ + " (id, v) VALUES (" + std::to_string(id) + ", 1000)");
  }
  RetryPolicy policy;
  policy.isolation = IsolationLevel::serializable;
  policy.max_retries = 200;
  policy.initial_backoff = 1ms;
  policy.max_backoff = 50ms;
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t));
      for (int i = 0; i < kTransfersPerThread; ++i) {
        const int from = 1 + static_cast<int>(random() % kAccounts);
        const int to = 1 + (from % kAccounts);
        v5store::transact(
            *pool_,
            [&](Transaction& tx) {
              long long a = 0;
              long long b = 0;
              tx.session() << "SELECT v FROM " + table_ + " WHERE id = " + std::to_string(from),
                  soci::into(a);
              tx.session() << "SELECT v FROM " + table_ + " WHERE id = " + std::to_string(to),
                  soci::into(b);
              std::this_thread::sleep_for(2ms);  // widen the window for conflicts
              tx.session() << "UPDATE " + table_ + " SET v = " + std::to_string(a - 7) +
                                  " WHERE id = " + std::to_string(from);
              tx.session() << "UPDATE " + table_ + " SET v = " + std::to_string(b + 7) +
                                  " WHERE id = " + std::to_string(to);
            },
            policy);
        ++committed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(committed.load(), kThreads * kTransfersPerThread);
  EXPECT_EQ(scalar("SELECT SUM(v) FROM " + table_), kAccounts * 1000);
  const auto stats = pool_->stats();
  EXPECT_GT(stats.transactions_retried, 0u);
  EXPECT_GT(stats.serialization_failures, 0u);
  EXPECT_EQ(stats.transactions_failed, 0u);
}

TEST_P(PostgresSerializable, IsolationLevelIsApplied) {
  TransactionOptions options;
  options.isolation = IsolationLevel::serializable;
  Transaction tx(pool_->acquire(), options);
  std::string level;
  tx.session() << "SHOW transaction_isolation", soci::into(level);
  EXPECT_EQ(level, "serializable");
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresSerializable,
                         testing::Values(BackendKind::postgresql), BackendName());

// --- SQLite: a busy database is waited on, then retried ---------------------------------------

TEST(SqliteBusy, ABusyDatabaseIsWaitedOnThenRetried) {
  auto spec = database_spec(BackendKind::sqlite, "core_tx_busy", pool_of(2));
  spec.dsn += " timeout=1";  // busy timeout: 1 s
  ConnectionPool pool(spec);
  {
    Lease lease = pool.acquire();
    lease.session() << "CREATE TABLE busy (id INTEGER PRIMARY KEY)";
  }
  auto holder = open_direct(BackendKind::sqlite, spec.dsn);
  std::promise<void> locked;
  std::thread writer([&] {
    *holder << "BEGIN IMMEDIATE";
    *holder << "INSERT INTO busy (id) VALUES (1)";
    locked.set_value();
    std::this_thread::sleep_for(1500ms);  // longer than one busy timeout
    *holder << "COMMIT";
  });
  locked.get_future().wait();
  RetryPolicy policy;
  policy.max_retries = 5;
  policy.initial_backoff = 20ms;
  v5store::transact(pool, [](Transaction& tx) { tx.session() << "INSERT INTO busy (id) VALUES (2)"; },
                    policy);
  writer.join();
  const auto stats = pool.stats();
  EXPECT_GE(stats.transactions_retried, 1u);
  EXPECT_GE(stats.serialization_failures, 1u);
  Lease lease = pool.acquire();
  long long count = 0;
  lease.session() << "SELECT COUNT(*) FROM busy", soci::into(count);
  EXPECT_EQ(count, 2);
}

}  // namespace
}  // namespace v5test
