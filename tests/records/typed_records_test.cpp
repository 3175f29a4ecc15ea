// Typed records through hand-written entity_traits of the shop entities, on every backend.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "records_fixture.hpp"
#include "shop_entities.hpp"
#include "v5store/error.hpp"
#include "v5store/transaction.hpp"

namespace {

using shop::Customer;
using shop::Order;
using shop::OrderLine;
using shop::Product;

class TypedRecords : public v5test::RecordsFixture {};

TEST_P(TypedRecords, InsertSetsTheGeneratedKeyAndDefaults) {
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  EXPECT_GT(ann.id, 0);
  ASSERT_TRUE(ann.created_at.has_value());  // the declared default, written back

  Customer bob{.email = "bob@example.com", .name = "Bob"};
  records_->insert(bob);
  EXPECT_NE(bob.id, ann.id);

  std::optional<Customer> got = records_->get<Customer>(ann.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, ann.id);
  EXPECT_EQ(got->email, "ann@example.com");
  EXPECT_EQ(got->name, "Ann");
  ASSERT_TRUE(got->created_at.has_value());
  EXPECT_EQ(*got->created_at, *ann.created_at);  // microseconds survive the round trip
  EXPECT_FALSE(records_->get<Customer>(bob.id + 1000).has_value());
}

TEST_P(TypedRecords, EveryShopEntityRoundTrips) {
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  Product lamp{.sku = "LAMP-1", .title = "Lamp", .price_cents = 2500};
  records_->insert(lamp);
  EXPECT_EQ(lamp.in_stock, true);
  Order order{.customer_id = ann.id, .total_cents = 5000};
  records_->insert(order);
  EXPECT_EQ(order.status, "new");
  EXPECT_FALSE(order.note.has_value());
  OrderLine line{.order_id = order.id, .sku = "LAMP-1", .quantity = 2};
  records_->insert(line);

  auto got_product = records_->get<Product>("LAMP-1");
  ASSERT_TRUE(got_product);
  EXPECT_EQ(got_product->title, "Lamp");
  EXPECT_EQ(got_product->in_stock, true);
  auto got_order = records_->get<Order>(order.id);
  ASSERT_TRUE(got_order);
  EXPECT_EQ(got_order->status, "new");
  EXPECT_EQ(got_order->customer_id, ann.id);
  EXPECT_FALSE(got_order->note.has_value());
  auto got_line = records_->get<OrderLine>(line.id);
  ASSERT_TRUE(got_line);
  EXPECT_EQ(got_line->quantity, 2);
  EXPECT_EQ(got_line->sku, "LAMP-1");
}

TEST_P(TypedRecords, UpdateFindCountRemove) {
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  Order order{.customer_id = ann.id, .total_cents = 100};
  records_->insert(order);
  order.status = "paid";
  order.note = "leave at the door";
  EXPECT_TRUE(records_->update(order));
  EXPECT_TRUE(records_->update(order));  // unchanged values: still found
  auto got = records_->get<Order>(order.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, "paid");
  EXPECT_EQ(got->note, "leave at the door");

  for (int i = 0; i < 3; ++i) {
    Order more{.customer_id = ann.id, .total_cents = 10 * (i + 1)};
    records_->insert(more);
  }
  auto small = records_->find<Order>({{"customer_id", ann.id}},
                                     {.order_by = {{"total_cents", false}}, .limit = 2});
  ASSERT_EQ(small.size(), 2u);
  EXPECT_EQ(small[0].total_cents, 10);
  EXPECT_EQ(small[1].total_cents, 20);
  EXPECT_EQ(records_->count<Order>(), 4);
  EXPECT_EQ(records_->count<Order>({{"status", "paid"}}), 1);

  EXPECT_TRUE(records_->remove(order));
  EXPECT_FALSE(records_->remove(order));
  EXPECT_TRUE(records_->remove<Order>(small[0].id));
  EXPECT_EQ(records_->count<Order>(), 2);

  Order ghost{.id = order.id + 1000, .customer_id = ann.id, .total_cents = 1};
  ghost.status = "new";
  ghost.placed_at = v5store::Timestamp{};
  EXPECT_FALSE(records_->update(ghost));
}

TEST_P(TypedRecords, WorksInsideATransaction) {
  v5store::Transaction tx(pool_->acquire());
  auto session = records_->on(tx);
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  session.insert(ann);
  Product pen{.sku = "PEN", .title = "Pen", .price_cents = 150, .in_stock = false};
  session.insert(pen);
  ann.name = "Ann B.";
  EXPECT_TRUE(session.update(ann));
  EXPECT_EQ(session.get<Customer>(ann.id)->name, "Ann B.");
  EXPECT_EQ(session.find<Product>({{"in_stock", false}}).size(), 1u);
  tx.commit();
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "Ann B.");
  EXPECT_EQ(records_->get<Product>("PEN")->in_stock, false);
}

// `default: now` takes the database's clock on every write path (issue 16, item 7). Inside one
// PostgreSQL transaction CURRENT_TIMESTAMP is the transaction's start, so a typed insert made
// later carries the very instant of a generic insert (the column's DEFAULT); SQLite's clock has
// milliseconds, so no typed insert carries the application clock's microseconds; on MariaDB the
// typed value lies after the generic one. What a typed insert writes back is what is stored.
TEST_P(TypedRecords, DefaultNowIsTheDatabasesClockOnEveryWritePath) {
  using namespace std::chrono_literals;
  v5store::Transaction tx(pool_->acquire());
  auto session = records_->on(tx);
  const v5store::Key generic = session.insert(
      "customer", v5store::Record{{"email", "gen@example.com"}, {"name", "Gen"}});
  const auto generic_at = session.get("customer", generic)->get<v5store::Timestamp>("created_at");
  std::this_thread::sleep_for(20ms);
  std::vector<Customer> typed;
  for (int i = 0; i < 3; ++i) {
    Customer customer{.email = "t" + std::to_string(i) + "@example.com", .name = "T"};
    session.insert(customer);
    typed.push_back(customer);
  }
  tx.commit();
  for (const Customer& customer : typed) {
    ASSERT_TRUE(customer.created_at.has_value());
    EXPECT_EQ(records_->get<Customer>(customer.id)->created_at, customer.created_at);
    switch (GetParam()) {
      case v5store::BackendKind::postgresql: EXPECT_EQ(*customer.created_at, generic_at); break;
      case v5store::BackendKind::sqlite:
        EXPECT_EQ(customer.created_at->time_since_epoch().count() % 1000, 0);
        break;
      default: EXPECT_GE(*customer.created_at - generic_at, 20ms); break;
    }
  }
}

// A binding that leaves out a required field is refused when first used.
struct NamelessCustomer {
  std::int64_t id = 0;
  std::string email{};
};

}  // namespace

template <>
struct v5store::entity_traits<NamelessCustomer> {
  static constexpr std::string_view entity = "customer";
  static constexpr auto fields = std::make_tuple(v5store::field("id", &NamelessCustomer::id),
                                                 v5store::field("email", &NamelessCustomer::email));
};

namespace {

TEST_P(TypedRecords, ABindingMustCoverTheRequiredFields) {
  NamelessCustomer c{.email = "x@example.com"};
  try {
    records_->insert(c);
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::schema);
    EXPECT_NE(std::string(e.what()).find("customer.name"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, TypedRecords, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
