// ConnectionPool on every backend: timeouts, lifetimes, broken connections, leaks, killed
// server connections, and the circuit breaker across a real outage (a proxy we stop).
#include "v5store/pool.hpp"

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "core_fixture.hpp"
#include "tcp_proxy.hpp"
#include "v5store/error.hpp"
#include "v5store/metrics.hpp"
#include "v5store/transaction.hpp"

namespace v5test {
namespace {

using namespace std::chrono_literals;
using v5store::BackendKind;
using v5store::ConnectionPool;
using v5store::ErrorCode;
using v5store::Lease;
using v5store::PoolOptions;
using Clock = std::chrono::steady_clock;

PoolOptions small_pool(int max_size, int min_idle = 0) {
  PoolOptions options;
  options.max_size = max_size;
  options.min_idle = min_idle;
  options.acquire_timeout_ms = 5000;
  return options;
}

ErrorCode code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const v5store::Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no v5store::Error was thrown";
  return ErrorCode::unknown;
}

class Pool : public testing::TestWithParam<BackendKind> {};

TEST_P(Pool, TimesOutWhenExhausted) {
  ConnectionPool pool(database_spec(GetParam(), "core_pool_timeout", small_pool(2)));
  Lease first = pool.acquire();
  Lease second = pool.acquire();
  constexpr auto kTimeout = 300ms;
  const auto started = Clock::now();
  EXPECT_EQ(code_of([&] { pool.acquire_for(kTimeout, "third"); }), ErrorCode::pool_timeout);
  const auto elapsed = Clock::now() - started;
  // The bound: between T and T + 100 ms.
  EXPECT_GE(elapsed, kTimeout);
  EXPECT_LT(elapsed, kTimeout + 100ms);
  EXPECT_EQ(pool.stats().timeouts, 1u);
}

TEST_P(Pool, WaiterGetsTheReturnedConnection) {
  ConnectionPool pool(database_spec(GetParam(), "core_pool_waiter", small_pool(1)));
  Lease held = pool.acquire("holder");
  std::thread returner([&] {
    while (pool.stats().pending == 0) std::this_thread::sleep_for(1ms);
    held.release();
  });
  Lease waited = pool.acquire_for(5s, "waiter");
  returner.join();
  EXPECT_TRUE(waited);
  EXPECT_EQ(pool.stats().created, 1u);
}

TEST_P(Pool, StatsCountActiveIdleAndCreated) {
  ConnectionPool pool(database_spec(GetParam(), "core_pool_stats", small_pool(3, 1)));
  EXPECT_EQ(pool.stats().total, 1);
  EXPECT_EQ(pool.stats().idle, 1);
  {
    Lease a = pool.acquire();
    Lease b = pool.acquire();
    const auto stats = pool.stats();
    EXPECT_EQ(stats.active, 2);
    EXPECT_EQ(stats.idle, 0);
    EXPECT_EQ(stats.total, 2);
    EXPECT_EQ(stats.created, 2u);
    EXPECT_EQ(stats.max_size, 3);
  }
  EXPECT_EQ(pool.stats().active, 0);
  EXPECT_EQ(pool.stats().idle, 2);
}

TEST_P(Pool, BrokenConnectionIsEvictedAndNeverHandedOutAgain) {
  ConnectionPool pool(database_spec(GetParam(), "core_pool_broken", small_pool(1, 1)));
  std::uint64_t broken_id = 0;
  {
    Lease lease = pool.acquire();
    broken_id = lease.connection().id();
    lease.mark_broken();
  }
  EXPECT_EQ(pool.stats().evicted, 1u);
  Lease next = pool.acquire();
  EXPECT_NE(next.connection().id(), broken_id);
  int one = 0;
  next.session() << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
}

TEST_P(Pool, MaxLifetimeReplacesConnections) {
  PoolOptions options = small_pool(1, 1);
  options.max_lifetime_s = 1;
  ConnectionPool pool(database_spec(GetParam(), "core_pool_lifetime", options));
  std::int64_t before = 0;
  {
    Lease lease = pool.acquire();
    before = connection_identity(lease);
  }
  std::this_thread::sleep_for(1100ms);
  Lease lease = pool.acquire();
  EXPECT_NE(connection_identity(lease), before);
  EXPECT_GE(pool.stats().evicted, 1u);
  EXPECT_EQ(pool.stats().created, 2u);
}

TEST_P(Pool, EvictAllReplacesIdleAndLeasedConnections) {
  ConnectionPool pool(database_spec(GetParam(), "core_pool_evict", small_pool(2, 0)));
  Lease leased = pool.acquire();
  const auto leased_id = leased.connection().id();
  pool.evict_all();
  leased.release();
  Lease next = pool.acquire();
  EXPECT_NE(next.connection().id(), leased_id);
}

TEST_P(Pool, ManyThreadsShareFewConnections) {
  ConnectionPool pool(database_spec(GetParam(), "core_pool_threads", small_pool(4, 1)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        try {
          Lease lease = pool.acquire("worker");
          int one = 0;
          if (i % 20 == 0) lease.session() << "SELECT 1", soci::into(one);
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const auto stats = pool.stats();
  EXPECT_EQ(stats.active, 0);
  EXPECT_LE(stats.total, 4);
  EXPECT_LE(stats.created, 4u);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, Pool, testing::ValuesIn(all_backends()), BackendName());

TEST(PoolLeaks, LeakDetectionReportsALeaseHeldPastTheThreshold) {
  PoolOptions options = small_pool(2);
  options.leak_detection_ms = 50;
  ConnectionPool pool(database_spec(BackendKind::sqlite, "core_pool_leak", options));
  std::vector<std::string> tags;
  std::chrono::milliseconds held{0};
  pool.on_leak([&](const std::string& tag, std::chrono::milliseconds for_how_long) {
    tags.push_back(tag);
    held = for_how_long;
  });
  Lease quick = pool.acquire("quick");
  quick.release();
  Lease leaked = pool.acquire("report-builder");
  std::this_thread::sleep_for(150ms);
  pool.run_maintenance();
  pool.run_maintenance();  // reported once per lease
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0], "report-builder");
  EXPECT_GE(held, 50ms);
  EXPECT_EQ(pool.stats().leaks_detected, 1u);
}

TEST(PoolMetrics, AcquireHistogramCountsEveryAcquire) {
  v5store::MetricsRegistry registry;
  ConnectionPool pool(database_spec(BackendKind::sqlite, "core_pool_histogram", small_pool(2, 2)),
                      &registry);
  constexpr int kAcquires = 1000;
  for (int i = 0; i < kAcquires; ++i) Lease lease = pool.acquire("histogram");
  {
    Lease first = pool.acquire();
    Lease second = pool.acquire();
    EXPECT_EQ(code_of([&] { (void)pool.acquire_for(10ms); }), ErrorCode::pool_timeout);
  }
  // Acquires served without a check are counted in their slot and published (as 0 s) by the
  // next maintenance pass; the others are timed and recorded at once.
  pool.run_maintenance();
  auto& histogram = registry.histogram(v5store::metric_names::kPoolAcquireSeconds, "",
                                       {{"database", "main"}});
  const auto snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.count, static_cast<std::uint64_t>(kAcquires + 3));
  // Most are fast, in the lowest bucket (a preempted slow one may land higher).
  EXPECT_GE(snapshot.cumulative_counts.front(), static_cast<std::uint64_t>(kAcquires / 2));
  EXPECT_GE(snapshot.sum, 0.010);  // the timed-out acquire waited 10 ms
}

TEST(PoolStartup, FailsFastWhenTheDatabaseIsUnreachable) {
  auto spec = database_spec(BackendKind::postgresql, "core_pool_unreachable", small_pool(2, 1));
  spec.dsn = "host=127.0.0.1 port=1 dbname=nothing user=nobody password=hunter2secret";
  const auto started = Clock::now();
  try {
    ConnectionPool pool(spec);
    ADD_FAILURE() << "a pool opened on a closed port";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection);
    EXPECT_EQ(std::string(e.what()).find("hunter2secret"), std::string::npos) << e.what();
  }
  EXPECT_LT(Clock::now() - started, 5s);
}

