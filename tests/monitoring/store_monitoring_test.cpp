// V5EnhancedStore runs monitoring itself: the health monitor from the spec's monitoring
// section, the endpoint when the spec sets monitoring.listen, per-statement statistics from
// every prepared statement, drift in schema_integrity; StoreOptions::monitoring turns it off.
// Also the store's schema, records and migrator accessors.
#include "v5store/store.hpp"

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "../migrate/fresh_database.hpp"
#include "connection.hpp"
#include "http_client.hpp"
#include "test_databases.hpp"

namespace {

using namespace std::chrono_literals;
using v5store::BackendKind;
using v5store::HealthCategory;
using v5store::HealthStatus;

// shop.yaml on `db`, the endpoint on a free loopback port (or no `listen` at all).
v5store::SystemSpec shop_spec(const v5test::FreshDatabase& db, bool listen, int interval_ms = 100) {
  std::string yaml = v5test::spec_for(db, v5test::shop_yaml());
  const std::string monitoring =
      listen ? "monitoring: { listen: \"127.0.0.1:0\", health_interval_ms: " +
                   std::to_string(interval_ms) + " }"
             : "monitoring: { health_interval_ms: " + std::to_string(interval_ms) + " }";
  yaml = std::regex_replace(yaml, std::regex(R"(monitoring: \{[^}]*\})"), monitoring);
  return v5store::parse_spec_string(yaml, "shop.yaml");
}

const v5store::CategoryResult& category(const v5store::HealthReport& report,
                                        HealthCategory which) {
  for (const auto& result : report.categories) {
    if (result.category == which) return result;
  }
  throw std::logic_error("category missing from the report");
}

const v5store::HealthCheck* find_check(const v5store::CategoryResult& result,
                                       const std::string& name) {
  for (const auto& check : result.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

// Polls `fn` every 10 ms for up to `limit`.
template <class Fn>
bool eventually(Fn fn, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fn()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return fn();
}

TEST(StoreMonitoring, HealthMonitorRunsByDefaultWithoutAnEndpointWhenListenIsNotSet) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_default");
  v5store::V5EnhancedStore store(shop_spec(db, false));
  EXPECT_EQ(store.monitoring_server(), nullptr);
  EXPECT_TRUE(eventually([&] {
    return category(store.health().report(), HealthCategory::connectivity).status ==
           HealthStatus::healthy;
  })) << store.health().report().to_text();
  // The status gauges are in the store's registry.
  EXPECT_NE(store.metrics().render_prometheus().find("v5store_health_status{category=\"pool\"}"),
            std::string::npos);
}

TEST(StoreMonitoring, ServesTheEndpointWhenTheSpecSetsListen) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_endpoint");
  v5store::V5EnhancedStore store(shop_spec(db, true));
  ASSERT_NE(store.monitoring_server(), nullptr);
  const auto port = store.monitoring_server()->port();
  ASSERT_NE(port, 0);
  EXPECT_EQ(v5test::http_get(port, "/health/live").status, 200);
  EXPECT_TRUE(eventually([&] {
    const auto health = v5test::http_get(port, "/health");
    return health.body.find("\"connectivity\":{\"status\":\"healthy\"") != std::string::npos;
  })) << v5test::http_get(port, "/health").body;
  const auto metrics = v5test::http_get(port, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("v5store_pool_connections{"), std::string::npos);

  store.shutdown();
  EXPECT_THROW(v5test::http_get(port, "/health/live"), boost::system::system_error)
      << "shutdown() stops the endpoint";
}

TEST(StoreMonitoring, MonitoringOffRunsNothingButChecksOnDemand) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_off");
  v5store::StoreOptions options;
  options.monitoring = false;
  v5store::V5EnhancedStore store(shop_spec(db, true), options);
  EXPECT_EQ(store.monitoring_server(), nullptr);
  store.migrator().up();
  v5store::Record customer;
  customer.set("email", std::string("off@example.com"));
  customer.set("name", std::string("Off"));
  const v5store::Key key = store.records().insert("customer", customer);
  ASSERT_TRUE(store.records().get("customer", key));
  std::this_thread::sleep_for(300ms);  // three intervals of the spec: nothing runs
  EXPECT_EQ(category(store.health().report(), HealthCategory::connectivity).status,
            HealthStatus::unknown);
  EXPECT_NE(category(store.health().report(), HealthCategory::connectivity)
                .message.find("Not checked yet"),
            std::string::npos);
  EXPECT_TRUE(store.performance().statements().empty());
  const auto report = store.health().check_all();
  EXPECT_EQ(category(report, HealthCategory::connectivity).status, HealthStatus::healthy)
      << report.to_text();
}

