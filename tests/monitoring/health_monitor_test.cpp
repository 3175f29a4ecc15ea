// The health monitor against real databases: every category reports a measured value and its
// threshold; backups, file modes, schema versions, query latency and rollback ratios move the
// status the documented way.
#include "v5store/health.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/alerts.hpp"
#include "v5store/error.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"

namespace {

using v5store::BackendKind;
using v5store::HealthCategory;
using v5store::HealthStatus;

v5store::DatabaseSpec database_for(BackendKind kind, const std::string& tag) {
  v5store::DatabaseSpec database;
  database.name = "main";
  database.backend = kind;
  database.dsn = v5test::dsn_for(kind, tag);
  database.pool.max_size = 4;
  database.pool.min_idle = 1;
  database.pool.acquire_timeout_ms = 2000;
  return database;
}

const v5store::HealthCheck* find_check(const v5store::CategoryResult& result,
                                       const std::string& name) {
  for (const auto& check : result.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

class HealthMonitorTest : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    database_ = database_for(GetParam(), "monitoring_health");
    ASSERT_FALSE(database_.dsn.empty());
    pool_ = std::make_unique<v5store::ConnectionPool>(database_, &registry_);
    sources_.pools = {pool_.get()};
    sources_.metrics = &registry_;
  }
  v5store::HealthMonitor make(v5store::HealthMonitorOptions options = {}) {
    return v5store::HealthMonitor(options, sources_);
  }
  v5store::DatabaseSpec database_;
  v5store::MetricsRegistry registry_;
  std::unique_ptr<v5store::ConnectionPool> pool_;
  v5store::HealthSources sources_;
};

TEST_P(HealthMonitorTest, EveryCategoryIsReportedWithItsValues) {
  v5store::HealthMonitor monitor(v5store::HealthMonitorOptions{}, sources_);
  const auto report = monitor.check_all();
  ASSERT_EQ(report.categories.size(), 8u);
  const auto& connectivity = report.categories[0];
  EXPECT_NE(connectivity.status, HealthStatus::critical) << report.to_text();
  const auto* rtt = find_check(connectivity, "round_trip_ms");
  ASSERT_NE(rtt, nullptr);
  ASSERT_TRUE(rtt->value.has_value());
  EXPECT_GE(*rtt->value, 0);
  EXPECT_EQ(*rtt->warning_threshold, 100);
  EXPECT_EQ(*rtt->critical_threshold, 1000);
  const auto& pool = report.categories[1];
  EXPECT_EQ(pool.status, HealthStatus::healthy) << report.to_text();
  ASSERT_NE(find_check(pool, "utilisation"), nullptr);
  const auto& storage = report.categories[5];
  const auto* size = find_check(storage, "database_size_bytes");
  ASSERT_NE(size, nullptr) << report.to_text();
  ASSERT_TRUE(size->value.has_value()) << size->message;
  EXPECT_GE(*size->value, 0);
  EXPECT_TRUE(report.ready()) << report.to_text();
  // The status gauges are published.
  const auto metrics = registry_.render_prometheus();
  EXPECT_NE(metrics.find("v5store_health_status{category=\"connectivity\"} 0"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("v5store_build_info{version=\""), std::string::npos) << metrics;
  // JSON carries every category.
  const auto json = report.to_json();
  for (auto category : v5store::all_health_categories()) {
    EXPECT_NE(json.find("\"" + std::string(v5store::to_string(category)) + "\":"),
              std::string::npos);
  }
}

// A fully used pool is the intended state of a small pool (HikariCP's sizing advice): it is
// information, not an alert (the pgbench comparison, 4 threads on a pool of 4, raised CRITICAL
// and then EMERGENCY). Callers that keep waiting are a warning; callers that gave up (acquire
// timeouts) are critical.
TEST_P(HealthMonitorTest, AFullPoolIsInformationWaitingWarnsAndTimeoutsAreCritical) {
  v5store::AlertOptions alert_options;
  alert_options.log = false;
  v5store::AlertManager alerts(alert_options);
  sources_.alerts = &alerts;
  auto monitor = make();
  std::vector<v5store::Lease> leases;
  for (int i = 0; i < database_.pool.max_size; ++i) leases.push_back(pool_->acquire());
  for (int i = 0; i < 12; ++i) {
    const auto busy = monitor.check(HealthCategory::pool);
    EXPECT_EQ(busy.status, HealthStatus::healthy) << v5store::make_report({busy}).to_text();
    const auto* utilisation = find_check(busy, "utilisation");
    ASSERT_NE(utilisation, nullptr);
    EXPECT_EQ(utilisation->value, 1.0);
  }
  EXPECT_TRUE(alerts.history().empty()) << alerts.history().front().to_string();

  // A caller waiting in five checks in a row: a warning.
  std::thread waiter([&] { v5store::Lease lease = pool_->acquire_for(std::chrono::seconds(20)); });
  while (pool_->stats().pending == 0) std::this_thread::yield();
  std::vector<HealthStatus> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(monitor.check(HealthCategory::pool).status);
  EXPECT_EQ(statuses, (std::vector<HealthStatus>{HealthStatus::healthy, HealthStatus::healthy,
                                                 HealthStatus::healthy, HealthStatus::healthy,
                                                 HealthStatus::warning}));
  leases.pop_back();
  waiter.join();
  leases.push_back(pool_->acquire());  // full again

  // A caller that gave up: critical, named with its count.
  EXPECT_THROW(pool_->acquire_for(std::chrono::milliseconds(10)), v5store::Error);
  const auto timed_out = monitor.check(HealthCategory::pool);
  EXPECT_EQ(timed_out.status, HealthStatus::critical)
      << v5store::make_report({timed_out}).to_text();
  EXPECT_NE(timed_out.message.find("1 callers gave up waiting"), std::string::npos)
      << timed_out.message;
  leases.clear();
  EXPECT_EQ(monitor.check(HealthCategory::pool).status, HealthStatus::healthy);
}

// The monitor's own checks waiting for a busy pool are not the application's timeouts.
TEST_P(HealthMonitorTest, TheMonitorsOwnAcquireTimeoutsAreNotCritical) {
  v5store::HealthMonitorOptions options;
  options.monitoring.categories["storage"].timeout_ms = 50;
  auto monitor = make(options);
  monitor.check(HealthCategory::pool);
  std::vector<v5store::Lease> leases;
  for (int i = 0; i < database_.pool.max_size; ++i) leases.push_back(pool_->acquire());
  monitor.check(HealthCategory::storage);  // times out acquiring
  EXPECT_EQ(pool_->stats().timeouts, 1u);
  const auto pool = monitor.check(HealthCategory::pool);
  EXPECT_EQ(pool.status, HealthStatus::healthy) << v5store::make_report({pool}).to_text();
  // And connectivity measures with a connection of its own instead of waiting.
  const auto connectivity = monitor.check(HealthCategory::connectivity);
  EXPECT_NE(connectivity.status, HealthStatus::critical) << connectivity.message;
  EXPECT_NE(connectivity.message.find("busy"), std::string::npos) << connectivity.message;
}

// The used fraction of the disk is df's Use%: used / (used + available), so blocks reserved
// for root do not count as used (a disk df shows 72 % full is not reported as 89 % full).
TEST_P(HealthMonitorTest, DiskUsedRatioIsWhatDfReports) {
  auto monitor = make();
  const auto storage = monitor.check(HealthCategory::storage);
  const auto* disk = find_check(storage, "disk_used_ratio");
  ASSERT_NE(disk, nullptr);
  ASSERT_TRUE(disk->value.has_value()) << disk->message;  // every test server is local
  const auto at = disk->message.rfind(" at ");
  ASSERT_NE(at, std::string::npos) << disk->message;
  const auto directory = disk->message.substr(at + 4);
  const std::string command = "df --output=pcent '" + directory + "' | tail -n 1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  ASSERT_NE(pipe, nullptr);
  char line[64] = {};
  ASSERT_NE(std::fgets(line, sizeof line, pipe.get()), nullptr) << command;
  const int df_percent = std::atoi(line);  // df rounds up to a whole percent
  EXPECT_GE(*disk->value * 100, df_percent - 1.0) << disk->message << " / df: " << line;
  EXPECT_LE(*disk->value * 100, df_percent + 0.0) << disk->message << " / df: " << line;
  EXPECT_EQ(*disk->warning_threshold, 0.95);
  EXPECT_EQ(*disk->critical_threshold, 0.97);
}

TEST_P(HealthMonitorTest, SchemaVersionIsComparedWithTheSpec) {
  {
    auto lease = pool_->acquire();
    lease.session() << "DROP TABLE IF EXISTS v5_schema_history";
    lease.session() << "CREATE TABLE v5_schema_history (version VARCHAR(50), success INT)";
    lease.session() << "INSERT INTO v5_schema_history (version, success) VALUES ('2', 1)";
    lease.session() << "INSERT INTO v5_schema_history (version, success) VALUES ('3', 0)";
  }
  sources_.declared_schema_version = 2;
  auto monitor = make();
  auto result = monitor.check(HealthCategory::schema_integrity);
  const auto* version = find_check(result, "schema_version");
  ASSERT_NE(version, nullptr) << v5store::make_report({result}).to_text();
  EXPECT_EQ(version->value.value_or(-1), 2);
  EXPECT_EQ(version->status, HealthStatus::healthy);
  EXPECT_NE(registry_.render_prometheus().find("v5store_schema_version{database=\"main\"} 2"),
            std::string::npos);
  sources_.declared_schema_version = 3;
  auto behind = make();
  result = behind.check(HealthCategory::schema_integrity);
  EXPECT_EQ(find_check(result, "schema_version")->status, HealthStatus::warning);
  auto lease = pool_->acquire();
  lease.session() << "DROP TABLE v5_schema_history";
}

TEST_P(HealthMonitorTest, SlowQueriesRaiseQueryPerformance) {
  auto& durations = registry_.histogram(v5store::metric_names::kQueryDurationSeconds, "q",
                                        {{"database", "main"}, {"operation", "select"}});
  auto monitor = make();
  auto result = monitor.check(HealthCategory::query_performance);
  EXPECT_EQ(result.status, HealthStatus::healthy);
  for (int i = 0; i < 100; ++i) durations.observe(0.4);  // p95 400 ms > 250 ms warning
  result = monitor.check(HealthCategory::query_performance);
  EXPECT_EQ(result.status, HealthStatus::warning) << v5store::make_report({result}).to_text();
  // Slow statements are a warning however slow: the database answers, so nothing is down.
  for (int i = 0; i < 100; ++i) durations.observe(3.0);
  result = monitor.check(HealthCategory::query_performance);
  EXPECT_EQ(result.status, HealthStatus::warning) << v5store::make_report({result}).to_text();
  // Only the window since the previous check counts.
  for (int i = 0; i < 100; ++i) durations.observe(0.001);
  result = monitor.check(HealthCategory::query_performance);
  EXPECT_EQ(result.status, HealthStatus::healthy) << v5store::make_report({result}).to_text();
}

TEST_P(HealthMonitorTest, RollbackRatioComesFromTheStoresCounters) {
  auto count = [&](const char* outcome, double n) {
    registry_.counter(v5store::metric_names::kTransactionsTotal, "t",
                      {{"database", "main"}, {"outcome", outcome}})
        .inc(n);
  };
  auto monitor = make();
  monitor.check(HealthCategory::transactions);
  count("commit", 4);
  count("rollback", 6);
  const auto result = monitor.check(HealthCategory::transactions);
  const auto* ratio = find_check(result, "rollback_ratio");
  ASSERT_NE(ratio, nullptr);
  EXPECT_DOUBLE_EQ(ratio->value.value_or(0), 0.6);
  EXPECT_EQ(ratio->status, HealthStatus::warning);  // rollbacks are the application's choice
}

TEST_P(HealthMonitorTest, AlertsFireFromChecks) {
  v5store::AlertOptions options;
  options.log = false;
  v5store::AlertManager alerts(options);
  sources_.alerts = &alerts;
  auto& durations = registry_.histogram(v5store::metric_names::kQueryDurationSeconds, "q",
                                        {{"database", "main"}, {"operation", "select"}});
  auto monitor = make();
  for (int i = 0; i < 100; ++i) durations.observe(5.0);
  monitor.check(HealthCategory::query_performance);
  const auto history = alerts.history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].level, v5store::AlertLevel::warning);
  EXPECT_EQ(history[0].category, HealthCategory::query_performance);
}

