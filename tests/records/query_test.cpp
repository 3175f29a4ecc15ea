// The query API on every backend: conditions, ordering, limit / offset, keyset pages, count
// and exists, projections and aggregates, typed queries, and the errors of a bad query.
#include "v5store/query.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "records_fixture.hpp"
#include "shop_entities.hpp"
#include "v5store/error.hpp"
#include "v5store/transaction.hpp"

namespace {

using v5store::asc;
using v5store::desc;
using v5store::ErrorCode;
using v5store::field;
using v5store::from;
using v5store::Key;
using v5store::Record;
using v5test::error_of;

class Query : public v5test::RecordsFixture {
 protected:
  void SetUp() override {
    v5test::RecordsFixture::SetUp();
    if (HasFatalFailure()) return;
    ann_ = std::get<std::int64_t>(
        records_->insert("customer", Record{{"email", "ann@example.com"}, {"name", "Ann"}})[0]);
    bob_ = std::get<std::int64_t>(
        records_->insert("customer", Record{{"email", "bob@example.com"}, {"name", "bob"}})[0]);
    // Ten orders: totals 100..1000, statuses cycling new / paid / shipped, every third a note.
    const char* statuses[] = {"new", "paid", "shipped"};
    for (int i = 1; i <= 10; ++i) {
      Record order{{"customer_id", i % 2 == 0 ? bob_ : ann_},
                   {"status", statuses[i % 3]},
                   {"total_cents", std::int64_t{100} * i}};
      if (i % 3 == 0) order.set("note", "Gift for Ann #" + std::to_string(i));
      records_->insert("order", order);
    }
  }

  // The total_cents of the rows, in order.
  static std::vector<std::int64_t> totals(const std::vector<Record>& rows) {
    std::vector<std::int64_t> out;
    for (const Record& row : rows) out.push_back(row.get<std::int64_t>("total_cents"));
    return out;
  }

  std::vector<std::int64_t> totals_where(v5store::Condition c) {
    return totals(records_->find(from("order").where(std::move(c)).order_by(asc("total_cents"))));
  }

  std::int64_t ann_ = 0;
  std::int64_t bob_ = 0;
};

using Totals = std::vector<std::int64_t>;

TEST_P(Query, ComparesFieldsWithEveryOperator) {
  EXPECT_EQ(totals_where(field("total_cents") == 300), (Totals{300}));
  EXPECT_EQ(totals_where(field("total_cents") != 300).size(), 9u);
  EXPECT_EQ(totals_where(field("total_cents") < 300), (Totals{100, 200}));
  EXPECT_EQ(totals_where(field("total_cents") <= 300), (Totals{100, 200, 300}));
  EXPECT_EQ(totals_where(field("total_cents") > 800), (Totals{900, 1000}));
  EXPECT_EQ(totals_where(field("total_cents") >= 800), (Totals{800, 900, 1000}));
  EXPECT_EQ(totals_where(field("total_cents").between(350, 600)), (Totals{400, 500, 600}));
  EXPECT_EQ(totals_where(field("total_cents").in({200, 700, 12345})), (Totals{200, 700}));
  EXPECT_EQ(totals_where(field("status").not_in({"new", "paid"})), (Totals{200, 500, 800}));
  EXPECT_EQ(totals_where(field("note").is_not_null()), (Totals{300, 600, 900}));
  EXPECT_EQ(totals_where(field("note").is_null()).size(), 7u);
  EXPECT_TRUE(totals_where(field("total_cents").in({})).empty());
  EXPECT_EQ(totals_where(field("total_cents").not_in({})).size(), 10u);
}

TEST_P(Query, CombinesConditionsWithAndOrNot) {
  EXPECT_EQ(totals_where(field("status") == "paid" && field("total_cents") > 300), (Totals{400, 700, 1000}));
  EXPECT_EQ(totals_where(field("total_cents") < 200 || field("total_cents") > 900), (Totals{100, 1000}));
  EXPECT_EQ(totals_where(!(field("total_cents") > 200)), (Totals{100, 200}));
  EXPECT_EQ(totals_where((field("customer_id") == ann_ && field("total_cents") >= 500) ||
                         !field("note").is_null()),
            (Totals{300, 500, 600, 700, 900}));
  // where() twice and-s the conditions.
  EXPECT_EQ(totals(records_->find(from("order")
                                      .where(field("total_cents") > 100)
                                      .where(field("total_cents") < 400)
                                      .order_by(asc("id")))),
            (Totals{200, 300}));
}

TEST_P(Query, LikeIsCaseSensitiveAndIlikeIsNotOnEveryBackend) {
  EXPECT_EQ(totals_where(field("note").like("Gift%")), (Totals{300, 600, 900}));
  EXPECT_TRUE(totals_where(field("note").like("gift%")).empty());
  EXPECT_EQ(totals_where(field("note").ilike("gift for ANN%")), (Totals{300, 600, 900}));
  EXPECT_EQ(totals_where(field("note").like("%#_")), (Totals{300, 600, 900}));
  EXPECT_EQ(totals_where(field("note").like("%#9")), (Totals{900}));
  // Characters special to one backend's pattern syntax are plain text in a LIKE pattern.
  records_->insert("order", Record{{"customer_id", ann_}, {"total_cents", std::int64_t{1}},
                                   {"note", "a*b?c[d]"}});
  EXPECT_EQ(totals_where(field("note").like("a*b?c[d]%")), (Totals{1}));
  EXPECT_TRUE(totals_where(field("note").like("aXb%")).empty());
  auto names = records_->find(from("customer").where(field("name").ilike("BOB")));
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].get<std::string>("name"), "bob");
}