// Before every category has answered once nothing is known to be fine: /health says unknown
// and /health/ready 503 (it used to say healthy while every category was "not checked yet").
TEST(StoreMonitoring, HealthIsUnknownAndNotReadyBeforeTheFirstRound) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_first_round");
  v5store::StoreOptions options;
  options.monitoring = false;
  v5store::V5EnhancedStore store(shop_spec(db, false), options);
  const auto before = store.health().report();
  EXPECT_EQ(before.overall, HealthStatus::unknown) << before.to_text();
  EXPECT_FALSE(before.complete);
  EXPECT_FALSE(before.ready());
  EXPECT_EQ(before.to_json(false), R"({"status":"unknown"})");
  store.health().check(HealthCategory::connectivity);  // one category is not a round
  EXPECT_FALSE(store.health().report().ready());
  store.migrator().up();
  store.health().check_all();
  const auto after = store.health().report();
  EXPECT_TRUE(after.complete);
  EXPECT_TRUE(after.ready()) << after.to_text();
  EXPECT_NE(after.overall, HealthStatus::unknown) << after.to_text();
}

// `monitoring: { enabled: false }` turns monitoring off as StoreOptions::monitoring = false
// does: no endpoint even when it is required (it used to serve 38 metric lines), no monitor
// thread, no statement statistics.
TEST(StoreMonitoring, EnabledFalseInTheSpecServesNothingAndRunsNoMonitor) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_disabled");
  v5store::SystemSpec spec = shop_spec(db, true);
  spec.monitoring.enabled = false;
  v5store::StoreOptions options;
  options.endpoint = v5store::MonitoringEndpoint::required;
  v5store::V5EnhancedStore store(spec, options);
  EXPECT_EQ(store.monitoring_server(), nullptr);
  store.migrator().up();
  v5store::Record customer;
  customer.set("email", std::string("disabled@example.com"));
  customer.set("name", std::string("Disabled"));
  store.records().insert("customer", customer);
  std::this_thread::sleep_for(300ms);  // three intervals of the spec: nothing runs
  EXPECT_EQ(category(store.health().report(), HealthCategory::connectivity).status,
            HealthStatus::unknown);
  EXPECT_TRUE(store.performance().statements().empty());
}

// Port 0 picks a free port; the store says which in a log line and in url().
TEST(StoreMonitoring, APortChosenBySystemIsReportedInUrlAndLog) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_port_zero");
  testing::internal::CaptureStderr();
  v5store::V5EnhancedStore store(shop_spec(db, true));
  const std::string log = testing::internal::GetCapturedStderr();
  ASSERT_NE(store.monitoring_server(), nullptr);
  const std::string url = store.monitoring_server()->url();
  EXPECT_EQ(url, "http://127.0.0.1:" + std::to_string(store.monitoring_server()->port()));
  EXPECT_NE(store.monitoring_server()->port(), 0);
  EXPECT_NE(log.find("serves monitoring at " + url), std::string::npos) << log;
}

TEST(StoreMonitoring, RequiredEndpointThatCannotBindFailsTheStore) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_required");
  v5store::V5EnhancedStore first(shop_spec(db, true));
  ASSERT_NE(first.monitoring_server(), nullptr);
  v5store::SystemSpec spec = shop_spec(db, true);
  spec.monitoring.listen = "127.0.0.1:" + std::to_string(first.monitoring_server()->port());
  v5store::StoreOptions required;
  required.endpoint = v5store::MonitoringEndpoint::required;
  try {
    v5store::V5EnhancedStore second(spec, required);
    ADD_FAILURE() << "a required endpoint on a port in use must fail";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::connection) << e.what();
  }
  // automatic: the store opens and runs without the endpoint.
  v5store::V5EnhancedStore third(spec);
  EXPECT_EQ(third.monitoring_server(), nullptr);
}