TEST(PoolStartup, RejectsAZeroMaxSize) {
  PoolOptions options;
  options.max_size = 0;
  EXPECT_EQ(code_of([&] {
              ConnectionPool pool(database_spec(BackendKind::sqlite, "core_pool_zero", options));
            }),
            ErrorCode::config);
}

// --- server backends ---------------------------------------------------------------------------

class ServerPool : public testing::TestWithParam<BackendKind> {};

TEST_P(ServerPool, KilledIdleConnectionsAreReplacedWithoutErrors) {
  const BackendKind kind = GetParam();
  const auto spec = database_spec(kind, "core_pool_kill", small_pool(3, 3));
  ConnectionPool pool(spec);
  auto admin = open_direct(kind, spec.dsn);

  auto kill_idle = [&] {
    std::vector<Lease> leases;
    for (int i = 0; i < 3; ++i) leases.push_back(pool.acquire());
    for (auto& lease : leases) kill_server_connection(*admin, kind, connection_identity(lease));
  };

  // Plain borrowers: a connection idle past the validation window is pinged first.
  kill_idle();
  std::this_thread::sleep_for(std::chrono::milliseconds(spec.pool.validation_window_ms + 100));
  {
    std::vector<Lease> leases;
    for (int i = 0; i < 3; ++i) {
      leases.push_back(pool.acquire());
      int one = 0;
      EXPECT_NO_THROW((leases.back().session() << "SELECT 1", soci::into(one)));
      EXPECT_EQ(one, 1);
    }
  }
  EXPECT_GE(pool.stats().evicted, 3u);

  // transact() right after the kill: the lost connection is retried on a healthy one.
  kill_idle();
  for (int i = 0; i < 3; ++i) {
    const int value = v5store::transact(pool, [](v5store::Transaction& tx) {
      int one = 0;
      tx.session() << "SELECT 1", soci::into(one);
      return one;
    });
    EXPECT_EQ(value, 1);
  }
}

