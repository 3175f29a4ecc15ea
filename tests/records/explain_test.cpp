// The SQL of a range query uses an index on every backend: EXPLAIN of the statement the query
// API builds for `customer_id > x` (orders has an index on (customer_id, status)).
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "v5store/internal/backend.hpp"
#include "records/query_sql.hpp"
#include "records_fixture.hpp"

namespace {

using v5store::BackendKind;
using v5store::Record;

class Explain : public v5test::RecordsFixture {
 protected:
  // Every column of every row of EXPLAIN `sql`, as text, one row per line.
  std::string explain(const std::string& sql) {
    v5store::Lease lease = pool_->acquire();
    soci::session& session = lease.session();
    std::string prefix = "EXPLAIN ";
    if (GetParam() == BackendKind::sqlite) prefix = "EXPLAIN QUERY PLAN ";
    // Small tables make a sequential scan cheapest on PostgreSQL; what matters here is that
    // the index can serve the condition.
    if (GetParam() == BackendKind::postgresql) session << "SET enable_seqscan = off";
    std::string text;
    soci::rowset<soci::row> rows = session.prepare << prefix + sql;
    for (const soci::row& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row.get_indicator(i) == soci::i_null) {
          text += "NULL";
        } else {
          switch (row.get_properties(i).get_data_type()) {
            case soci::dt_string: text += row.get<std::string>(i); break;
            case soci::dt_integer: text += std::to_string(row.get<int>(i)); break;
            case soci::dt_long_long: text += std::to_string(row.get<long long>(i)); break;
            case soci::dt_unsigned_long_long:
              text += std::to_string(row.get<unsigned long long>(i));
              break;
            case soci::dt_double: text += std::to_string(row.get<double>(i)); break;
            default: text += "?"; break;
          }
        }
        text += " | ";
      }
      text += "\n";
    }
    if (GetParam() == BackendKind::postgresql) session << "RESET enable_seqscan";
    return text;
  }
};

TEST_P(Explain, ARangeConditionOnAnIndexedFieldUsesTheIndex) {
  std::vector<Record> customers;
  for (int i = 0; i < 50; ++i) {
    customers.push_back(Record{{"email", "c" + std::to_string(i) + "@example.com"},
                               {"name", "C" + std::to_string(i)}});
  }
  records_->insert_many("customer", customers);
  const auto ids = records_->find(v5store::from("customer").order_by(v5store::asc("id")));
  std::vector<Record> orders;
  for (int i = 0; i < 1000; ++i) {
    orders.push_back(Record{{"customer_id", ids[i % ids.size()].at("id")},
                            {"total_cents", std::int64_t{i}}});
  }
  records_->insert_many("order", orders);
  const std::int64_t last = ids.back().get<std::int64_t>("id");
  if (GetParam() == BackendKind::mysql) raw("ANALYZE TABLE " + table("order"));
  if (GetParam() == BackendKind::postgresql) raw("ANALYZE " + table("order"));

  const auto query = v5store::from("order").where(v5store::field("customer_id") > last - 1);
  const auto& backend = v5store::detail::backend_for(GetParam());
  auto statement = v5store::detail::QuerySql(backend, registry_->entity("order")).select(query);
  std::string sql = statement.sql.sql;
  ASSERT_EQ(statement.binds.size(), 1u);
  sql.replace(sql.find(":p1"), 3, std::to_string(last - 1));
  const std::string plan = explain(sql);
  switch (GetParam()) {
    case BackendKind::sqlite:
      EXPECT_NE(plan.find("USING INDEX"), std::string::npos) << sql << "\n" << plan;
      break;
    case BackendKind::postgresql:
      EXPECT_NE(plan.find("Index"), std::string::npos) << sql << "\n" << plan;
      EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << sql << "\n" << plan;
      break;
    case BackendKind::mysql:
      EXPECT_NE(plan.find("| range |"), std::string::npos) << sql << "\n" << plan;
      break;
  }
  // And the query itself returns the rows of that range.
  EXPECT_EQ(records_->count(query), 20);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, Explain, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