TEST(StoreMonitoring, StatementStatisticsComeFromEveryPreparedStatement) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_statements");
  v5store::V5EnhancedStore store(shop_spec(db, false));
  store.migrator().up();
  v5store::Record customer;
  customer.set("email", std::string("stats@example.com"));
  customer.set("name", std::string("Stats"));
  const v5store::Key key = store.records().insert("customer", customer);
  constexpr int kFinds = 25;
  for (int i = 0; i < kFinds; ++i) {
    v5store::Record where;
    where.set("name", std::string("Stats"));
    EXPECT_EQ(store.records().find("customer", where).size(), 1u);
  }
  // The raw statement path counts too.
  {
    v5store::Lease lease = store.acquire();
    auto& select = lease.connection().statement("SELECT 1 AS one", {}, {v5store::FieldType::int64});
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(select.execute());
  }
  const auto all = store.performance().statements();
  const v5store::StatementStats* find = nullptr;
  const v5store::StatementStats* one = nullptr;
  for (const auto& s : all) {
    const bool customers = s.sql.find("customers") != std::string::npos;
    if (s.sql.rfind("SELECT", 0) == 0 && customers && s.sql.find("WHERE") != std::string::npos &&
        s.sql.find("name", s.sql.find("WHERE")) != std::string::npos) {
      find = &s;
    }
    if (s.sql == "SELECT 1 AS one") one = &s;
  }
  ASSERT_NE(find, nullptr) << "statements seen: " << all.size();
  EXPECT_EQ(find->database, "main");
  EXPECT_EQ(find->count, static_cast<std::uint64_t>(kFinds));
  EXPECT_EQ(find->rows, static_cast<std::uint64_t>(kFinds));
  EXPECT_GT(find->total_seconds, 0.0);
  EXPECT_GE(find->p99_seconds, find->p50_seconds);
  EXPECT_LE(find->p99_seconds, find->max_seconds);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->count, 3u);
  EXPECT_EQ(one->rows, 3u);

  // The optimiser works on what the running store collected: a find by a non-indexed column
  // scans the table.
  const auto report = store.optimize();
  EXPECT_FALSE(report.plans.empty());
  bool recommends_name = false;
  for (const auto& index : report.indexes) {
    if (index.table == "customers" && index.columns == std::vector<std::string>{"name"}) {
      recommends_name = true;
    }
  }
  EXPECT_TRUE(recommends_name) << report.to_text();
  ASSERT_TRUE(store.records().remove("customer", key));
}

TEST(StoreMonitoring, FailedStatementsAreCountedAsErrors) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_errors");
  v5store::V5EnhancedStore store(shop_spec(db, false));
  store.migrator().up();
  v5store::Record customer;
  customer.set("email", std::string("twice@example.com"));
  customer.set("name", std::string("Twice"));
  store.records().insert("customer", customer);
  EXPECT_THROW(store.records().insert("customer", customer), v5store::Error);
  std::uint64_t errors = 0;
  std::uint64_t count = 0;
  for (const auto& s : store.performance().statements()) {
    if (s.sql.rfind("INSERT INTO", 0) == 0 && s.sql.find("customers") != std::string::npos) {
      errors += s.errors;
      count += s.count;
    }
  }
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(errors, 1u);
}

TEST(StoreAccessors, SchemaRecordsAndMigratorOfTheSpec) {
  v5test::FreshDatabase db(BackendKind::sqlite, "store_accessors");
  v5store::V5EnhancedStore store(shop_spec(db, false));
  ASSERT_NE(store.schema().find("order_line"), nullptr);
  EXPECT_EQ(store.schema().entity("order").table(), "orders");
  EXPECT_EQ(&store.records(), &store.records("main"));
  EXPECT_EQ(&store.records().registry(), &store.schema());
  EXPECT_TRUE(store.records().cache_stats("customers").has_value());
  try {
    store.records("nope");
    ADD_FAILURE() << "unknown database";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::not_found);
  }
  EXPECT_THROW(store.migrator("nope"), v5store::Error);
  auto migrator = store.migrator("main");
  EXPECT_FALSE(migrator.plan().empty());
  migrator.up();
  EXPECT_TRUE(store.migrator().drift().clean());
  EXPECT_EQ(store.pools().size(), 1u);
}