TEST_P(ServerPool, CircuitOpensWhileTheServerIsDownAndThePoolRecovers) {
  const BackendKind kind = GetParam();
  const std::string direct = dsn_for(kind);
  const auto [host, port] = dsn_host_port(direct);
  TcpProxy proxy(host, port);
  proxy.start();

  PoolOptions options = small_pool(2, 1);
  options.acquire_timeout_ms = 2000;
  options.validation_window_ms = 0;  // validate every borrow: the outage is seen at once
  options.circuit_breaker_threshold = 3;
  options.reconnect_backoff_ms = 100;
  options.reconnect_backoff_max_ms = 400;
  auto spec = database_spec(kind, "core_pool_circuit", options);
  spec.dsn = dsn_via_port(direct, kind, proxy.port());
  ConnectionPool pool(spec);

  proxy.stop();
  int connection_errors = 0;
  bool opened = false;
  for (int attempt = 0; attempt < 10 && !opened; ++attempt) {
    const ErrorCode code = code_of([&] { pool.acquire(); });
    if (code == ErrorCode::circuit_open) {
      opened = true;
    } else {
      EXPECT_EQ(code, ErrorCode::connection);
      ++connection_errors;
    }
  }
  ASSERT_TRUE(opened);
  EXPECT_LE(connection_errors, options.circuit_breaker_threshold);
  EXPECT_TRUE(pool.stats().circuit_open);
  const auto started = Clock::now();
  EXPECT_EQ(code_of([&] { pool.acquire(); }), ErrorCode::circuit_open);
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(options.acquire_timeout_ms / 2));

  proxy.start();
  bool recovered = false;
  for (int attempt = 0; attempt < 200 && !recovered; ++attempt) {
    try {
      Lease lease = pool.acquire();
      int one = 0;
      lease.session() << "SELECT 1", soci::into(one);
      recovered = one == 1;
    } catch (const v5store::Error& e) {
      EXPECT_TRUE(e.code() == ErrorCode::circuit_open || e.code() == ErrorCode::connection)
          << e.what();
      std::this_thread::sleep_for(50ms);
    }
  }
  EXPECT_TRUE(recovered);
  EXPECT_FALSE(pool.stats().circuit_open);
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerPool,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         BackendName());

}  // namespace
}  // namespace v5test
