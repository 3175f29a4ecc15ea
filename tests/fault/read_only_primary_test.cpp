// What a client sees of a PostgreSQL failover, on the test server: a multi-host DSN skips a
// host that is down, `target_session_attrs=read-write` refuses a server that does not take
// writes, and connections to a server that stopped taking writes (the old primary, demoted)
// are dropped at their first write (SQLSTATE 25006 is a connection error) so that the
// transaction policy retries on a new connection, each stale connection failing once.
//
// A role whose sessions default to read-only stands in for the demoted primary: what the
// server answers (transaction_read_only = on, 25006 on a write) is what a standby answers.
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "bank.hpp"
#include "test_databases.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/records.hpp"
#include "v5store/store.hpp"
#include "v5store/transaction.hpp"

namespace {

using v5store::BackendKind;
using v5store::ErrorCode;

class ReadOnlyPrimary : public testing::Test {
 protected:
  void SetUp() override {
    admin_dsn_ = v5test::dsn_for(BackendKind::postgresql, "failover");
    ASSERT_FALSE(admin_dsn_.empty());
    admin_.open("postgresql", admin_dsn_);
    admin_ << "DROP TABLE IF EXISTS " << table_;
    admin_ << "DROP ROLE IF EXISTS " << role_;
    admin_ << "CREATE ROLE " << role_ << " LOGIN PASSWORD 'failover-pw'";
    admin_ << "CREATE TABLE " << table_ << " (id INTEGER PRIMARY KEY)";
    admin_ << "GRANT SELECT, INSERT ON " << table_ << " TO " << role_;
  }

  void TearDown() override {
    if (!admin_.is_connected()) return;
    admin_ << "DROP TABLE IF EXISTS " << table_;
    admin_ << "DROP ROLE IF EXISTS " << role_;
  }

  // The role's new sessions take writes (false) or do not (true): a failover, as the next
  // connection sees it.
  void demote(bool read_only) {
    if (read_only) {
      admin_ << "ALTER ROLE " << role_ << " SET default_transaction_read_only = on";
    } else {
      admin_ << "ALTER ROLE " << role_ << " RESET default_transaction_read_only";
    }
  }

  // A DSN listing a host that is down (port 1) before the test server, as the role.
  std::string multi_host_dsn(const std::string& target_session_attrs) const {
    const auto parts = v5store::parse_dsn(admin_dsn_);
    return "host=127.0.0.1,127.0.0.1 port=1," + parts.at("port") + " dbname=" + parts.at("dbname") +
           " user=" + role_ +
           " password=failover-pw connect_timeout=5 target_session_attrs=" + target_session_attrs;
  }

  // The bank's store spec (bank.hpp) with every pooled connection opened at the start.
  static v5store::SystemSpec spec(const std::string& dsn) {
    v5store::SystemSpec spec = v5test::bank_spec(BackendKind::postgresql, dsn);
    spec.databases.front().pool.min_idle = spec.databases.front().pool.max_size;
    return spec;
  }

  long long rows() {
    long long n = 0;
    admin_ << "SELECT COUNT(*) FROM " << table_, soci::into(n);
    return n;
  }

  static v5store::StoreOptions quiet() {
    v5store::StoreOptions options;
    options.monitoring = false;
    return options;
  }

  std::string admin_dsn_;
  soci::session admin_;
  const std::string role_ = "v5_failover_" + std::to_string(::getpid());
  const std::string table_ = "failover_rows_" + std::to_string(::getpid());
};

TEST_F(ReadOnlyPrimary, StaleConnectionsFailOnceAndTheRetryWritesOnANewOne) {
  demote(true);
  v5store::V5EnhancedStore store(spec(multi_host_dsn("any")), quiet());
  ASSERT_EQ(
      store.query("SHOW transaction_read_only").at(0).get<std::string>("transaction_read_only"),
      "on");
  demote(false);  // the failover is over: new connections take writes

  int attempts = 0;
  const std::string insert = "INSERT INTO " + table_ + " (id) VALUES (?)";
  for (int id = 1; id <= 20; ++id) {
    store.transact(
        [&](v5store::Transaction& tx) {
          ++attempts;
          store.records().on(tx).execute(insert, {id});
        },
        v5store::RetryPolicy{.max_retries = 5});
  }
  EXPECT_EQ(rows(), 20);
  // Each of the 4 pooled read-only connections failed at most one write, then was dropped.
  EXPECT_GT(attempts, 20);
  EXPECT_LE(attempts, 20 + 4);
  EXPECT_EQ(
      store.query("SHOW transaction_read_only").at(0).get<std::string>("transaction_read_only"),
      "off");
}

TEST_F(ReadOnlyPrimary, AWriteOnAReadOnlyServerIsAConnectionError) {
  demote(true);
  v5store::V5EnhancedStore store(spec(multi_host_dsn("any")), quiet());
  try {
    store.execute("INSERT INTO " + table_ + " (id) VALUES (1)");
    FAIL() << "a read-only server took a write";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.what();
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_EQ(rows(), 0);
}

TEST_F(ReadOnlyPrimary, ReadWriteTargetRefusesAReadOnlyServerAndTakesItOncePromoted) {
  demote(true);
  try {
    v5store::V5EnhancedStore store(spec(multi_host_dsn("read-write")), quiet());
    FAIL() << "target_session_attrs=read-write connected to a read-only server";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.what();
    EXPECT_EQ(std::string(e.what()).find("failover-pw"), std::string::npos) << e.what();
  }
  demote(false);
  v5store::V5EnhancedStore store(spec(multi_host_dsn("read-write")), quiet());
  store.execute("INSERT INTO " + table_ + " (id) VALUES (1)");
  EXPECT_EQ(rows(), 1);
}

}  // namespace
