// Introspection on every backend: the shop schema, created by the migrator, read back.
#include "v5store/introspection.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "fresh_database.hpp"

namespace {

class Introspection : public testing::TestWithParam<v5store::BackendKind> {};

TEST_P(Introspection, ReadsTablesColumnsKeysIndexesAndForeignKeys) {
  v5test::FreshDatabase db(GetParam(), "introspect");
  ASSERT_FALSE(db.dsn().empty());
  const auto spec = v5store::parse_spec_string(v5test::spec_for(db, v5test::shop_yaml()));
  v5store::Migrator(spec, "").up();

  auto session = db.open();
  const v5store::LiveSchema live = v5store::introspect(*session, GetParam());
  std::vector<std::string> names;
  for (const auto& table : live.tables) names.push_back(table.name);
  EXPECT_EQ(names, (std::vector<std::string>{"customers", "order_line", "orders", "product",
                                             "v5_schema_history"}));

  const v5store::LiveTable* customers = live.find_table("customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customers->primary_key, std::vector<std::string>{"id"});
  ASSERT_NE(customers->find_column("id"), nullptr);
  EXPECT_TRUE(customers->find_column("id")->generated);
  const v5store::LiveColumn* email = customers->find_column("email");
  ASSERT_NE(email, nullptr);
  EXPECT_FALSE(email->nullable);
  EXPECT_NE(email->type.find("254"), std::string::npos) << email->type;
  ASSERT_NE(customers->find_column("created_at"), nullptr);
  EXPECT_TRUE(customers->find_column("created_at")->default_value.has_value());
  const bool email_unique =
      std::any_of(customers->indexes.begin(), customers->indexes.end(), [](const auto& index) {
        return index.unique && index.columns == std::vector<std::string>{"email"};
      });
  EXPECT_TRUE(email_unique);

  const v5store::LiveTable* orders = live.find_table("orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_TRUE(orders->find_column("note")->nullable);
  const bool composite =
      std::any_of(orders->indexes.begin(), orders->indexes.end(), [](const auto& index) {
        return !index.unique && index.columns == std::vector<std::string>{"customer_id", "status"};
      });
  EXPECT_TRUE(composite);
  ASSERT_EQ(orders->foreign_keys.size(), 1u);
  EXPECT_EQ(orders->foreign_keys[0].columns, std::vector<std::string>{"customer_id"});
  EXPECT_EQ(orders->foreign_keys[0].referenced_table, "customers");
  EXPECT_EQ(orders->foreign_keys[0].referenced_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(orders->foreign_keys[0].on_delete, v5store::OnDelete::cascade);

  const v5store::LiveTable* product = live.find_table("product");
  ASSERT_NE(product, nullptr);
  EXPECT_EQ(product->primary_key, std::vector<std::string>{"sku"});
  EXPECT_FALSE(product->find_column("sku")->generated);
}

INSTANTIATE_TEST_SUITE_P(Backends, Introspection, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
