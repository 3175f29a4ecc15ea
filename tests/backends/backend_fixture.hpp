// The fixture shared by the backend conformance suites: one session on the backend under test
// and the tables it creates, all named "fnd_<pid>_..." and dropped again in TearDown.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bound_statement.hpp"
#include "test_databases.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/spec.hpp"

namespace v5test {

class BackendTest : public testing::TestWithParam<v5store::BackendKind> {
 protected:
  void SetUp() override {
    backend_ = &v5store::detail::backend_for(GetParam(), pooler_for(GetParam()));
    dsn_ = dsn_for(GetParam(), "fnd_conformance");
    ASSERT_FALSE(dsn_.empty());
    session_ = backend_->open(dsn_, std::chrono::seconds(5));
  }

  void TearDown() override {
    if (session_) {
      for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
        try {
          *session_ << "DROP TABLE IF EXISTS " + backend_->quote(*it);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "dropping " << *it << ": " << e.what();
        }
      }
      session_.reset();
    }
    if (GetParam() == v5store::BackendKind::sqlite) {
      const std::string path = dsn_.substr(3);
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
  }

  // A table name unique to this process: parallel test processes share the server databases.
  static std::string table(const std::string& name) {
    return "fnd_" + std::to_string(::getpid()) + "_" + name;
  }

  // Creates the entity's table (dropping a leftover first) and its indexes.
  void create(const v5store::SystemSpec& spec, const v5store::EntitySpec& entity) {
    const std::string& name = entity.table.empty() ? entity.name : entity.table;
    *session_ << "DROP TABLE IF EXISTS " + backend_->quote(name);
    created_.push_back(name);
    *session_ << backend_->create_table(spec, entity);
    for (const auto& index : entity.indexes) *session_ << backend_->create_index(entity, index);
  }

  // A prepared statement on the test session.
  std::unique_ptr<v5store::detail::BoundStatement> prepare(
      const std::string& sql, std::vector<v5store::FieldType> params,
      std::vector<v5store::FieldType> results = {}) {
    return std::make_unique<v5store::detail::BoundStatement>(*session_, *backend_, sql,
                                                             std::move(params), std::move(results));
  }

  const v5store::detail::Backend* backend_ = nullptr;
  std::string dsn_;
  std::unique_ptr<soci::session> session_;
  std::vector<std::string> created_;
};

}  // namespace v5test
