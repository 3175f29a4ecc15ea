// The performance monitor's statistics and the optimiser's EXPLAIN-based recommendations on a
// real SQLite database.
#include "v5store/performance.hpp"

#include <chrono>
#include <filesystem>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/pool.hpp"

namespace {

using namespace std::chrono_literals;

TEST(PerformanceMonitor, KeepsCountsPercentilesAndRowsPerStatement) {
  v5store::PerformanceMonitor perf;
  for (int i = 0; i < 98; ++i) perf.record("main", "SELECT 1", 1ms, 1);
  perf.record("main", "SELECT 1", 900ms, 1);
  perf.record("main", "SELECT 1", 950ms, 1, true);
  perf.record("main", "SELECT 2", 5ms, 3);
  const auto all = perf.statements();
  ASSERT_EQ(all.size(), 2u);
  // By p95, "SELECT 2" (5 ms) is slower than "SELECT 1" (98 of 100 runs at 1 ms).
  const auto top = perf.slowest(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].sql, "SELECT 2");
  std::vector<v5store::StatementStats> slow;
  for (const auto& s : all) {
    if (s.sql == "SELECT 1") slow.push_back(s);
  }
  ASSERT_EQ(slow.size(), 1u);
  EXPECT_EQ(slow[0].count, 100u);
  EXPECT_EQ(slow[0].errors, 1u);
  EXPECT_EQ(slow[0].rows, 100u);
  EXPECT_LT(slow[0].p50_seconds, 0.0011);
  EXPECT_GT(slow[0].p99_seconds, 0.5);
  EXPECT_NEAR(slow[0].max_seconds, 0.95, 1e-9);
  perf.reset();
  EXPECT_TRUE(perf.statements().empty());
}

TEST(PerformanceMonitor, StopsTrackingNewStatementsAtTheLimit) {
  v5store::PerformanceMonitor perf(2);
  perf.record("main", "a", 1ms);
  perf.record("main", "b", 1ms);
  perf.record("main", "c", 1ms);
  EXPECT_EQ(perf.statements().size(), 2u);
}

TEST(Optimizer, RecommendsAnIndexForASqliteFullScan) {
  v5store::DatabaseSpec database;
  database.name = "main";
  database.backend = v5store::BackendKind::sqlite;
  database.dsn = v5test::dsn_for(database.backend, "monitoring_optimizer");
  v5store::ConnectionPool pool(database);
  {
    auto lease = pool.acquire();
    lease.session() << "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, "
                       "status TEXT)";
  }
  v5store::PerformanceMonitor perf;
  const std::string sql = "SELECT id, status FROM orders WHERE customer_id = :p1";
  perf.record("main", sql, 50ms, 10);
  perf.record("main", "SELECT id FROM orders WHERE id = :id", 1ms, 1);
  const auto report = v5store::Optimizer::analyse(perf, {&pool}, 5);
  ASSERT_EQ(report.plans.size(), 2u);
  EXPECT_EQ(report.plans[0].stats.sql, sql);
  EXPECT_NE(report.plans[0].plan.find("SCAN orders"), std::string::npos) << report.to_text();
  ASSERT_EQ(report.indexes.size(), 1u) << report.to_text();
  EXPECT_EQ(report.indexes[0].table, "orders");
  EXPECT_EQ(report.indexes[0].columns, std::vector<std::string>{"customer_id"});
  EXPECT_EQ(report.indexes[0].ddl, "CREATE INDEX ix_orders_customer_id ON orders (customer_id)");
  ASSERT_EQ(report.pools.size(), 1u);
  EXPECT_EQ(report.pools[0].recommended, report.pools[0].current_max);
  {
    auto lease = pool.acquire();
    lease.session() << report.indexes[0].ddl;
  }
  const auto after = v5store::Optimizer::analyse(perf, {&pool}, 5);
  EXPECT_TRUE(after.indexes.empty()) << after.to_text();
  std::filesystem::remove(database.dsn.substr(3));
}

}  // namespace