TEST_P(HealthMonitorTest, ConnectivityRecoveryClosesACircuitOpenedWhileTheDatabaseIsUp) {
  pool_->open_circuit();
  auto monitor = make();
  const auto result = monitor.check(HealthCategory::connectivity);
  // Healthy, or warning when a fresh connection took over 100 ms on a loaded machine.
  EXPECT_NE(result.status, HealthStatus::critical) << v5store::make_report({result}).to_text();
  EXPECT_FALSE(pool_->stats().circuit_open);
}

INSTANTIATE_TEST_SUITE_P(Backends, HealthMonitorTest, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

class SqliteHealth : public testing::Test {
 protected:
  void SetUp() override {
    database_ = database_for(BackendKind::sqlite, "monitoring_sqlite_health");
    file_ = database_.dsn.substr(3);
    pool_ = std::make_unique<v5store::ConnectionPool>(database_, &registry_);
    auto lease = pool_->acquire();
    lease.session() << "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT)";
    lease.session() << "INSERT INTO items (name) VALUES ('a'), ('b')";
    sources_.pools = {pool_.get()};
    sources_.metrics = &registry_;
  }
  void TearDown() override {
    pool_.reset();
    std::filesystem::remove(file_);
  }
  v5store::DatabaseSpec database_;
  std::string file_;
  v5store::MetricsRegistry registry_;
  std::unique_ptr<v5store::ConnectionPool> pool_;
  v5store::HealthSources sources_;
};

TEST_F(SqliteHealth, FileModeDecidesSecurity) {
  v5store::HealthMonitor monitor({}, sources_);
  ::chmod(file_.c_str(), 0600);
  EXPECT_EQ(monitor.check(HealthCategory::security).status, HealthStatus::healthy);
  ::chmod(file_.c_str(), 0644);
  EXPECT_EQ(monitor.check(HealthCategory::security).status, HealthStatus::warning);
  ::chmod(file_.c_str(), 0666);
  EXPECT_EQ(monitor.check(HealthCategory::security).status, HealthStatus::critical);
  ::chmod(file_.c_str(), 0600);
}

TEST_F(SqliteHealth, QuickCheckAndFreeDiskAreReported) {
  v5store::HealthMonitor monitor({}, sources_);
  const auto result = monitor.check(HealthCategory::storage);
  const auto* quick = find_check(result, "quick_check");
  ASSERT_NE(quick, nullptr);
  EXPECT_EQ(quick->status, HealthStatus::healthy);
  const auto* disk = find_check(result, "disk_used_ratio");
  ASSERT_NE(disk, nullptr);
  EXPECT_TRUE(disk->value.has_value()) << disk->message;
}

TEST_F(SqliteHealth, OnlineBackupCopiesTheDatabaseAndFeedsTheBackupCategory) {
  v5store::HealthMonitor monitor({}, sources_);
  auto before = monitor.check(HealthCategory::backup);
  EXPECT_EQ(before.status, HealthStatus::unknown);
  const auto copy = file_ + ".backup";
  v5store::sqlite_online_backup(*pool_, copy);
  auto after = monitor.check(HealthCategory::backup);
  EXPECT_EQ(after.status, HealthStatus::healthy) << v5store::make_report({after}).to_text();
  soci::session restored("sqlite3", "db=" + copy);
  int n = 0;
  restored << "SELECT COUNT(*) FROM items", soci::into(n);
  EXPECT_EQ(n, 2);
  restored.close();
  std::filesystem::remove(copy);
}

TEST_F(SqliteHealth, ScheduledBackupIsMadeByTheMonitor) {
  v5store::HealthMonitorOptions options;
  options.backup_dir = (std::filesystem::temp_directory_path() /
                        ("monitoring_backups_" + std::to_string(::getpid())))
                           .string();
  options.backup_interval = std::chrono::seconds(3600);
  v5store::HealthMonitor monitor(options, sources_);
  const auto result = monitor.check(HealthCategory::backup);
  EXPECT_EQ(result.status, HealthStatus::healthy) << v5store::make_report({result}).to_text();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(options.backup_dir)) {
    EXPECT_EQ(entry.path().extension(), ".db");
    ++files;
  }
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(options.backup_dir);
}

