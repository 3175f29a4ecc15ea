// Fault injection under the bank workload: PostgreSQL and MariaDB servers of the test's own
// are killed, restarted and made to refuse logins while transfers run; afterwards the bank
// invariant holds and the store recovers without being reopened. V5_FAULT_SECONDS sets how
// long each scenario runs (default 6 s; docs/reliability.md records a longer run).
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "bank.hpp"
#include "private_server.hpp"
#include "v5store/store.hpp"

namespace {

using v5store::BackendKind;

enum class Fault { kill_connections, restart_server, refuse_connections };

const char* fault_name(Fault fault) {
  switch (fault) {
    case Fault::kill_connections:
      return "kill_connections";
    case Fault::restart_server:
      return "restart_server";
    case Fault::refuse_connections:
      return "refuse_connections";
  }
  return "";
}

using Param = std::tuple<BackendKind, Fault>;

class BankFault : public testing::TestWithParam<Param> {
 protected:
  static void TearDownTestSuite() { servers().clear(); }

  // One private server per backend for the whole suite.
  static v5test::PrivateServer& server(BackendKind kind) {
    auto& slot = servers()[kind];
    if (!slot) slot = std::make_unique<v5test::PrivateServer>(kind);
    return *slot;
  }

 private:
  static std::map<BackendKind, std::unique_ptr<v5test::PrivateServer>>& servers() {
    static std::map<BackendKind, std::unique_ptr<v5test::PrivateServer>> instances;
    return instances;
  }
};

TEST_P(BankFault, InvariantHoldsAndStoreRecovers) {
  const auto [kind, fault] = GetParam();
  auto& db = server(kind);
  v5store::V5EnhancedStore store(v5test::bank_spec(kind, db.dsn()));
  // Killed connections are replaced at the cost of one failed call each: nothing an operator
  // would be paged for (a busy pool used to raise CRITICAL, then EMERGENCY). Outages (a
  // restarted or refusing server) do raise theirs; health_outage_test times them.
  std::mutex paged_mutex;
  std::vector<std::string> paged;
  store.alerts().subscribe([&](const v5store::Alert& alert) {
    if (alert.level < v5store::AlertLevel::critical) return;
    std::lock_guard lock(paged_mutex);
    paged.push_back(alert.to_string());
  });
  v5test::bank_setup(store);

  const auto duration = std::chrono::seconds(v5test::fault_seconds());
  std::atomic<bool> stop{false};
  v5test::BankOutcome outcome;
  std::thread workload([&] { outcome = v5test::bank_run(store, 4, stop); });

  int faults = 0;
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::steady_clock::now() - start; };
  while (elapsed() < duration) {
    switch (fault) {
      case Fault::kill_connections:
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        db.kill_bank_connections();
        break;
      case Fault::restart_server:
        std::this_thread::sleep_for(std::chrono::seconds(2));
        db.stop();
        db.start();
        break;
      case Fault::refuse_connections:
        std::this_thread::sleep_for(std::chrono::seconds(1));
        db.refuse_bank(true);
        std::this_thread::sleep_for(std::chrono::seconds(1));
        db.refuse_bank(false);
        break;
    }
    ++faults;
  }
  stop = true;
  workload.join();

  const auto recover = v5test::bank_time_to_recover(store, 999'000'000'000LL);
  v5test::bank_check(store, outcome);
  EXPECT_GT(outcome.acknowledged.size(), 0u);
  if (fault == Fault::kill_connections) {
    std::lock_guard lock(paged_mutex);
    EXPECT_TRUE(paged.empty()) << paged.size()
                               << " CRITICAL/EMERGENCY alerts, the first: " << paged.front();
  }

  std::cout << "FAULT backend=" << v5store::to_string(kind) << " kind=" << fault_name(fault)
            << " seconds=" << duration.count() << " faults=" << faults
            << " acknowledged=" << outcome.acknowledged.size()
            << " in_doubt=" << outcome.in_doubt.size() << " failed=" << outcome.failed.size()
            << " recover_ms=" << recover.count() << " errors:";
  for (const auto& [code, count] : outcome.errors) std::cout << " " << code << "=" << count;
  std::cout << std::endl;
}

INSTANTIATE_TEST_SUITE_P(
    Servers, BankFault,
    testing::Combine(testing::Values(BackendKind::postgresql, BackendKind::mysql),
                     testing::Values(Fault::kill_connections, Fault::restart_server,
                                     Fault::refuse_connections)),
    [](const testing::TestParamInfo<Param>& info) {
      return std::string(v5store::to_string(std::get<0>(info.param))) + "_" +
             fault_name(std::get<1>(info.param));
    });

}  // namespace
