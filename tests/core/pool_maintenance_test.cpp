// ConnectionPool maintenance on every backend: idle connections above min_idle are closed after
// idle_timeout, and keepalive pings a connection that stays idle (seen from the server where
// there is one: its sessions disappear, its last statement is the ping).
#include "v5store/pool.hpp"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core_fixture.hpp"

namespace v5test {
namespace {

using namespace std::chrono_literals;
using v5store::BackendKind;
using v5store::ConnectionPool;
using v5store::Lease;
using v5store::PoolOptions;
using Clock = std::chrono::steady_clock;

// The idle timeout and keepalive are whole seconds; this is a little more than one.
constexpr auto kPastOneSecond = 1200ms;

PoolOptions maintained_pool(int max_size, int min_idle) {
  PoolOptions options;
  options.max_size = max_size;
  options.min_idle = min_idle;
  options.acquire_timeout_ms = 5000;
  return options;
}

std::string id_list(const std::vector<std::int64_t>& ids) {
  std::string list;
  for (std::int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  return list;
}

// How many of the server sessions `ids` still exist, waiting up to 5 s for the count to reach
// `expected` (a server ends a session shortly after its client closed it).
int live_server_sessions(soci::session& admin, BackendKind kind,
                         const std::vector<std::int64_t>& ids, int expected) {
  const std::string sql =
      kind == BackendKind::postgresql
          ? "SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + id_list(ids) + ")"
          : "SELECT count(*) FROM information_schema.processlist WHERE id IN (" + id_list(ids) +
                ")";
  const auto deadline = Clock::now() + 5s;
  int live = 0;
  for (;;) {
    admin << sql, soci::into(live);
    if (live == expected || Clock::now() > deadline) return live;
    std::this_thread::sleep_for(20ms);
  }
}

class PoolMaintenance : public testing::TestWithParam<BackendKind> {};

TEST_P(PoolMaintenance, IdleConnectionsAboveMinIdleAreClosed) {
  PoolOptions options = maintained_pool(3, 1);
  options.idle_timeout_s = 1;
  ConnectionPool pool(database_spec(GetParam(), "core_pool_idle_timeout", options));
  std::vector<std::int64_t> ids;
  {
    std::vector<Lease> leases;
    for (int i = 0; i < 3; ++i) {
      leases.push_back(pool.acquire("idle-timeout"));
      ids.push_back(connection_identity(leases.back()));
    }
  }
  ASSERT_EQ(pool.stats().total, 3);
  ASSERT_EQ(pool.stats().idle, 3);

  std::this_thread::sleep_for(kPastOneSecond);
  pool.run_maintenance();

  const auto stats = pool.stats();
  EXPECT_EQ(stats.total, 1);  // down to min_idle, not below
  EXPECT_EQ(stats.idle, 1);
  EXPECT_EQ(stats.closed, 2u);
  EXPECT_EQ(stats.evicted, 0u);  // closed for being idle, not for being broken or expired
  if (GetParam() != BackendKind::sqlite) {
    auto admin = open_direct(GetParam(), dsn_for(GetParam()));
    EXPECT_EQ(live_server_sessions(*admin, GetParam(), ids, 1), 1);
  }
  Lease survivor = pool.acquire("after-idle-timeout");
  int one = 0;
  survivor.session() << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
  EXPECT_EQ(pool.stats().created, 3u);  // the survivor was kept, nothing was reopened
}

TEST_P(PoolMaintenance, KeepalivePingsAnIdleConnection) {
  PoolOptions options = maintained_pool(1, 1);
  options.keepalive_s = 1;
  ConnectionPool pool(database_spec(GetParam(), "core_pool_keepalive", options));
  std::int64_t id = 0;
  std::uint64_t connection = 0;
  {
    Lease lease = pool.acquire("keepalive");
    id = connection_identity(lease);  // the session's last statement before it idles
    connection = lease.connection().id();
  }
  const auto validations_before = pool.stats().validations;

  std::this_thread::sleep_for(kPastOneSecond);
  pool.run_maintenance();

  EXPECT_GT(pool.stats().validations, validations_before);
  EXPECT_EQ(pool.stats().closed, 0u);  // pinged, healthy, kept
  if (GetParam() == BackendKind::postgresql) {
    // The server saw the ping after the connection had been idle for more than a second.
    auto admin = open_direct(GetParam(), dsn_for(GetParam()));
    std::string last_statement;
    double idle_seconds = 0;
    *admin << "SELECT query, EXTRACT(EPOCH FROM clock_timestamp() - state_change) "
              "FROM pg_stat_activity WHERE pid = " + std::to_string(id),
        soci::into(last_statement), soci::into(idle_seconds);
    EXPECT_EQ(last_statement, "SELECT 1");
    EXPECT_LT(idle_seconds, 1.0);
  } else if (GetParam() == BackendKind::mysql) {
    auto admin = open_direct(GetParam(), dsn_for(GetParam()));
    long long idle_ms = 0;
    *admin << "SELECT CAST(TIME_MS AS SIGNED) FROM information_schema.processlist "
              "WHERE id = " + std::to_string(id),
        soci::into(idle_ms);
    EXPECT_LT(idle_ms, 1000);  // the server's idle clock restarted with the ping
  }
  Lease lease = pool.acquire("after-keepalive");
  EXPECT_EQ(lease.connection().id(), connection);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, PoolMaintenance, testing::ValuesIn(all_backends()),
                         BackendName());

}  // namespace
}  // namespace v5test