TEST_F(SqliteHealth, BackupOfAServerDatabaseIsRefused) {
  v5store::DatabaseSpec pg = database_for(BackendKind::postgresql, "x");
  v5store::ConnectionPool pool(pg);
  try {
    v5store::sqlite_online_backup(pool, "/tmp/never.db");
    FAIL() << "backed up a PostgreSQL database through the SQLite API";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::config);
  }
}

TEST(HealthMonitorOptions, UnknownCategoryIsAConfigError) {
  v5store::HealthMonitorOptions options;
  options.monitoring.categories["conectivity"] = {};
  try {
    v5store::HealthMonitor monitor(options, {});
    FAIL() << "accepted an unknown category";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::config);
  }
}

TEST(HealthMonitorOptions, SpecOverridesAndDefaults) {
  v5store::HealthMonitorOptions options;
  options.monitoring.health_interval_ms = 500;
  options.monitoring.categories["pool"].warning = 0.5;
  options.monitoring.categories["pool"].critical_category = true;
  v5store::HealthMonitor monitor(options, {});
  EXPECT_EQ(monitor.options_for(HealthCategory::pool).warning, 0.5);
  EXPECT_EQ(monitor.options_for(HealthCategory::pool).critical, 1);
  EXPECT_TRUE(monitor.options_for(HealthCategory::pool).critical_category);
  EXPECT_EQ(monitor.options_for(HealthCategory::connectivity).interval_ms, 500);
  EXPECT_EQ(monitor.options_for(HealthCategory::storage).interval_ms, 60000);
}

}  // namespace