TEST_P(Query, OrdersBySeveralFieldsWithLimitAndOffset) {
  const auto rows = records_->find(
      from("order").order_by(asc("status"), desc("total_cents")).limit(4).offset(1));
  ASSERT_EQ(rows.size(), 4u);
  // new: 900 600 300; paid: 1000 700 400 100 (ascending status, descending total); skip one.
  EXPECT_EQ(totals(rows), (Totals{600, 300, 1000, 700}));
  EXPECT_EQ(totals(records_->find(from("order").order_by(desc("total_cents")).offset(8))),
            (Totals{200, 100}));
  EXPECT_EQ(totals(records_->find(from("order").order_by(desc("total_cents")).limit(2))),
            (Totals{1000, 900}));
}

TEST_P(Query, KeysetPagesVisitEveryRowOnceWhileRowsAreInserted) {
  auto query = from("order").where(field("total_cents") >= 200).order_by(desc("total_cents"));
  query.limit(3);
  std::vector<std::int64_t> seen;
  std::size_t pages = 0;
  std::string cursor;
  do {
    auto q = query;
    v5store::Page page = records_->page(q.after(cursor));
    ++pages;
    for (const Record& row : page.rows) seen.push_back(row.get<std::int64_t>("total_cents"));
    EXPECT_LE(page.rows.size(), 3u);
    // A concurrent writer adds a row that sorts before the current position, and one after.
    if (pages == 1) {
      records_->insert("order", Record{{"customer_id", ann_}, {"total_cents", std::int64_t{5000}}});
      records_->insert("order", Record{{"customer_id", ann_}, {"total_cents", std::int64_t{250}}});
    }
    for (char c : page.next) {
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << page.next;
    }
    cursor = page.next;
  } while (!cursor.empty() && pages < 10);
  // 9 rows from the start plus the one inserted after the position (250); the one inserted
  // before it (5000) is not seen, and nothing is seen twice.
  std::multiset<std::int64_t> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(unique.count(250), 1u);
  EXPECT_EQ(unique.count(5000), 0u);
  EXPECT_EQ(pages, 4u);
}

TEST_P(Query, TypedKeysetPagesAndConditions) {
  using namespace shop::order_fields;
  std::vector<shop::Order> big = records_->find(
      v5store::from<shop::Order>().where(total_cents > 700).order_by(desc(total_cents)));
  ASSERT_EQ(big.size(), 3u);
  EXPECT_EQ(big[0].total_cents, 1000);
  EXPECT_EQ(big[2].total_cents, 800);
  auto first = records_->page(v5store::from<shop::Order>()
                                  .where(status.in({"new", "paid"}))
                                  .order_by(asc(total_cents))
                                  .limit(4));
  ASSERT_EQ(first.rows.size(), 4u);  // 100 300 400 600 | 700 900 1000
  EXPECT_EQ(first.rows[3].total_cents, 600);
  auto second = records_->page(v5store::from<shop::Order>()
                                   .where(status.in({"new", "paid"}))
                                   .order_by(asc(total_cents))
                                   .limit(4)
                                   .after(first.next));
  ASSERT_EQ(second.rows.size(), 3u);
  EXPECT_EQ(second.rows[0].total_cents, 700);
  EXPECT_TRUE(second.next.empty());
  EXPECT_EQ(records_->count(v5store::from<shop::Order>().where(note.is_null())), 7);
}

