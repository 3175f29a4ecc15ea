// A fixture for record tests on a spec of their own, on every backend: the spec's database
// pointed at the test server of the parameter's backend (through its pooler_for()), the
// tables of every entity created fresh for the test and dropped after it, and Records over
// them. Table names carry the process id so that concurrent test processes do not meet.
#pragma once

#include <unistd.h>

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"

namespace v5test {

class SpecTablesFixture : public testing::TestWithParam<v5store::BackendKind> {
 protected:
  // Parses `spec_text` (its database is replaced by the test server's; `tag` names a SQLite
  // file), creates every entity's table and opens Records. Call from SetUp() and ASSERT on
  // HasFatalFailure() after it.
  void open(const std::string& spec_text, const std::string& tag) {
    spec_ = v5store::parse_spec_string(spec_text);
    v5store::DatabaseSpec& db = spec_.databases.front();
    db.backend = GetParam();
    db.dsn = dsn_for(GetParam(), tag);
    db.pooler = pooler_for(GetParam());
    ASSERT_FALSE(db.dsn.empty());
    registry_ = std::make_unique<v5store::SchemaRegistry>(spec_);
    pool_ = std::make_unique<v5store::ConnectionPool>(db);
    for (const auto& entity : spec_.entities) {
      raw("DROP TABLE IF EXISTS " + backend().quote(entity.table));
      raw(backend().create_table(spec_, entity));
    }
    records_ = std::make_unique<v5store::Records>(*registry_, *pool_);
  }

  void TearDown() override {
    records_.reset();
    if (pool_) {
      for (const auto& entity : spec_.entities) {
        raw("DROP TABLE IF EXISTS " + backend().quote(entity.table));
      }
    }
    pool_.reset();
  }

  // A table name unique to this process: "<stem><pid>".
  static std::string table_name(const std::string& stem) {
    return stem + std::to_string(::getpid());
  }

  const v5store::detail::Backend& backend() const {
    return v5store::detail::backend_for(GetParam(), pooler_for(GetParam()));
  }

  // Runs `sql` on a pooled connection in auto-commit mode.
  void raw(const std::string& sql) {
    v5store::Lease lease = pool_->acquire();
    lease.session() << sql;
  }

  // The number of rows of `table`.
  long long rows_of(const std::string& table) {
    v5store::Lease lease = pool_->acquire();
    long long n = -1;
    lease.session() << "SELECT COUNT(*) FROM " + backend().quote(table), soci::into(n);
    return n;
  }

  v5store::SystemSpec spec_;
  std::unique_ptr<v5store::SchemaRegistry> registry_;
  std::unique_ptr<v5store::ConnectionPool> pool_;
  std::unique_ptr<v5store::Records> records_;
};

}  // namespace v5test
