// Records::insert_many / RecordSession::insert_many on every backend: the rows of a batch are
// all written, an invalid record (or one with another field set) rejects the whole batch with
// entity.field in the error and nothing written, a database error rolls the batch back, and in
// a transaction the batch follows the transaction. An error names the record's position and
// key (for a database error, on SQLite and PostgreSQL, which know the row that failed).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "records_fixture.hpp"
#include "v5store/error.hpp"
#include "v5store/records.hpp"
#include "v5store/transaction.hpp"

namespace {

using v5store::ErrorCode;
using v5store::Record;

class BulkInsert : public v5test::RecordsFixture {
 protected:
  // `n` valid products sku-0..sku-<n-1>.
  static std::vector<Record> products(int n) {
    std::vector<Record> batch;
    for (int i = 0; i < n; ++i) {
      batch.push_back(Record{{"sku", "sku-" + std::to_string(i)},
                             {"title", "Product " + std::to_string(i)},
                             {"price_cents", std::int64_t{100 + i}},
                             {"in_stock", i % 2 == 0}});
    }
    return batch;
  }

  // Runs `call`, expecting an Error with `code` whose message contains `text`.
  template <class Call>
  static void expect_error(Call call, ErrorCode code, const std::string& text) {
    try {
      call();
      FAIL() << "no error thrown";
    } catch (const v5store::Error& e) {
      EXPECT_EQ(e.code(), code) << e.what();
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  }
};

TEST_P(BulkInsert, WritesEveryRowOfTheBatch) {
  EXPECT_EQ(records_->insert_many("product", products(250)), 250u);
  EXPECT_EQ(raw_count("product"), 250);
  const auto product = records_->get("product", std::string("sku-7"));
  ASSERT_TRUE(product.has_value());
  EXPECT_EQ(product->get<std::string>("title"), "Product 7");
  EXPECT_EQ(product->get<std::int64_t>("price_cents"), 107);
  EXPECT_EQ(product->get<bool>("in_stock"), false);
}

TEST_P(BulkInsert, GeneratesKeysAndDefaultsLeftOut) {
  std::vector<Record> batch;
  for (int i = 0; i < 20; ++i) {
    batch.push_back(Record{{"email", "c" + std::to_string(i) + "@example.com"},
                           {"name", i % 3 == 0 ? v5store::Value() : v5store::Value("C")}});
  }
  batch[0].set("name", "First");
  for (int i = 3; i < 20; i += 3) batch[static_cast<std::size_t>(i)].set("name", "Third");
  EXPECT_EQ(records_->insert_many("customer", batch), 20u);
  EXPECT_EQ(raw_count("customer"), 20);
  const auto found = records_->find("customer", Record{{"email", "c5@example.com"}});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].get<std::string>("name"), "C");
  EXPECT_FALSE(v5store::is_null(*found[0].find("id")));
  EXPECT_FALSE(v5store::is_null(*found[0].find("created_at")));
}

TEST_P(BulkInsert, AnInvalidRecordRejectsTheWholeBatch) {
  std::vector<Record> batch = products(10);
  batch[6].set("price_cents", std::int64_t{-1});
  expect_error([&] { records_->insert_many("product", batch); }, ErrorCode::validation,
               "product.price_cents");
  expect_error([&] { records_->insert_many("product", batch); }, ErrorCode::validation,
               "record 7 of 10 (key 'sku-6')");
  EXPECT_EQ(raw_count("product"), 0);
}

TEST_P(BulkInsert, ARecordWithOtherFieldsRejectsTheWholeBatch) {
  std::vector<Record> batch = products(5);
  batch[3] = Record{{"sku", "odd"}, {"price_cents", std::int64_t{5}}, {"in_stock", true},
                    {"title", "t"}};
  EXPECT_EQ(records_->insert_many("product", batch), 5u) << "the order of the fields is free";
  std::vector<Record> lacking = products(5);
  for (Record& record : lacking) record.set("sku", "l-" + record.get<std::string>("sku"));
  lacking[2] = Record{{"sku", "l-x"}, {"title", "no price"}, {"price_cents", std::int64_t{1}}};
  expect_error([&] { records_->insert_many("product", lacking); }, ErrorCode::validation,
               "product.in_stock");
  EXPECT_EQ(raw_count("product"), 5);
}

TEST_P(BulkInsert, ADatabaseErrorRollsTheBatchBack) {
  std::vector<Record> batch = products(8);
  batch[5].set("sku", "sku-1");  // the primary key of record 2 again
  expect_error([&] { records_->insert_many("product", batch); }, ErrorCode::unique_violation,
               "product");
  if (GetParam() != v5store::BackendKind::mysql) {
    // SQLite inserts row by row and PostgreSQL's COPY names its line: the row that failed.
    expect_error([&] { records_->insert_many("product", batch); }, ErrorCode::unique_violation,
                 "record 6 of 8 (key 'sku-1') into product");
  }
  EXPECT_EQ(raw_count("product"), 0);
}

TEST_P(BulkInsert, ValuesGivenInOtherFormsAndNullsAreStoredNormalized) {
  auto member = [](std::int64_t user, v5store::Value fee) {
    return Record{{"group_id", std::int64_t{1}}, {"user_id", user}, {"role", "member"},
                  {"fee", std::move(fee)}};
  };
  std::vector<Record> batch = {member(1, std::int64_t{7}), member(2, v5store::Value()),
                               member(3, std::string("0.1"))};
  batch[1].set("role", "boss");
  expect_error([&] { records_->insert_many("membership", batch); }, ErrorCode::validation,
               "record 2 of 3 (key 1, 2) into membership");
  batch[1].set("role", "admin");
  EXPECT_EQ(records_->insert_many("membership", batch), 3u);
  EXPECT_EQ(records_->get("membership", {std::int64_t{1}, std::int64_t{1}})->get<std::string>("fee"),
            "7.00");
  EXPECT_TRUE(v5store::is_null(
      *records_->get("membership", {std::int64_t{1}, std::int64_t{2}})->find("fee")));
  EXPECT_EQ(records_->get("membership", {std::int64_t{1}, std::int64_t{3}})->get<std::string>("fee"),
            "0.10");
}

TEST_P(BulkInsert, InATransactionTheBatchFollowsTheTransaction) {
  {
    v5store::Transaction tx(pool_->acquire());
    EXPECT_EQ(records_->on(tx).insert_many("product", products(30)), 30u);
    tx.rollback();
  }
  EXPECT_EQ(raw_count("product"), 0);
  {
    v5store::Transaction tx(pool_->acquire());
    EXPECT_EQ(records_->on(tx).insert_many("product", products(30)), 30u);
    tx.commit();
  }
  EXPECT_EQ(raw_count("product"), 30);
}

TEST_P(BulkInsert, OnALeaseTheBatchRunsInATransactionOfItsOwn) {
  v5store::Lease lease = pool_->acquire();
  auto session = records_->on(lease);
  std::vector<Record> batch = products(4);
  batch[3].set("sku", "sku-0");
  expect_error([&] { session.insert_many("product", batch); }, ErrorCode::unique_violation,
               "product");
  EXPECT_EQ(session.insert_many("product", products(4)), 4u);
  lease.release();
  EXPECT_EQ(raw_count("product"), 4);
}

TEST_P(BulkInsert, AnEmptyBatchRunsNothing) {
  EXPECT_EQ(records_->insert_many("product", {}), 0u);
  expect_error([&] { records_->insert_many("nope", {}); }, ErrorCode::schema, "nope");
}

INSTANTIATE_TEST_SUITE_P(AllBackends, BulkInsert, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
