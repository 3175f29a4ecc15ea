// The databases the tests run against. SQLite is always available; PostgreSQL and MariaDB
// come from V5_TEST_PG_DSN and V5_TEST_MYSQL_DSN, which the test command (scripts/test.sh)
// exports after starting its own servers. A missing DSN is a test failure, never a skip.
//
// With V5_TEST_PG_POOLER=pgbouncer (the *_pgbouncer test entries set it) the PostgreSQL tests
// run through the PgBouncer in transaction pooling mode in front of that server
// (V5_TEST_PGBOUNCER_DSN), with the backend and pool in pooler mode: the same tests, through
// the pooler.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "v5store/types.hpp"

namespace v5test {

// The pooler the tests of `kind` go through: pgbouncer for PostgreSQL when V5_TEST_PG_POOLER
// says so, else none.
inline v5store::Pooler pooler_for(v5store::BackendKind kind) {
  const char* pooler = std::getenv("V5_TEST_PG_POOLER");
  const bool pgbouncer = pooler != nullptr && std::string_view(pooler) == "pgbouncer";
  return kind == v5store::BackendKind::postgresql && pgbouncer ? v5store::Pooler::pgbouncer
                                                               : v5store::Pooler::none;
}

// The DSN for a backend (through its pooler_for()). For SQLite a fresh file under the temp
// directory named after `tag`.
// Fails the current test (ADD_FAILURE) and returns "" when a server DSN is not configured.
inline std::string dsn_for(v5store::BackendKind kind, const std::string& tag = "v5test") {
  switch (kind) {
    case v5store::BackendKind::sqlite: {
      auto path = std::filesystem::temp_directory_path() /
                  (tag + "_" + std::to_string(::getpid()) + ".db");
      std::filesystem::remove(path);
      return "db=" + path.string();
    }
    case v5store::BackendKind::postgresql:
    case v5store::BackendKind::mysql: {
      const char* var = kind == v5store::BackendKind::mysql ? "V5_TEST_MYSQL_DSN"
                        : pooler_for(kind) == v5store::Pooler::pgbouncer ? "V5_TEST_PGBOUNCER_DSN"
                                                                          : "V5_TEST_PG_DSN";
      const char* dsn = std::getenv(var);
      if (dsn == nullptr || *dsn == '\0') {
        ADD_FAILURE() << var << " is not set: run the tests through scripts/test.sh, which "
                      << "starts PostgreSQL and MariaDB and exports it";
        return {};
      }
      return dsn;
    }
  }
  return {};
}

// All three backends, for INSTANTIATE_TEST_SUITE_P.
inline std::vector<v5store::BackendKind> all_backends() {
  return {v5store::BackendKind::sqlite, v5store::BackendKind::postgresql,
          v5store::BackendKind::mysql};
}

// Test-name generator: "sqlite", "postgresql", "mysql".
struct BackendName {
  std::string operator()(const testing::TestParamInfo<v5store::BackendKind>& info) const {
    return std::string(v5store::to_string(info.param));
  }
};

// The example specs directory (a copy of ../shared/examples kept in the repository).
inline std::filesystem::path examples_dir() { return V5_EXAMPLES_DIR; }

}  // namespace v5test
