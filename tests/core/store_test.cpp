// V5EnhancedStore: opening from a spec, pools per database, component policies.
#include "v5store/store.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core_fixture.hpp"
#include "v5store/logger.hpp"

namespace v5test {
namespace {

using v5store::ErrorCode;
using v5store::IsolationLevel;
using v5store::Transaction;
using v5store::V5EnhancedStore;

v5store::SystemSpec two_sqlite_databases() {
  v5store::SystemSpec spec;
  spec.name = "core_store";
  for (const char* name : {"main", "audit"}) {
    v5store::DatabaseSpec database;
    database.name = name;
    database.backend = v5store::BackendKind::sqlite;
    database.dsn = dsn_for(v5store::BackendKind::sqlite, std::string("core_store_") + name);
    database.pool.max_size = 2;
    spec.databases.push_back(database);
  }
  v5store::ComponentSpec orders;
  orders.name = "orders";
  orders.type = "store";
  orders.database = "main";
  orders.transactions.isolation = IsolationLevel::serializable;
  orders.transactions.max_retries = 7;
  spec.components.push_back(orders);
  return spec;
}

TEST(Store, OpensOnePoolPerDatabase) {
  V5EnhancedStore store(two_sqlite_databases());
  EXPECT_EQ(store.pool().database().name, "main");
  EXPECT_EQ(store.pool("audit").database().name, "audit");
  EXPECT_EQ(&store.pool("main"), &store.pool());
  try {
    store.pool("nope");
    ADD_FAILURE() << "an unknown database was found";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);
  }
}

// Routing to replicas is not built: a store with replicas says so instead of keeping quiet.
TEST(Store, ReplicasThatAreNotUsedYetAreLoggedAsAWarning) {
  v5store::SystemSpec spec = two_sqlite_databases();
  v5store::ReplicaSpec replica;
  replica.dsn = dsn_for(v5store::BackendKind::sqlite, "core_store_replica");
  spec.databases.front().replicas.push_back(replica);
  std::vector<std::string> warnings;
  v5store::set_logger([&](v5store::LogLevel level, std::string_view category,
                          std::string_view message, const v5store::LogFields& fields) {
    if (level != v5store::LogLevel::warning || category != "routing") return;
    std::string line(message);
    for (const auto& [key, value] : fields) line += " " + key + "=" + value;
    warnings.push_back(line);
  });
  { V5EnhancedStore store(spec); }
  v5store::set_logger({});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("every read goes to the primary"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("database=main"), std::string::npos) << warnings[0];
}

TEST(Store, TransactWritesThroughTheNamedDatabase) {
  V5EnhancedStore store(two_sqlite_databases());
  {
    auto lease = store.acquire("audit");
    lease.session() << "CREATE TABLE events (id INTEGER PRIMARY KEY)";
  }
  store.transact([](Transaction& tx) { tx.session() << "INSERT INTO events (id) VALUES (1)"; },
                 {}, "audit");
  Transaction tx = store.begin("audit");
  long long count = 0;
  tx.session() << "SELECT COUNT(*) FROM events", soci::into(count);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(store.pool("audit").stats().transactions_committed, 1u);
}

// Raw SQL through the store itself (issue 17, item 4): on the first database, with positional
// and named parameters; COUNT(*) comes back as an int64.
TEST(Store, QueriesAndExecutesRawSqlOnTheFirstDatabase) {
  v5store::StoreOptions options;
  options.monitoring = false;
  V5EnhancedStore store(two_sqlite_databases(), options);
  store.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
  EXPECT_EQ(store.execute("INSERT INTO notes (id, body) VALUES (?, ?)",
                          {std::int64_t{1}, std::string("alpha")}),
            1);
  EXPECT_EQ(store.execute("INSERT INTO notes (id, body) VALUES (:id, :body)",
                          {{"id", std::int64_t{2}}, {"body", std::string("beta")}}),
            1);
  const auto rows = store.query("SELECT COUNT(*) AS n FROM notes WHERE body <> :skip",
                                {{"skip", std::string("beta")}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().get<std::int64_t>("n"), 1);
  EXPECT_EQ(&store.records(), &store.records("main"));
}

// StoreOptions::log_parameter_values (issue 17, item 7): bound values appear in error
// messages while a store that asked for them lives, and never otherwise.
TEST(Store, LogParameterValuesShowsBoundValuesOnlyWhileAskedFor) {
  const auto duplicate_message = [](V5EnhancedStore& store) {
    store.execute("CREATE TABLE IF NOT EXISTS tags (name TEXT UNIQUE)");
    store.execute("DELETE FROM tags");
    store.execute("INSERT INTO tags (name) VALUES (?)", {std::string("visible-value")});
    try {
      store.execute("INSERT INTO tags (name) VALUES (?)", {std::string("visible-value")});
    } catch (const v5store::Error& e) {
      return std::string(e.what());
    }
    ADD_FAILURE() << "a duplicate was accepted";
    return std::string();
  };
  v5store::StoreOptions options;
  options.monitoring = false;
  {
    V5EnhancedStore quiet(two_sqlite_databases(), options);
    EXPECT_FALSE(v5store::log_parameter_values());
    const std::string message = duplicate_message(quiet);
    EXPECT_EQ(message.find("visible-value"), std::string::npos) << message;
  }
  options.log_parameter_values = true;
  {
    V5EnhancedStore debugging(two_sqlite_databases(), options);
    EXPECT_TRUE(v5store::log_parameter_values());
    const std::string message = duplicate_message(debugging);
    EXPECT_NE(message.find("visible-value"), std::string::npos) << message;
  }
  EXPECT_FALSE(v5store::log_parameter_values());
}

TEST(Store, PolicyCarriesTheComponentDefaults) {
  V5EnhancedStore store(two_sqlite_databases());
  const auto policy = store.policy("orders");
  EXPECT_EQ(policy.isolation, IsolationLevel::serializable);
  EXPECT_EQ(policy.max_retries, 7);
  EXPECT_THROW(store.policy("nope"), v5store::Error);
}

TEST(Store, PoolMetricsAreExported) {
  // Monitoring off: its health checks borrow connections too, and this test counts them.
  v5store::StoreOptions options;
  options.monitoring = false;
  V5EnhancedStore store(two_sqlite_databases(), options);
  store.transact([](Transaction& tx) { tx.session() << "SELECT 1"; });
  { auto lease = store.acquire(); }
  const std::string text = store.metrics().render_prometheus();
  EXPECT_NE(text.find("v5store_pool_connections{database=\"main\",state=\"idle\"}"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("v5store_pool_max_connections{database=\"audit\"} 2"), std::string::npos)
      << text;
  EXPECT_NE(text.find("v5store_transactions_total{database=\"main\",outcome=\"commit\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("v5store_pool_connections_created_total{database=\"main\"} 1"),
            std::string::npos)
      << text;
}

TEST(Store, AnEmptySpecIsAConfigError) {
  v5store::SystemSpec spec;
  spec.name = "empty";
  try {
    V5EnhancedStore store(spec);
    ADD_FAILURE() << "a store opened without databases";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
  }
}

TEST(Store, OpensFromASpecFile) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("core_store_file_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "system.yaml";
  {
    std::ofstream out(path);
    out << "schema_version: 1\n"
           "system: { name: filed, version: 1 }\n"
           "databases:\n"
           "  main: { backend: sqlite, dsn: \""
        << (dir / "filed.db").string()
        << "\", pool: { max_size: 3 } }\n";
  }
  {
    // The store's monitor may open the database file's journal at any moment: the
    // directory is removed after the store is closed.
    V5EnhancedStore store(path);
    EXPECT_EQ(store.pool().stats().max_size, 3);
  }
  std::filesystem::remove_all(dir);
}

// Destroying the store under a live lease used to free the pool the lease returns to
// (SIGSEGV, or an ASan heap-use-after-free): it is a diagnosed failure naming the borrower.
TEST(StoreDeathTest, DestroyedUnderALiveLeaseNamesTheLeaseAndTerminates) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        auto store = std::make_unique<V5EnhancedStore>(two_sqlite_databases());
        v5store::Lease lease = store->acquire("audit", "nightly-report");
        store.reset();
      },
      "database audit: .*still leased \\(tag 'nightly-report' held for [0-9]+ ms\\).*terminating");
}

TEST(StoreDeathTest, DestroyedUnderALiveTransactionNamesItAndTerminates) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        auto store = std::make_unique<V5EnhancedStore>(two_sqlite_databases());
        Transaction tx = store->begin("main");
        store.reset();
      },
      "database main: .*tag 'transaction'.*terminating");
}

}  // namespace
}  // namespace v5test
