// The database goes away under a running store and comes back: the store's own health monitor
// (500 ms interval, started by V5EnhancedStore from the spec) must report it on the store's
// endpoint and recover it without a process restart. Each test runs its OWN private server
// (tests/support/outage_server.sh), never the shared ones.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "http_client.hpp"
#include "outage_server.hpp"
#include "test_databases.hpp"
#include "v5store/alerts.hpp"
#include "v5store/health.hpp"
#include "v5store/metrics.hpp"
#include "v5store/monitoring_server.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using v5store::BackendKind;
using v5test::OutageServer;

// Polls `fn` every 10 ms until it is true or `limit` passed; returns the time it took.
template <class Fn>
std::optional<Clock::duration> time_until(Fn fn, Clock::duration limit) {
  const auto started = Clock::now();
  while (Clock::now() - started < limit) {
    if (fn()) return Clock::now() - started;
    std::this_thread::sleep_for(10ms);
  }
  return std::nullopt;
}

long long ms(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

class HealthOutage : public testing::TestWithParam<BackendKind> {};

TEST_P(HealthOutage, ReadyGoes503WithAnAlertAndRecoversWithoutRestart) {
  OutageServer server(GetParam());
  ASSERT_FALSE(server.dsn().empty());

  v5store::DatabaseSpec database;
  database.name = "main";
  database.backend = GetParam();
  database.dsn = server.dsn();
  database.pool.max_size = 4;
  database.pool.min_idle = 1;
  database.pool.acquire_timeout_ms = 1000;
  database.pool.validation_timeout_ms = 500;

  v5store::SystemSpec spec;
  spec.name = "outage";
  spec.databases.push_back(database);
  spec.monitoring.listen = "127.0.0.1:0";
  spec.monitoring.listen_set = true;
  spec.monitoring.health_interval_ms = 500;
  v5store::StoreOptions options;
  options.alerts.cooldown = 0ms;
  v5store::V5EnhancedStore store(spec, options);
  v5store::ConnectionPool& pool = store.pool();
  v5store::HealthMonitor& monitor = store.health();
  std::mutex alerts_mutex;
  std::vector<std::pair<Clock::time_point, v5store::Alert>> received;
  store.alerts().subscribe([&](const v5store::Alert& a) {
    std::lock_guard lock(alerts_mutex);
    received.emplace_back(Clock::now(), a);
  });
  ASSERT_NE(store.monitoring_server(), nullptr);
  v5store::MonitoringServer& endpoint = *store.monitoring_server();
  auto ready_status = [&] { return v5test::http_get(endpoint.port(), "/health/ready").status; };

  ASSERT_TRUE(time_until([&] { return ready_status() == 200; }, 10s))
      << monitor.report().to_text();

  // Stop the server under the running store.
  server.stop();
  const auto stopped_at = Clock::now();
  const auto unready = time_until([&] { return ready_status() == 503; }, 5s);
  ASSERT_TRUE(unready) << monitor.report().to_text();
  const auto alerted = time_until(
      [&] {
        std::lock_guard lock(alerts_mutex);
        for (const auto& [at, a] : received) {
          if (at >= stopped_at && (a.level == v5store::AlertLevel::critical ||
                                   a.level == v5store::AlertLevel::emergency)) {
            return true;
          }
        }
        return false;
      },
      5s);
  ASSERT_TRUE(alerted);
  const auto alert_after = [&] {
    std::lock_guard lock(alerts_mutex);
    for (const auto& [at, a] : received) {
      if (at >= stopped_at && a.level >= v5store::AlertLevel::critical) return at - stopped_at;
    }
    return Clock::duration::max();
  }();
  RecordProperty("unready_ms", std::to_string(ms(*unready)));
  RecordProperty("alert_ms", std::to_string(ms(alert_after)));
  std::printf("%s: /health/ready 503 after %lld ms, CRITICAL/EMERGENCY alert after %lld ms\n",
              std::string(v5store::to_string(GetParam())).c_str(), ms(*unready), ms(alert_after));
  EXPECT_LE(ms(*unready), 1000);
  EXPECT_LE(ms(alert_after), 1000);
  EXPECT_FALSE(v5test::http_get(endpoint.port(), "/health/live").status != 200)
      << "liveness must not depend on the database";

  // Start it again: ready within 2 s, same process, and the pool serves queries again.
  server.start();
  const auto ready = time_until([&] { return ready_status() == 200; }, 10s);
  ASSERT_TRUE(ready) << monitor.report().to_text();
  RecordProperty("ready_again_ms", std::to_string(ms(*ready)));
  std::printf("%s: /health/ready 200 again %lld ms after the server was back\n",
              std::string(v5store::to_string(GetParam())).c_str(), ms(*ready));
  EXPECT_LE(ms(*ready), 2000);
  auto lease = pool.acquire();
  int one = 0;
  lease.session() << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
  EXPECT_FALSE(pool.stats().circuit_open);
  lease.release();
  store.shutdown();
}

INSTANTIATE_TEST_SUITE_P(Servers, HealthOutage,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         v5test::BackendName());

}  // namespace
