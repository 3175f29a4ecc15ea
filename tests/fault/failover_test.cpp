// A PostgreSQL failover under the bank workload: a primary with a synchronous streaming
// standby, the store on a multi-host DSN with target_session_attrs=read-write; while transfers
// run, the primary is stopped and the standby promoted. Afterwards the total balance is
// unchanged, every acknowledged transfer is present exactly once, none reported as failed is
// applied, and the store writes again (the time it took is printed, not asserted).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "bank.hpp"
#include "private_server.hpp"
#include "v5store/store.hpp"

namespace {

using v5store::BackendKind;
using v5test::PrivateServer;

TEST(PostgresqlFailover, BankInvariantHoldsWhenTheSynchronousStandbyIsPromoted) {
  PrivateServer primary(BackendKind::postgresql);
  PrivateServer standby(PrivateServer::StandbyOf{primary});
  primary.require_synchronous_standby();

  const std::string dsn = "host=127.0.0.1,127.0.0.1 port=" + std::to_string(primary.port()) + "," +
                          std::to_string(standby.port()) +
                          " dbname=bank user=bank password=bankpw connect_timeout=2 "
                          "sslmode=disable target_session_attrs=read-write";
  v5store::V5EnhancedStore store(v5test::bank_spec(BackendKind::postgresql, dsn));
  v5test::bank_setup(store);

  const auto phase = std::chrono::milliseconds(v5test::fault_seconds() * 1000 / 3);
  std::atomic<bool> stop{false};
  auto workload = std::async(std::launch::async, [&] { return v5test::bank_run(store, 4, stop); });
  std::this_thread::sleep_for(phase);

  primary.stop();  // fast shutdown: open sessions are cut, in-flight commits are in doubt
  standby.promote();
  const auto recovered = v5test::bank_time_to_recover(store, 900'000'000'000LL);
  std::this_thread::sleep_for(phase);
  stop = true;
  const v5test::BankOutcome outcome = workload.get();

  std::printf(
      "failover: %zu acknowledged, %zu in doubt, %zu failed; first transfer on the new "
      "primary %lld ms after its promotion\n",
      outcome.acknowledged.size(), outcome.in_doubt.size(), outcome.failed.size(),
      static_cast<long long>(recovered.count()));
  for (const auto& [code, count] : outcome.errors) std::printf("  %s: %lld\n", code.c_str(), count);
  EXPECT_GT(outcome.acknowledged.size(), 0u);
  v5test::bank_check(store, outcome);
}

}  // namespace