TEST_P(Query, ACursorFromAnotherOrderOrTamperedWithIsRefused) {
  auto first = records_->page(from("order").order_by(asc("total_cents")).limit(2));
  ASSERT_FALSE(first.next.empty());
  auto other = from("order").order_by(desc("total_cents")).limit(2);
  EXPECT_EQ(error_of([&] { records_->page(other.after(first.next)); }).code(),
            ErrorCode::validation);
  auto same = from("order").order_by(asc("total_cents")).limit(2);
  EXPECT_EQ(error_of([&] { records_->page(same.after("not a cursor!")); }).code(),
            ErrorCode::validation);
  EXPECT_EQ(error_of([&] { records_->page(same.after(first.next.substr(0, 14))); }).code(),
            ErrorCode::validation);
  EXPECT_EQ(error_of([&] { records_->page(from("order").order_by(asc("note")).limit(2)); }).code(),
            ErrorCode::validation);
  EXPECT_EQ(error_of([&] { records_->page(from("order")); }).code(), ErrorCode::validation);
}

TEST_P(Query, CountAndExistsTakeTheSameConditions) {
  EXPECT_EQ(records_->count(from("order")), 10);
  EXPECT_EQ(records_->count(from("order").where(field("customer_id") == ann_)), 5);
  EXPECT_EQ(records_->count(from("order").where(field("note").ilike("%ann%"))), 3);
  EXPECT_TRUE(records_->exists(from("order").where(field("total_cents") > 900)));
  EXPECT_FALSE(records_->exists(from("order").where(field("total_cents") > 1000)));
}

TEST_P(Query, AWrongFieldOrValueTypeIsAValidationErrorNamingTheField) {
  v5store::Error e = error_of([&] { records_->find(from("order").where(field("totl") > 1)); });
  EXPECT_EQ(e.code(), ErrorCode::validation);
  EXPECT_NE(std::string(e.what()).find("order.totl"), std::string::npos) << e.what();
  e = error_of([&] { records_->count(from("order").where(field("total_cents") > "many")); });
  EXPECT_EQ(e.code(), ErrorCode::validation);
  EXPECT_NE(std::string(e.what()).find("order.total_cents"), std::string::npos) << e.what();
  e = error_of([&] { records_->find(from("order").where(field("total_cents").like("1%"))); });
  EXPECT_EQ(e.code(), ErrorCode::validation);
  EXPECT_NE(std::string(e.what()).find("order.total_cents"), std::string::npos) << e.what();
  e = error_of([&] { records_->find(from("order").where(field("placed_at") < "yesterday")); });
  EXPECT_EQ(e.code(), ErrorCode::validation);
  EXPECT_NE(std::string(e.what()).find("order.placed_at"), std::string::npos) << e.what();
  e = error_of([&] { records_->find(from("order").order_by(desc("nope"))); });
  EXPECT_EQ(e.code(), ErrorCode::validation);
  e = error_of([&] { records_->find(from("order").where(field("note") == v5store::Value{})); });
  EXPECT_EQ(e.code(), ErrorCode::validation);
  EXPECT_EQ(error_of([&] { records_->find(from("orders")); }).code(), ErrorCode::schema);
}

