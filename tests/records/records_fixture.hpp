// A fixture for record tests on one backend: the shop entities (plus a composite-key entity)
// in tables named rec<pid>_<table>, so parallel runs on a shared server do not collide;
// created in SetUp, dropped in TearDown.
#pragma once

#include <memory>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/metrics.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"

namespace v5test {

class RecordsFixture : public ::testing::TestWithParam<v5store::BackendKind> {
 protected:
  void SetUp() override {
    spec_ = v5store::parse_spec_file(examples_dir() / "shop.yaml");
    prefix_ = "rec" + std::to_string(::getpid()) + "_";
    v5store::EntitySpec membership;
    membership.name = "membership";
    for (const char* name : {"group_id", "user_id"}) {
      v5store::FieldSpec key;
      key.name = name;
      key.type = v5store::FieldType::int64;
      key.primary_key = true;
      membership.fields.push_back(key);
    }
    v5store::FieldSpec role;
    role.name = "role";
    role.type = v5store::FieldType::enumeration;
    role.values = {"member", "admin"};
    membership.fields.push_back(role);
    v5store::FieldSpec fee;  // a decimal: read back at its scale on every backend
    fee.name = "fee";
    fee.type = v5store::FieldType::decimal;
    fee.precision = 10;
    fee.scale = 2;
    fee.nullable = true;
    membership.fields.push_back(fee);
    spec_.entities.push_back(membership);
    add_entities(spec_.entities);
    for (v5store::EntitySpec& entity : spec_.entities) {
      entity.table = prefix_ + (entity.table.empty() ? entity.name : entity.table);
      for (v5store::IndexSpec& index : entity.indexes) index.name = prefix_ + index.name;
    }
    v5store::DatabaseSpec& db = spec_.databases.front();
    db.backend = GetParam();
    db.dsn = dsn_for(GetParam(), "records");
    db.pooler = pooler_for(GetParam());
    ASSERT_FALSE(db.dsn.empty());
    db.pool.max_size = 4;
    db.pool.min_idle = 1;
    registry_ = std::make_unique<v5store::SchemaRegistry>(spec_);
    pool_ = std::make_unique<v5store::ConnectionPool>(db);
    drop_tables();
    {
      v5store::Lease lease = pool_->acquire();
      const auto& backend = v5store::detail::backend_for(GetParam());
      for (const v5store::EntitySpec& entity : spec_.entities) {
        lease.session() << backend.create_table(spec_, entity);
        for (const v5store::IndexSpec& index : entity.indexes) {
          lease.session() << backend.create_index(entity, index);
        }
      }
    }
    make_records(spec_.components);
  }

  // A suite's own entities, added to the shop's before the tables are created.
  virtual void add_entities(std::vector<v5store::EntitySpec>& /*entities*/) {}

  void TearDown() override {
    records_.reset();
    if (pool_) drop_tables();
    pool_.reset();
  }

  // (Re)creates the Records with these store components (their caches).
  void make_records(const std::vector<v5store::ComponentSpec>& components) {
    records_.reset();
    v5store::RecordsOptions options;
    options.database = "main";
    options.metrics = &metrics_;
    options.components = components;
    records_ = std::make_unique<v5store::Records>(*registry_, *pool_, options);
  }

  // The table of an entity, quoted for raw SQL.
  std::string table(const std::string& entity) const {
    return v5store::detail::backend_for(GetParam()).quote(registry_->entity(entity).table());
  }

  // Rows in an entity's table, counted with raw SQL (independent of the record API).
  long long raw_count(const std::string& entity) {
    v5store::Lease lease = pool_->acquire();
    long long n = -1;
    lease.session() << "SELECT COUNT(*) FROM " + table(entity), soci::into(n);
    return n;
  }

  // Runs raw SQL (a write behind the record API's back).
  void raw(const std::string& sql) {
    v5store::Lease lease = pool_->acquire();
    lease.session() << sql;
  }

  void drop_tables() {
    v5store::Lease lease = pool_->acquire();
    const auto& backend = v5store::detail::backend_for(GetParam());
    for (auto it = spec_.entities.rbegin(); it != spec_.entities.rend(); ++it) {
      lease.session() << "DROP TABLE IF EXISTS " + backend.quote(it->table);
    }
  }

  v5store::SystemSpec spec_;
  std::string prefix_;
  v5store::MetricsRegistry metrics_;
  std::unique_ptr<v5store::SchemaRegistry> registry_;
  std::unique_ptr<v5store::ConnectionPool> pool_;
  std::unique_ptr<v5store::Records> records_;
};

}  // namespace v5test