class StoreDrift : public testing::TestWithParam<BackendKind> {};

TEST_P(StoreDrift, SchemaIntegrityReportsDriftFromTheSpec) {
  v5test::FreshDatabase db(GetParam(), "store_drift");
  ASSERT_FALSE(db.dsn().empty());
  v5store::StoreOptions options;
  options.alerts.log = false;
  v5store::V5EnhancedStore store(shop_spec(db, false, 60000), options);

  // Nothing migrated yet: the declared tables are missing, the store's statements would fail.
  auto result = store.health().check(HealthCategory::schema_integrity);
  const v5store::HealthCheck* drift = find_check(result, "drift");
  ASSERT_NE(drift, nullptr) << v5store::make_report({result}).to_text();
  EXPECT_EQ(drift->status, HealthStatus::critical) << drift->message;
  EXPECT_NE(drift->message.find("missing_table"), std::string::npos) << drift->message;

  store.migrator().up();
  result = store.health().check(HealthCategory::schema_integrity);
  drift = find_check(result, "drift");
  ASSERT_NE(drift, nullptr);
  EXPECT_EQ(drift->status, HealthStatus::healthy) << drift->message;
  EXPECT_EQ(drift->value, 0.0);
  EXPECT_EQ(result.status, HealthStatus::healthy) << v5store::make_report({result}).to_text();

  // A column added by hand: warning, named in the message, value against the threshold.
  {
    auto session = db.open();
    *session << "ALTER TABLE customers ADD nickname VARCHAR(40)";
  }
  result = store.health().check(HealthCategory::schema_integrity);
  drift = find_check(result, "drift");
  ASSERT_NE(drift, nullptr);
  EXPECT_EQ(drift->status, HealthStatus::warning) << drift->message;
  EXPECT_EQ(drift->value, 1.0);
  EXPECT_EQ(drift->warning_threshold, 1.0);
  EXPECT_NE(drift->message.find("extra_column customers.nickname"), std::string::npos)
      << drift->message;

  // A declared column dropped by hand: critical.
  {
    auto session = db.open();
    *session << "ALTER TABLE orders DROP COLUMN note";
  }
  result = store.health().check(HealthCategory::schema_integrity);
  drift = find_check(result, "drift");
  ASSERT_NE(drift, nullptr);
  EXPECT_EQ(drift->status, HealthStatus::critical) << drift->message;
  EXPECT_EQ(drift->value, 2.0);
  EXPECT_NE(drift->message.find("missing_column orders.note"), std::string::npos)
      << drift->message;
  EXPECT_FALSE(store.health().report().ready());
}

// The order the docs show (open the store, then migrate) leaves the service ready at once:
// a migration run through the store re-checks schema_integrity instead of leaving it
// critical until the category's next interval (60 s).
TEST_P(StoreDrift, ReadinessFollowsAMigrationAtOnce) {
  v5test::FreshDatabase db(GetParam(), "store_ready_migrate");
  ASSERT_FALSE(db.dsn().empty());
  v5store::StoreOptions options;
  options.alerts.log = false;
  v5store::V5EnhancedStore store(shop_spec(db, false, 100), options);
  ASSERT_TRUE(eventually([&] { return store.health().report().complete; }))
      << store.health().report().to_text();
  EXPECT_EQ(category(store.health().report(), HealthCategory::schema_integrity).status,
            HealthStatus::critical);
  EXPECT_FALSE(store.health().report().ready());

  store.migrator().up();
  const auto report = store.health().report();  // no waiting
  EXPECT_NE(category(report, HealthCategory::schema_integrity).status, HealthStatus::critical)
      << report.to_text();
  EXPECT_TRUE(report.ready()) << report.to_text();
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreDrift, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
