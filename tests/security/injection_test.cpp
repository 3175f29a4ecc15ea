// Identifiers and values from callers never change SQL text: injection strings go through
// every generic Records entry point (entity names, field names, values, order by) on every
// backend; values come back byte for byte, names are refused, the table stays intact.
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/error.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"

namespace {

using v5store::BackendKind;
using v5store::ErrorCode;
using v5store::Record;

const std::string kTable = "reliability_sec_notes";

// Strings that would end a literal or statement if they were spliced into SQL.
const std::vector<std::string> kInjections = {
    "'; DROP TABLE reliability_sec_notes; --",
    "' OR '1'='1",
    "\\'; DELETE FROM reliability_sec_notes; --",
    "\" OR \"\"=\"",
    "x'); DELETE FROM reliability_sec_notes WHERE ('1'='1",
    "title = title --",
    "/* comment */ 1; SELECT 1",
    "`; DROP TABLE reliability_sec_notes; --",
    "$1 $$ :title ? %s",
};

v5store::EntitySpec note_entity() {
  v5store::EntitySpec entity;
  entity.name = "note";
  entity.table = kTable;
  v5store::FieldSpec id;
  id.name = "id";
  id.type = v5store::FieldType::int64;
  id.primary_key = true;
  v5store::FieldSpec title;
  title.name = "title";
  title.type = v5store::FieldType::string;
  title.max_length = 200;
  entity.fields = {id, title};
  return entity;
}

class Injection : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    database_.name = "main";
    database_.backend = GetParam();
    database_.dsn = v5test::dsn_for(GetParam(), "reliability_sec");
    database_.dsn_template = database_.dsn;
    database_.pool.max_size = 2;
    ASSERT_FALSE(database_.dsn.empty());
    pool_ = std::make_unique<v5store::ConnectionPool>(database_);
    {
      auto lease = pool_->acquire();
      lease.session() << "DROP TABLE IF EXISTS " + kTable;
      lease.session() << "CREATE TABLE " + kTable +
                             " (id BIGINT PRIMARY KEY, title VARCHAR(200) NOT NULL)";
    }
    registry_ = std::make_unique<v5store::SchemaRegistry>(
        std::vector<v5store::EntitySpec>{note_entity()});
    records_ = std::make_unique<v5store::Records>(*registry_, *pool_);
    records_->insert("note", Record{{"id", 1000}, {"title", "canary"}});
  }

  void TearDown() override {
    records_.reset();
    if (pool_) {
      auto lease = pool_->acquire();
      lease.session() << "DROP TABLE IF EXISTS " + kTable;
    }
  }

  // The table exists and holds `rows` rows, counted outside the record API.
  void expect_table_intact(long long rows) {
    auto lease = pool_->acquire();
    long long count = -1;
    lease.session() << "SELECT COUNT(*) FROM " + kTable, soci::into(count);
    EXPECT_EQ(count, rows);
  }

  v5store::DatabaseSpec database_;
  std::unique_ptr<v5store::ConnectionPool> pool_;
  std::unique_ptr<v5store::SchemaRegistry> registry_;
  std::unique_ptr<v5store::Records> records_;
};

TEST_P(Injection, ValuesAreStoredVerbatimAndMatchOnlyThemselves) {
  std::int64_t id = 1;
  for (const auto& text : kInjections) {
    SCOPED_TRACE(text);
    records_->insert("note", Record{{"id", id}, {"title", text}});
    auto row = records_->get("note", v5store::Key(id));
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->get<std::string>("title"), text);
    auto found = records_->find("note", Record{{"title", text}});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].get<std::int64_t>("id"), id);
    EXPECT_EQ(records_->count("note", Record{{"title", text}}), 1);
    Record update = *row;
    update.set("title", text + text);
    EXPECT_TRUE(records_->update("note", update));
    EXPECT_EQ(records_->get("note", v5store::Key(id))->get<std::string>("title"), text + text);
    ++id;
  }
  EXPECT_EQ(records_->count("note", Record{{"title", "' OR '1'='1"}}), 0);
  EXPECT_EQ(records_->get("note", v5store::Key(1000))->get<std::string>("title"), "canary");
  expect_table_intact(id);
}

TEST_P(Injection, InjectedKeysMatchNothing) {
  for (const auto& text : kInjections) {
    SCOPED_TRACE(text);
    // A text key for an integer key is either refused or matches no row; never a row.
    try {
      EXPECT_FALSE(records_->get("note", v5store::Key(text)).has_value());
    } catch (const v5store::Error&) {
    }
    try {
      EXPECT_FALSE(records_->remove("note", v5store::Key(text)));
    } catch (const v5store::Error&) {
    }
  }
  expect_table_intact(1);
}

// Runs `call` and expects it to be refused before any SQL: Error(schema) for an unknown name,
// Error(validation) for a record naming a field its entity does not have.
template <class Call>
void expect_schema_error(Call&& call) {
  try {
    call();
    ADD_FAILURE() << "an injected identifier was accepted";
  } catch (const v5store::Error& e) {
    EXPECT_TRUE(e.code() == ErrorCode::schema || e.code() == ErrorCode::validation) << e.what();
  }
}

TEST_P(Injection, InjectedIdentifiersAreRefused) {
  for (const auto& text : kInjections) {
    SCOPED_TRACE(text);
    const std::string entity = "note" + text;
    const std::string field = "title" + text;
    expect_schema_error([&] { records_->insert(entity, Record{{"id", 5}, {"title", "x"}}); });
    expect_schema_error([&] { records_->get(entity, v5store::Key(1000)); });
    expect_schema_error([&] { records_->find(entity); });
    expect_schema_error([&] { records_->count(entity); });
    expect_schema_error([&] { records_->remove(entity, v5store::Key(1000)); });
    expect_schema_error([&] { records_->insert("note", Record{{"id", 5}, {field, "x"}}); });
    expect_schema_error([&] { records_->find("note", Record{{field, "canary"}}); });
    expect_schema_error([&] { records_->count("note", Record{{field, "canary"}}); });
    expect_schema_error([&] {
      Record update{{"id", 1000}, {field, "x"}};
      records_->update("note", update);
    });
    v5store::FindOptions options;
    options.order_by.push_back({field, false});
    expect_schema_error([&] { records_->find("note", {}, options); });
  }
  EXPECT_EQ(records_->get("note", v5store::Key(1000))->get<std::string>("title"), "canary");
  expect_table_intact(1);
}

INSTANTIATE_TEST_SUITE_P(Backends, Injection, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
