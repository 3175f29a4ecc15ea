// Raw SQL through the record API on every backend: positional and named parameters, COUNT(*)
// as an int64, declared column types, affected rows, mapped errors without values, metrics.
#include <gtest/gtest.h>

#include "records_fixture.hpp"
#include "v5store/error.hpp"
#include "v5store/query.hpp"

namespace {

using v5store::ErrorCode;
using v5store::FieldType;
using v5store::Record;

class RawSql : public v5test::RecordsFixture {
 protected:
  void SetUp() override {
    v5test::RecordsFixture::SetUp();
    if (HasFatalFailure()) return;
    records_->insert("customer", Record{{"email", "ann@example.com"}, {"name", "Ann"}});
    records_->insert("customer", Record{{"email", "bob@example.com"}, {"name", "Bob's"}});
  }
};

TEST_P(RawSql, CountIsAnInt64OnEveryBackend) {
  const auto rows = records_->query("SELECT COUNT(*) AS n FROM " + table("customer"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<std::int64_t>("n"), 2);
}

TEST_P(RawSql, PositionalAndNamedParametersAreBound) {
  const std::string customers = table("customer");
  auto rows = records_->query("SELECT name FROM " + customers + " WHERE email = ? AND name <> '?'",
                              {"bob@example.com"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<std::string>("name"), "Bob's");
  rows = records_->query("SELECT id, name FROM " + customers +
                             " WHERE name = :name OR email = :email ORDER BY id",
                         {{"name", "Ann"}, {"email", "bob@example.com"}});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(rows[0].at("id")));
  // A value is only ever a value.
  EXPECT_TRUE(records_->query("SELECT id FROM " + customers + " WHERE name = ?",
                              {"x' OR '1'='1"}).empty());
}

TEST_P(RawSql, DeclaredColumnsConvertTheValues) {
  const auto rows = records_->query(
      "SELECT created_at, COUNT(*) FROM " + table("customer") + " WHERE name = ? GROUP BY created_at",
      {"Ann"}, {{"created", FieldType::timestamp}, {"n", FieldType::int64}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<v5store::Timestamp>(rows[0].at("created")));
  EXPECT_EQ(rows[0].get<std::int64_t>("n"), 1);
}

// A comment does not hide the placeholders after it, and a named value used twice is bound at
// both places (declared columns: the prepared-statement path).
TEST_P(RawSql, CommentsAndRepeatedNamesKeepTheirPlaces) {
  const auto rows = records_->query("SELECT name FROM " + table("customer") +
                                        " -- by email or name\n"
                                        " WHERE email = :email OR name = :name OR email = :name",
                                    {{"email", "ann@example.com"}, {"name", "Bob's"}},
                                    {{"name", FieldType::text}});
  ASSERT_EQ(rows.size(), 2u);
}

// The same text run again on one connection with a value of another kind, or other declared
// column types, is bound and converted by what this call passes (the connection caches
// prepared statements by their text).
TEST_P(RawSql, TheSameTextWithOtherValueKindsOrColumnTypes) {
  v5store::Lease lease = pool_->acquire();
  auto session = records_->on(lease);
  const std::string sql = "SELECT id AS v FROM " + table("customer") + " WHERE id = ?";
  const std::int64_t id = session.query("SELECT id FROM " + table("customer") +
                                        " WHERE name = 'Ann'")[0].get<std::int64_t>("id");
  EXPECT_TRUE(session.query(sql, {v5store::Value{}}, {{"v", FieldType::int64}}).empty());
  auto rows = session.query(sql, {id}, {{"v", FieldType::int64}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<std::int64_t>("v"), id);
  rows = session.query(sql, {id}, {{"v", FieldType::float64}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<double>("v"), static_cast<double>(id));
  const std::string update = "UPDATE " + table("customer") + " SET name = 'Anne' WHERE id = ?";
  EXPECT_EQ(session.execute(update, {v5store::Value{}}), 0);
  EXPECT_EQ(session.execute(update, {id}), 1);
}

TEST_P(RawSql, ExecuteReturnsTheChangedRowsAndErrorsAreMapped) {
  EXPECT_EQ(records_->execute("UPDATE " + table("customer") + " SET name = :n WHERE name <> :n",
                              {{"n", "Zed"}}),
            2);
  try {
    records_->execute("INSERT INTO " + table("customer") + " (email, name) VALUES (?, ?)",
                      {"ann@example.com", "Private Person"});
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unique_violation) << e.what();
    EXPECT_EQ(std::string(e.what()).find("Private Person"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("ann@example.com"), std::string::npos) << e.what();
  }
  try {
    records_->query("SELECT * FROM " + table("customer") + " WHERE id = ? AND name = ?", {1});
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation) << e.what();
  }
  const std::string text = metrics_.render_prometheus();
  EXPECT_NE(text.find("operation=\"execute\",outcome=\"success\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("operation=\"execute\",outcome=\"error\"} 1"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(AllBackends, RawSql, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
