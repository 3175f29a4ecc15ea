#include "v5store/metrics.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "v5store/error.hpp"

namespace {

using v5store::Histogram;
using v5store::MetricsRegistry;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Metrics, CounterRendersWithHelpTypeAndLabels) {
  MetricsRegistry registry;
  auto& c = registry.counter("v5store_queries_total", "Queries executed.",
                             {{"database", "main"}, {"operation", "select"}, {"outcome", "ok"}});
  c.inc();
  c.inc(2);
  const auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "# HELP v5store_queries_total Queries executed.\n"));
  EXPECT_TRUE(contains(text, "# TYPE v5store_queries_total counter\n"));
  EXPECT_TRUE(contains(
      text, "v5store_queries_total{database=\"main\",operation=\"select\",outcome=\"ok\"} 3\n"));
}

TEST(Metrics, CounterIgnoresNegativeIncrements) {
  MetricsRegistry registry;
  auto& c = registry.counter("x_total", "x");
  c.inc(5);
  c.inc(-3);
  EXPECT_EQ(c.value(), 5);
}

TEST(Metrics, SameNameAndLabelsReturnTheSameInstrument) {
  MetricsRegistry registry;
  auto& a = registry.gauge("g", "g", {{"k", "v"}});
  auto& b = registry.gauge("g", "other help ignored", {{"k", "v"}});
  auto& c = registry.gauge("g", "g", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
}

TEST(Metrics, GaugeGoesUpAndDown) {
  MetricsRegistry registry;
  auto& g = registry.gauge("v5store_schema_version", "Schema version.", {{"database", "main"}});
  g.set(3);
  g.inc(2);
  g.dec(0.5);
  EXPECT_DOUBLE_EQ(g.value(), 4.5);
  EXPECT_TRUE(contains(registry.render_prometheus(),
                       "v5store_schema_version{database=\"main\"} 4.5\n"));
}

TEST(Metrics, LabelValuesAndHelpAreEscaped) {
  MetricsRegistry registry;
  registry.gauge("g", "line one\nback\\slash", {{"path", "a\"b\\c\nd"}}).set(1);
  const auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "# HELP g line one\\nback\\\\slash\n"));
  EXPECT_TRUE(contains(text, "g{path=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(Metrics, InvalidNamesAndTypeClashesThrowConfig) {
  MetricsRegistry registry;
  registry.counter("ok_total", "ok");
  try {
    registry.gauge("ok_total", "clash");
    FAIL() << "type clash accepted";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::config);
  }
  EXPECT_THROW(registry.counter("1bad", "x"), v5store::Error);
  EXPECT_THROW(registry.counter("bad-name", "x"), v5store::Error);
  EXPECT_THROW(registry.gauge("g", "x", {{"__reserved", "v"}}), v5store::Error);
  EXPECT_THROW(registry.histogram("h_seconds", "x", {{"le", "1"}}), v5store::Error);
}

TEST(Metrics, HistogramRendersCumulativeBucketsSumAndCount) {
  MetricsRegistry registry;
  auto& h = registry.histogram("v5store_pool_acquire_seconds", "Acquire time.",
                               {{"database", "main"}}, {0.1, 1.0});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(0.5);
  h.observe(7);
  const auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "# TYPE v5store_pool_acquire_seconds histogram\n"));
  EXPECT_TRUE(contains(text, "v5store_pool_acquire_seconds_bucket{database=\"main\",le=\"0.1\"} 1\n"));
  EXPECT_TRUE(contains(text, "v5store_pool_acquire_seconds_bucket{database=\"main\",le=\"1\"} 3\n"));
  EXPECT_TRUE(contains(text, "v5store_pool_acquire_seconds_bucket{database=\"main\",le=\"+Inf\"} 4\n"));
  EXPECT_TRUE(contains(text, "v5store_pool_acquire_seconds_sum{database=\"main\"} 8.05\n"));
  EXPECT_TRUE(contains(text, "v5store_pool_acquire_seconds_count{database=\"main\"} 4\n"));
}

TEST(Metrics, HistogramObservesManyAtOnce) {
  Histogram h({0.1, 1.0});
  h.observe(0.0, 1000);
  h.observe(0.5, 4);
  h.observe(7, 0);
  const auto snap = h.snapshot();
  EXPECT_EQ(snap.count, 1004u);
  EXPECT_EQ(snap.cumulative_counts, (std::vector<std::uint64_t>{1000, 1004, 1004}));
  EXPECT_DOUBLE_EQ(snap.sum, 2.0);
}

