// Helpers of the generator tests: run v5gen (V5GEN_BINARY) and read what it wrote.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace v5test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `command` with /bin/sh; its exit code and output.
inline CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) result.output += buffer;
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `v5gen generate SPEC -o OUT EXTRA`.
inline CommandResult generate(const std::filesystem::path& spec, const std::filesystem::path& out,
                              const std::string& extra = {}) {
  return run(std::string(V5GEN_BINARY) + " generate '" + spec.string() + "' -o '" + out.string() +
             "' " + extra);
}

inline std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every regular file under `dir` (relative generic path -> content).
inline std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && !entry.is_symlink()) {
      files[std::filesystem::relative(entry.path(), dir).generic_string()] = read(entry.path());
    }
  }
  return files;
}

// A fresh directory per test under the temp directory, removed afterwards.
class GeneratorDir : public testing::Test {
 protected:
  void SetUp() override {
    // ledger_pg.yaml reads its DSN from V5_LEDGER_PG; generation does not connect.
    ::setenv("V5_LEDGER_PG", "host=127.0.0.1 port=5432 dbname=ledger user=app", 0);
    dir_ = std::filesystem::temp_directory_path() /
           ("v5gen_test_" + std::to_string(::getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

}  // namespace v5test