TEST_P(Query, ProjectionsAndAggregatesGroupedByAField) {
  const auto rows = records_->find(from("order")
                                       .select({"status", v5store::count_rows(),
                                                v5store::sum("total_cents"),
                                                v5store::min("total_cents"),
                                                v5store::max("total_cents", "largest"),
                                                v5store::avg("total_cents")})
                                       .where(field("total_cents") > 100)
                                       .group_by({"status"})
                                       .order_by(asc("status")));
  ASSERT_EQ(rows.size(), 3u);
  // new: 300 600 900; paid: 400 700 1000; shipped: 200 500 800 (100 filtered out).
  EXPECT_EQ(rows[0].get<std::string>("status"), "new");
  EXPECT_EQ(rows[0].get<std::int64_t>("count"), 3);
  EXPECT_EQ(rows[0].get<std::int64_t>("sum_total_cents"), 1800);
  EXPECT_EQ(rows[1].get<std::int64_t>("min_total_cents"), 400);
  EXPECT_EQ(rows[2].get<std::int64_t>("largest"), 800);
  EXPECT_DOUBLE_EQ(rows[2].get<double>("avg_total_cents"), 500.0);
  EXPECT_EQ(rows[0].size(), 6u);

  const auto names = records_->find(from("customer").select({"name"}).order_by(asc("id")));
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[1], (Record{{"name", "bob"}}));

  const auto all = records_->find(from("order").select({v5store::count_rows("n")}));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].get<std::int64_t>("n"), 10);

  EXPECT_EQ(error_of([&] {
              records_->find(from("order").select({"note", v5store::count_rows()}));
            }).code(),
            ErrorCode::validation);
  EXPECT_EQ(error_of([&] { records_->find(from("order").select({v5store::sum("status")})); }).code(),
            ErrorCode::validation);
}

TEST_P(Query, SessionsRunQueriesInsideATransaction) {
  v5store::Transaction tx(pool_->acquire());
  auto session = records_->on(tx);
  session.insert("order", Record{{"customer_id", ann_}, {"total_cents", std::int64_t{7777}}});
  EXPECT_TRUE(session.exists(from("order").where(field("total_cents") == 7777)));
  tx.rollback();
  EXPECT_FALSE(records_->exists(from("order").where(field("total_cents") == 7777)));
}

// The example of docs/records.md ("Queries"), line for line.
TEST_P(Query, DocumentationExample) {
  v5store::Records& records = *records_;
  {
    using namespace v5store;
    // Conditions: = != < <= > >= in, not_in, is_null, is_not_null, like, ilike, between; && || !
    std::vector<Record> rows = records.find(
        from("order")
            .where((field("status").in({"new", "paid"}) && field("total_cents") >= 500) ||
                   field("note").ilike("%gift%"))
            .order_by(desc("total_cents"), asc("id"))
            .limit(20)
            .offset(40));
    std::int64_t n = records.count(from("order").where(field("note").is_null()));
    bool any = records.exists(from("order").where(field("total_cents").between(100, 200)));

    // Keyset pages: the order is completed by the primary key; the cursor is opaque base64url.
    Page page = records.page(from("order").order_by(desc("placed_at")).limit(50));
    Page next = records.page(from("order").order_by(desc("placed_at")).limit(50).after(page.next));

    // Projections and aggregates (COUNT is an int64 on every backend).
    auto by_status = records.find(from("order")
                                      .select({"status", count_rows(), sum("total_cents"),
                                               max("total_cents", "largest"), avg("total_cents")})
                                      .group_by({"status"})
                                      .order_by(asc("status")));
    // by_status[0]: {status, count, sum_total_cents, largest, avg_total_cents}

    // Typed: the generator's field constants check names and value types at compile time.
    using namespace shop::order_fields;
    std::vector<shop::Order> big =
        records.find(from<shop::Order>().where(total_cents > 100).order_by(desc(total_cents)));
    TypedPage<shop::Order> first = records.page(from<shop::Order>().order_by(asc(id)).limit(50));

    EXPECT_TRUE(rows.empty());  // 7 rows match; offset 40 skips them all
    EXPECT_EQ(n, 7);
    EXPECT_TRUE(any);
    EXPECT_EQ(page.rows.size(), 10u);
    EXPECT_TRUE(page.next.empty());
    EXPECT_EQ(next.rows.size(), 10u);  // an empty cursor starts at the first page
    ASSERT_EQ(by_status.size(), 3u);
    EXPECT_EQ(by_status[1].get<std::int64_t>("largest"), 1000);
    EXPECT_EQ(big.size(), 9u);
    EXPECT_EQ(first.rows.size(), 10u);
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, Query, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
