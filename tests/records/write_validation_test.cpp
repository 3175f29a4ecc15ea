// Write validation on every backend: each rule rejects a bad record with entity.field and the
// rule in the message, and nothing is written (checked with raw SQL).
#include <gtest/gtest.h>

#include "records_fixture.hpp"
#include "shop_entities.hpp"
#include "v5store/error.hpp"

namespace {

using v5store::Record;

class WriteValidation : public v5test::RecordsFixture {
 protected:
  // Runs `write`, expects Error(validation) naming `path` and `rule`.
  template <class Fn>
  void expect_rejected(Fn&& write, const std::string& path, const std::string& rule) {
    try {
      write();
      ADD_FAILURE() << "no error for " << path << " " << rule;
    } catch (const v5store::Error& e) {
      EXPECT_EQ(e.code(), v5store::ErrorCode::validation) << e.what();
      const std::string message = e.what();
      EXPECT_NE(message.find(path), std::string::npos) << message;
      EXPECT_NE(message.find(rule), std::string::npos) << message;
    }
  }

  Record customer(Record overrides = {}) {
    Record r{{"email", "ann@example.com"}, {"name", "Ann"}};
    for (const auto& entry : overrides) r.set(entry.field, entry.value);
    return r;
  }
};

TEST_P(WriteValidation, GenericInsertRejectsEveryRuleAndWritesNothing) {
  const struct {
    const char* entity;
    Record record;
    const char* path;
    const char* rule;
  } cases[] = {
      {"customer", customer({{"name", 42}}), "customer.name", "type"},
      {"customer", customer({{"email", v5store::Value{}}}), "customer.email", "null"},
      {"customer", Record{{"name", "Ann"}}, "customer.email", "required"},
      {"customer", customer({{"name", std::string(121, 'x')}}), "customer.name", "max_length"},
      {"customer", customer({{"email", "not-an-email"}}), "customer.email", "pattern"},
      {"customer", customer({{"nickname", "A"}}), "customer.nickname", "unknown_field"},
      {"product", Record{{"sku", "S"}, {"title", "T"}, {"price_cents", -1}}, "product.price_cents",
       "min"},
      {"order", Record{{"customer_id", 1}, {"total_cents", 1}, {"status", "lost"}},
       "order.status", "enum"},
      {"order", Record{{"customer_id", 1}, {"total_cents", 1}, {"placed_at", "soon"}},
       "order.placed_at", "format"},
      {"order_line", Record{{"order_id", 1}, {"sku", "S"}, {"quantity", 1001}},
       "order_line.quantity", "max"},
      {"order_line", Record{{"order_id", 1}, {"sku", "S"}, {"quantity", 0}},
       "order_line.quantity", "min"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    expect_rejected([&] { records_->insert(c.entity, c.record); }, c.path, c.rule);
  }
  for (const char* entity : {"customer", "product", "order", "order_line"}) {
    EXPECT_EQ(raw_count(entity), 0) << entity;
  }
}

TEST_P(WriteValidation, GenericUpdateRejectsAndLeavesTheRowAlone) {
  const auto id = records_->insert("customer", customer());
  auto row = records_->get("customer", id);
  ASSERT_TRUE(row);
  row->set("email", "broken");
  expect_rejected([&] { records_->update("customer", *row); }, "customer.email", "pattern");
  row->set("email", "ann@example.com");
  row->set("name", std::string(200, 'n'));
  expect_rejected([&] { records_->update("customer", *row); }, "customer.name", "max_length");
  auto stored = records_->get("customer", id);
  EXPECT_EQ(stored->get<std::string>("name"), "Ann");
  EXPECT_EQ(stored->get<std::string>("email"), "ann@example.com");
}

TEST_P(WriteValidation, TypedWritesAreValidatedToo) {
  shop::Customer bad_email{.email = "nope", .name = "Ann"};
  expect_rejected([&] { records_->insert(bad_email); }, "customer.email", "pattern");
  shop::Customer long_name{.email = "ann@example.com", .name = std::string(121, 'x')};
  expect_rejected([&] { records_->insert(long_name); }, "customer.name", "max_length");
  shop::Product negative{.sku = "S", .title = "T", .price_cents = -5};
  expect_rejected([&] { records_->insert(negative); }, "product.price_cents", "min");
  shop::Order odd_status{.customer_id = 1, .status = "lost", .total_cents = 1};
  expect_rejected([&] { records_->insert(odd_status); }, "order.status", "enum");
  shop::OrderLine too_many{.order_id = 1, .sku = "S", .quantity = 5000};
  expect_rejected([&] { records_->insert(too_many); }, "order_line.quantity", "max");
  for (const char* entity : {"customer", "product", "order", "order_line"}) {
    EXPECT_EQ(raw_count(entity), 0) << entity;
  }
  EXPECT_EQ(bad_email.id, 0);  // nothing was written back either

  shop::Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  ann.email = "still nope";
  expect_rejected([&] { records_->update(ann); }, "customer.email", "pattern");
  EXPECT_EQ(records_->get<shop::Customer>(ann.id)->email, "ann@example.com");
}

INSTANTIATE_TEST_SUITE_P(AllBackends, WriteValidation, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
