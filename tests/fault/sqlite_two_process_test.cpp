// The bank workload on SQLite from two processes writing the same file with a busy timeout:
// afterwards the bank invariant holds over the transfers of both.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "bank.hpp"
#include "v5store/store.hpp"

namespace {

v5store::SystemSpec sqlite_spec(const std::filesystem::path& file) {
  v5store::SystemSpec spec;
  spec.name = "bank";
  v5store::DatabaseSpec database;
  database.name = "bank";
  database.backend = v5store::BackendKind::sqlite;
  database.dsn = "db=" + file.string() + " timeout=10";
  database.dsn_template = database.dsn;
  database.pool.max_size = 2;
  spec.databases.push_back(database);
  return spec;
}

// Runs the workload for `seconds` in this process.
v5test::BankOutcome run_for(const std::filesystem::path& file, int seconds, long long id_base) {
  v5store::V5EnhancedStore store(sqlite_spec(file));
  std::atomic<bool> stop{false};
  std::thread timer([&] {
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
  });
  auto outcome = v5test::bank_run(store, 2, stop, id_base);
  timer.join();
  return outcome;
}

void write_ids(std::ostream& out, char tag, const std::set<long long>& ids) {
  for (long long id : ids) out << tag << ' ' << id << '\n';
}

TEST(SqliteTwoProcesses, InvariantHolds) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("v5_fault_sqlite_" + std::to_string(::getpid()) + ".db");
  const auto child_report = file.string() + ".child";
  std::filesystem::remove(file);
  {
    v5store::V5EnhancedStore store(sqlite_spec(file));
    v5test::bank_setup(store);
  }
  const int seconds = v5test::fault_seconds();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const auto outcome = run_for(file, seconds, 1'000'000'000LL);
    std::ofstream out(child_report);
    write_ids(out, 'a', outcome.acknowledged);
    write_ids(out, 'd', outcome.in_doubt);
    write_ids(out, 'f', outcome.failed);
    out.close();
    ::_exit(out ? 0 : 1);
  }
  auto outcome = run_for(file, seconds, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::ifstream in(child_report);
  char tag = 0;
  long long id = 0;
  std::size_t child_acknowledged = 0;
  while (in >> tag >> id) {
    if (tag == 'a') {
      outcome.acknowledged.insert(id);
      ++child_acknowledged;
    }
    if (tag == 'd') outcome.in_doubt.insert(id);
    if (tag == 'f') outcome.failed.insert(id);
  }
  EXPECT_GT(child_acknowledged, 0u);

  v5store::V5EnhancedStore store(sqlite_spec(file));
  v5test::bank_check(store, outcome);
  std::cout << "FAULT backend=sqlite kind=two_processes seconds=" << seconds
            << " acknowledged=" << outcome.acknowledged.size() << " (child " << child_acknowledged
            << ") in_doubt=" << outcome.in_doubt.size() << " failed=" << outcome.failed.size()
            << std::endl;
  std::filesystem::remove(child_report);
}

}  // namespace
