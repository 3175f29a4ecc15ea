// The bank workload on the 3-node MariaDB Galera cluster of scripts/lib/galera.sh (ctest label
// `scale`): one store whose DSN lists the three nodes, so its connections write on all of
// them; node 2 is killed and rejoins while transfers run. Afterwards every node holds the bank
// invariant (total unchanged, every acknowledged transfer exactly once, no failed one), and
// certification conflicts were retried. V5_GALERA_SECONDS sets how long the workload runs
// (default 6 s, CI's short form; the long form, galera_bank_test.long, runs 60 s).
// The cluster is V5_TEST_GALERA_DSNS / V5_TEST_GALERA_DIR; without it the test fails.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include "backends/mysql/galera.hpp"
#include "backends/mysql/mysql_backend.hpp"
#include "connection.hpp"
#include "bank.hpp"
#include "v5store/dsn.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"
#include "v5store/transaction.hpp"

namespace {

std::vector<std::string> node_dsns() {
  const char* value = std::getenv("V5_TEST_GALERA_DSNS");
  std::vector<std::string> nodes;
  if (value == nullptr) return nodes;
  std::string all = value;
  for (std::size_t from = 0; from <= all.size();) {
    const std::size_t end = std::min(all.find(';', from), all.size());
    if (end > from) nodes.push_back(all.substr(from, end - from));
    from = end + 1;
  }
  return nodes;
}

// The three nodes as one multi-host DSN: node 1's DSN with the three ports.
std::string cluster_dsn(const std::vector<std::string>& nodes) {
  std::string ports;
  for (const auto& node : nodes) {
    ports += (ports.empty() ? "" : ",") + v5store::parse_dsn(node).at("port");
  }
  const std::string first = nodes.front();
  const std::string port = "port=" + v5store::parse_dsn(first).at("port");
  return first.substr(0, first.find(port)) + "port=" + ports +
         first.substr(first.find(port) + port.size());
}

v5store::SystemSpec bank_spec(const std::string& dsn, int max_size) {
  v5store::SystemSpec spec;
  spec.name = "bank";
  v5store::DatabaseSpec database;
  database.name = "bank";
  database.backend = v5store::BackendKind::mysql;
  database.dsn = dsn;
  database.dsn_template = dsn;
  database.pool.max_size = max_size;
  database.pool.acquire_timeout_ms = 5000;
  database.pool.reconnect_backoff_ms = 50;
  database.pool.reconnect_backoff_max_ms = 500;
  spec.databases.push_back(database);
  return spec;
}

// Runs a function of scripts/lib/galera.sh (v5_galera_kill N, v5_galera_rejoin N).
void cluster_script(const std::string& call) {
  const std::string command = "bash -c 'source " + std::string(V5_SOURCE_DIR) +
                              "/scripts/lib/servers.sh && " + call + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// Waits until every node applied what the store committed so far (the tables and accounts of
// bank_setup): a node applies another node's DDL and writes a moment after it returned.
void wait_applied_everywhere(const std::vector<std::string>& nodes) {
  for (const auto& node : nodes) {
    soci::session session(soci::mysql, node);
    session << "SET SESSION wsrep_sync_wait = 1";
    int accounts = 0;
    session << "SELECT COUNT(*) FROM bank_accounts", soci::into(accounts);
    ASSERT_EQ(accounts, v5test::kAccounts) << node;
  }
}

long long local_commits(const std::string& node) {
  soci::session session(soci::mysql, node);
  std::string name;
  long long value = 0;
  session << "SHOW GLOBAL STATUS LIKE 'wsrep_local_commits'", soci::into(name),
      soci::into(value);
  return value;
}

class Galera : public testing::Test {
 protected:
  void SetUp() override {
    nodes_ = node_dsns();
    ASSERT_EQ(nodes_.size(), 3u) << "V5_TEST_GALERA_DSNS must list the 3 nodes of the cluster "
                                    "(scripts/lib/servers.sh starts it)";
    ASSERT_NE(std::getenv("V5_TEST_GALERA_DIR"), nullptr);
  }
  std::vector<std::string> nodes_;
};

// What Galera answers, mapped: a certification conflict (1213) and a lock wait timeout (1205)
// are retried by transact(); a node not ready (1047) is a connection error, retried on another
// connection (and the lease is not lent again).
TEST(GaleraErrors, MapToRetryableCodes) {
  const auto& backend = v5store::detail::mysql_backend();
  const auto code = [&](unsigned int errnum, const char* message) {
    return backend.map_error(soci::mysql_soci_error(message, errnum)).code;
  };
  EXPECT_EQ(code(1213, "Deadlock found when trying to get lock; try restarting transaction"),
            v5store::ErrorCode::deadlock);
  EXPECT_EQ(code(1205, "Lock wait timeout exceeded; try restarting transaction"),
            v5store::ErrorCode::serialization_failure);
  EXPECT_EQ(code(1047, "WSREP has not yet prepared node for application use"),
            v5store::ErrorCode::connection);
  for (const auto errnum : {1213u, 1205u, 1047u}) {
    EXPECT_TRUE(v5store::is_retryable_in_transaction(code(errnum, ""))) << errnum;
  }
}

TEST_F(Galera, MultiHostDsnListsEveryNode) {
  const auto expanded = v5store::detail::mysql_node_dsns(cluster_dsn(nodes_));
  ASSERT_EQ(expanded.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(v5store::parse_dsn(expanded[i]), v5store::parse_dsn(nodes_[i]));
  }
  EXPECT_THROW(v5store::detail::mysql_node_dsns("host=a,b,c port=1,2 db=x"), v5store::Error);
}

TEST_F(Galera, ClusterStateShowsEveryNodeSynced) {
  const auto state = v5store::detail::galera_cluster_state(cluster_dsn(nodes_),
                                                           std::chrono::seconds(2));
  EXPECT_EQ(state.cluster_size, 3);
  ASSERT_EQ(state.nodes.size(), 3u);
  for (const auto& node : state.nodes) {
    EXPECT_TRUE(node.reachable) << node.address << ": " << node.error;
    ASSERT_TRUE(node.status.has_value()) << node.address;
    EXPECT_EQ(node.status->state, "Synced");
    EXPECT_TRUE(node.status->serves());
  }
}

// A write committed on node 2 while node 1's transaction holds the same row: node 1's COMMIT
// fails certification (1213, deadlock), and transact() runs the work again, which commits.
TEST_F(Galera, CertificationConflictIsRetried) {
  v5store::V5EnhancedStore store(bank_spec(nodes_[0], 2));
  store.transact([](v5store::Transaction& tx) {
    tx.session() << "CREATE TABLE IF NOT EXISTS galera_conflict (id INT PRIMARY KEY, n INT)";
  });
  store.transact([](v5store::Transaction& tx) {
    tx.session() << "REPLACE INTO galera_conflict (id, n) VALUES (1, 0)";
  });
  soci::session other(soci::mysql, nodes_[1]);
  int attempts = 0;
  store.transact([&](v5store::Transaction& tx) {
    ++attempts;
    tx.session() << "UPDATE galera_conflict SET n = n + 1 WHERE id = 1";
    if (attempts == 1) other << "UPDATE galera_conflict SET n = n + 100 WHERE id = 1";
  });
  EXPECT_EQ(attempts, 2);
  EXPECT_GE(store.pool().stats().deadlocks, 1u);
  int n = 0;
  other << "SET SESSION wsrep_sync_wait = 1";
  other << "SELECT n FROM galera_conflict WHERE id = 1", soci::into(n);
  EXPECT_EQ(n, 101);
}

// A node that is not Synced (desynced by hand here, as a donor is) leaves the pool: its
// connection fails validation and new connections go to the other nodes; once Synced again it
// takes connections again.
TEST_F(Galera, UnsyncedNodeLeavesThePoolUntilSynced) {
  const std::string node3_port = v5store::parse_dsn(nodes_[2]).at("port");
  auto spec = bank_spec(cluster_dsn(nodes_), 3);
  spec.databases[0].pool.validation_window_ms = 0;  // every borrow validates
  const auto ports_used = [](v5store::V5EnhancedStore& store) {
    std::map<std::string, int> used;
    std::vector<v5store::Lease> leases;
    for (int i = 0; i < 3; ++i) leases.push_back(store.pool().acquire("ports"));
    for (auto& lease : leases) {
      int port = 0;
      lease.connection().session() << "SELECT @@port", soci::into(port);
      ++used[std::to_string(port)];
    }
    return used;
  };
  v5store::V5EnhancedStore store(spec);
  EXPECT_EQ(ports_used(store).count(node3_port), 1u);

  soci::session node3(soci::mysql, nodes_[2]);
  node3 << "SET GLOBAL wsrep_desync = ON";
  const auto state = v5store::detail::galera_cluster_state(nodes_[2], std::chrono::seconds(2));
  ASSERT_EQ(state.nodes.size(), 1u);
  ASSERT_TRUE(state.nodes[0].status.has_value());
  EXPECT_FALSE(state.nodes[0].status->serves()) << state.nodes[0].status->state;
  const auto while_desynced = ports_used(store);
  node3 << "SET GLOBAL wsrep_desync = OFF";
  EXPECT_EQ(while_desynced.count(node3_port), 0u);

  // Desynced -> Joined -> Synced takes a moment; then three new connections reach all nodes.
  bool serving = false;
  for (int i = 0; i < 100 && !serving; ++i) {
    const auto back = v5store::detail::galera_cluster_state(nodes_[2], std::chrono::seconds(2));
    serving = back.nodes.at(0).status.has_value() && back.nodes.at(0).status->serves();
    if (!serving) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(serving) << "node 3 is not Synced again";
  v5store::V5EnhancedStore fresh(spec);
  const auto used = ports_used(fresh);
  EXPECT_EQ(used.count(node3_port), 1u) << "node 3 did not come back";
}

TEST_F(Galera, BankInvariantHoldsWhileANodeIsKilledAndRejoins) {
  const char* seconds_env = std::getenv("V5_GALERA_SECONDS");
  const int seconds = seconds_env != nullptr ? std::atoi(seconds_env) : 6;
  const std::string dsn = cluster_dsn(nodes_);
  v5store::V5EnhancedStore store(bank_spec(dsn, 6));
  v5test::bank_setup(store);
  wait_applied_everywhere(nodes_);

  std::array<long long, 3> commits_before{};
  for (int i = 0; i < 3; ++i) commits_before[i] = local_commits(nodes_[i]);
  std::atomic<bool> stop{false};
  v5test::BankOutcome outcome;
  std::thread workload([&] { outcome = v5test::bank_run(store, 6, stop); });

  // A third of the run on the whole cluster, then node 2 is killed; it rejoins a third later.
  const auto third = std::chrono::milliseconds(seconds * 1000 / 3);
  std::this_thread::sleep_for(third);
  std::array<long long, 3> commits_whole{};
  for (int i = 0; i < 3; ++i) commits_whole[i] = local_commits(nodes_[i]) - commits_before[i];
  cluster_script("v5_galera_kill 2");
  const auto during = v5store::detail::galera_cluster_state(dsn, std::chrono::seconds(1));
  std::this_thread::sleep_for(third);
  const auto rejoin_start = std::chrono::steady_clock::now();
  cluster_script("v5_galera_rejoin 2");
  const auto rejoin = std::chrono::steady_clock::now() - rejoin_start;
  std::this_thread::sleep_for(third);
  stop = true;
  workload.join();

  for (int i = 0; i < 3; ++i) {
    EXPECT_GT(commits_whole[i], 0) << "no transfer committed on node " << i + 1;
  }
  EXPECT_FALSE(during.nodes.at(1).reachable) << "node 2 was killed";
  const auto after = v5store::detail::galera_cluster_state(dsn, std::chrono::seconds(2));
  EXPECT_EQ(after.cluster_size, 3);

  // Each node on its own, reading after it applied every write (wsrep_sync_wait on the only
  // connection of a one-connection store).
  for (const auto& node : nodes_) {
    v5store::V5EnhancedStore check(bank_spec(node, 1));
    check.transact([](v5store::Transaction& tx) { tx.session() << "SET SESSION wsrep_sync_wait = 1"; });
    v5test::bank_check(check, outcome);
  }
  EXPECT_GT(outcome.acknowledged.size(), 0u);
  const v5store::PoolStats stats = store.pool().stats();

  std::cout << "GALERA seconds=" << seconds << " acknowledged=" << outcome.acknowledged.size()
            << " in_doubt=" << outcome.in_doubt.size() << " failed=" << outcome.failed.size()
            << " deadlocks_retried=" << stats.deadlocks << " commits_per_node="
            << commits_whole[0] << "," << commits_whole[1] << "," << commits_whole[2]
            << " rejoin_ms="
            << std::chrono::duration_cast<std::chrono::milliseconds>(rejoin).count()
            << " errors:";
  for (const auto& [code, count] : outcome.errors) std::cout << " " << code << "=" << count;
  std::cout << std::endl;
}

}  // namespace
