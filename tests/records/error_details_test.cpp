// Structured errors of the record API on every backend: a constraint violation names the same
// constraint, table, columns and registry field on SQLite, PostgreSQL and MariaDB, and no
// message carries a bound value.
#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "records_fixture.hpp"
#include "v5store/error.hpp"
#include "v5store/transaction.hpp"

namespace {

using v5store::ErrorCode;
using v5store::Record;
using v5test::error_of;

class ErrorDetails : public v5test::RecordsFixture {
 protected:
  std::string table_of(const std::string& entity) { return registry_->entity(entity).table(); }
};

TEST_P(ErrorDetails, AUniqueViolationNamesTheSameConstraintOnEveryBackend) {
  records_->insert("customer", Record{{"email", "ann@example.com"}, {"name", "Ann"}});
  const v5store::Error e = error_of([&] {
    records_->insert("customer", Record{{"email", "ann@example.com"}, {"name", "Ann 2"}});
  });
  EXPECT_EQ(e.code(), ErrorCode::unique_violation) << e.what();
  EXPECT_EQ(e.constraint(), table_of("customer") + "_email_key") << e.what();
  EXPECT_EQ(e.table(), table_of("customer"));
  EXPECT_EQ(e.column(), "email");
  EXPECT_EQ(e.field(), "customer.email");
  EXPECT_FALSE(e.backend_code().empty());
  EXPECT_FALSE(e.retryable());
}

TEST_P(ErrorDetails, APrimaryKeyViolationNamesTheKey) {
  records_->insert("product", Record{{"sku", "S-1"}, {"title", "Lamp"}, {"price_cents", 5}});
  v5store::Error e = error_of([&] {
    records_->insert("product", Record{{"sku", "S-1"}, {"title", "Lamp"}, {"price_cents", 5}});
  });
  EXPECT_EQ(e.code(), ErrorCode::unique_violation);
  EXPECT_EQ(e.constraint(), table_of("product") + "_pkey") << e.what();
  EXPECT_EQ(e.field(), "product.sku");
  records_->insert("membership", Record{{"group_id", 1}, {"user_id", 2}, {"role", "admin"}});
  e = error_of([&] {
    records_->insert("membership", Record{{"group_id", 1}, {"user_id", 2}, {"role", "member"}});
  });
  EXPECT_EQ(e.constraint(), table_of("membership") + "_pkey") << e.what();
  EXPECT_EQ(e.details().columns, (std::vector<std::string>{"group_id", "user_id"}));
}

TEST_P(ErrorDetails, MessagesCarryNoBoundValues) {
  records_->insert("customer", Record{{"email", "secret.person@example.com"}, {"name", "Ann"}});
  v5store::Error e = error_of([&] {
    records_->insert("customer", Record{{"email", "secret.person@example.com"}, {"name", "Zed"}});
  });
  EXPECT_EQ(std::string(e.what()).find("secret.person"), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("Zed"), std::string::npos) << e.what();
  e = error_of([&] {
    records_->insert("order", Record{{"customer_id", std::int64_t{987654321}},
                                     {"total_cents", std::int64_t{4242}}});
  });
  EXPECT_EQ(e.code(), ErrorCode::foreign_key_violation) << e.what();
  EXPECT_EQ(std::string(e.what()).find("987654321"), std::string::npos) << e.what();
  EXPECT_EQ(std::string(e.what()).find("4242"), std::string::npos) << e.what();
  if (GetParam() != v5store::BackendKind::sqlite) {  // SQLite does not name the column
    EXPECT_EQ(e.field(), "order.customer_id") << e.what();
    EXPECT_EQ(e.constraint(), table_of("order") + "_customer_id_fkey") << e.what();
  }
}

TEST_P(ErrorDetails, MisuseHasItsOwnCode) {
  v5store::Transaction tx(pool_->acquire());
  tx.commit();
  EXPECT_EQ(error_of([&] { tx.commit(); }).code(), ErrorCode::misuse);
  EXPECT_EQ(v5store::to_string(ErrorCode::misuse), "misuse");
  EXPECT_EQ(v5store::to_string(ErrorCode::cancelled), "cancelled");
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ErrorDetails, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