TEST(Metrics, HistogramQuantileInterpolatesInsideTheBucket) {
  Histogram h({1.0, 2.0, 4.0});
  for (int i = 0; i < 50; ++i) h.observe(0.5);
  for (int i = 0; i < 50; ++i) h.observe(1.5);
  const auto snap = h.snapshot();
  EXPECT_EQ(snap.count, 100u);
  EXPECT_DOUBLE_EQ(snap.quantile(0.5), 1.0);
  EXPECT_DOUBLE_EQ(snap.quantile(0.75), 1.5);
  EXPECT_DOUBLE_EQ(snap.quantile(1.0), 2.0);
  EXPECT_DOUBLE_EQ(Histogram({1.0}).snapshot().quantile(0.99), 0.0);
}

TEST(Metrics, HistogramQuantileInInfBucketIsTheLargestBound) {
  Histogram h({1.0, 2.0});
  h.observe(10);
  EXPECT_DOUBLE_EQ(h.snapshot().quantile(0.99), 2.0);
}

TEST(Metrics, DefaultBucketsSpan100MicrosecondsTo10Seconds) {
  const auto b = Histogram::default_seconds_buckets();
  EXPECT_DOUBLE_EQ(b.front(), 0.0001);
  EXPECT_DOUBLE_EQ(b.back(), 10.0);
  EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
}

TEST(Metrics, CallbackGaugesAreReadAtScrapeTimeAndRemovable) {
  MetricsRegistry registry;
  double value = 2;
  registry.gauge_callback("v5store_pool_connections", "Connections.",
                          {{"database", "main"}, {"state", "idle"}}, [&] { return value; });
  EXPECT_TRUE(contains(registry.render_prometheus(),
                       "v5store_pool_connections{database=\"main\",state=\"idle\"} 2\n"));
  value = 5;
  EXPECT_TRUE(contains(registry.render_prometheus(),
                       "v5store_pool_connections{database=\"main\",state=\"idle\"} 5\n"));
  registry.remove_callbacks("v5store_pool_connections", {{"database", "main"}, {"state", "idle"}});
  EXPECT_FALSE(contains(registry.render_prometheus(), "v5store_pool_connections"));
}

TEST(Metrics, FamiliesWithoutSamplesAreNotRendered) {
  MetricsRegistry registry;
  registry.gauge_callback("gone", "x", {}, [] { return 1.0; });
  registry.remove_callbacks("gone", {});
  EXPECT_EQ(registry.render_prometheus(), "");
}

TEST(Metrics, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  auto& c = registry.counter("c_total", "c");
  auto& h = registry.histogram("h_seconds", "h");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        h.observe(0.001);
      }
    });
  }
  std::thread scraper([&] {
    for (int i = 0; i < 50; ++i) registry.render_prometheus();
  });
  for (auto& t : threads) t.join();
  scraper.join();
  EXPECT_EQ(c.value(), 40000);
  EXPECT_EQ(h.snapshot().count, 40000u);
  EXPECT_NEAR(h.snapshot().sum, 40.0, 1e-6);
}

TEST(Metrics, SpecialValuesUsePrometheusSpelling) {
  MetricsRegistry registry;
  registry.gauge("a", "a").set(std::numeric_limits<double>::infinity());
  registry.gauge("b", "b").set(std::numeric_limits<double>::quiet_NaN());
  registry.gauge("c", "c").set(0.000125);
  const auto text = registry.render_prometheus();
  EXPECT_TRUE(contains(text, "a +Inf\n"));
  EXPECT_TRUE(contains(text, "b NaN\n"));
  EXPECT_TRUE(contains(text, "c 0.000125\n"));
}

}  // namespace

namespace {

TEST(Metrics, CountersAndHistogramsCanBeReadBackByName) {
  MetricsRegistry registry;
  registry.counter("t_total", "t", {{"outcome", "commit"}}).inc(3);
  registry.counter("t_total", "t", {{"outcome", "rollback"}}).inc(1);
  registry.histogram("d_seconds", "d", {{"operation", "select"}}).observe(0.01);
  const auto counters = registry.counter_values("t_total");
  ASSERT_EQ(counters.size(), 2u);
  EXPECT_EQ(counters[0].first.at("outcome"), "commit");
  EXPECT_EQ(counters[0].second, 3);
  const auto histograms = registry.histogram_snapshots("d_seconds");
  ASSERT_EQ(histograms.size(), 1u);
  EXPECT_EQ(histograms[0].second.count, 1u);
  EXPECT_TRUE(registry.counter_values("missing_total").empty());
}

}  // namespace
