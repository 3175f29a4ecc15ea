// OutageServer: a private PostgreSQL or MariaDB server of one test, stopped and started under a
// running store (tests/support/outage_server.sh): never the shared test servers. (The fault
// tests' PrivateServer, tests/fault/private_server.hpp, also has users and passwords.)
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "v5store/types.hpp"

namespace v5test {

// Runs a shell command; its output without the trailing newline. A non-zero exit fails the
// test.
inline std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int rc = ::pclose(pipe);
  if (rc != 0) ADD_FAILURE() << command << " failed (" << rc << "): " << output;
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

// A private server controlled by tests/support/outage_server.sh.
class OutageServer {
 public:
  explicit OutageServer(v5store::BackendKind kind)
      : kind_(kind == v5store::BackendKind::postgresql ? "pg" : "my"),
        dir_((std::filesystem::temp_directory_path() /
              ("outage_" + kind_ + "_" + std::to_string(::getpid())))
                 .string()) {
    dsn_ = run_command(command("init"));
  }
  ~OutageServer() { run_command(command("destroy")); }
  const std::string& dsn() const { return dsn_; }
  void stop() { run_command(command("stop")); }
  void start() { run_command(command("start")); }

 private:
  std::string command(const std::string& action) const {
    return std::string(V5_SOURCE_DIR) + "/tests/support/outage_server.sh " + kind_ + " " +
           action + " " + dir_ + " 2>&1";
  }
  std::string kind_;
  std::string dir_;
  std::string dsn_;
};

}  // namespace v5test
