// SchemaRegistry: entities, fields, keys, indexes, references, checks and the checksum.
#include "v5store/schema.hpp"

#include <gtest/gtest.h>

#include "test_databases.hpp"
#include "v5store/error.hpp"
#include "v5store/spec.hpp"

namespace {

using v5store::ErrorCode;
using v5store::SchemaRegistry;

v5store::SystemSpec shop() {
  return v5store::parse_spec_file(v5test::examples_dir() / "shop.yaml");
}

v5store::SystemSpec from_entities(const std::string& entities_yaml) {
  return v5store::parse_spec_string(
      "schema_version: 1\n"
      "system: { name: t, version: 1 }\n"
      "databases: { main: { backend: sqlite, dsn: 'db=:memory:' } }\n"
      "entities:\n" +
      entities_yaml);
}

// The error code and message of building a registry from `entities_yaml`.
std::pair<ErrorCode, std::string> build_error(const std::string& entities_yaml) {
  try {
    SchemaRegistry registry(from_entities(entities_yaml));
  } catch (const v5store::Error& e) {
    return {e.code(), e.what()};
  }
  return {ErrorCode::unknown, "no error"};
}

TEST(SchemaRegistry, BuildsTheShopEntities) {
  SchemaRegistry registry(shop());
  ASSERT_EQ(registry.entities().size(), 4u);
  const auto& customer = registry.entity("customer");
  EXPECT_EQ(customer.table(), "customers");
  EXPECT_EQ(customer.fields().size(), 4u);
  ASSERT_EQ(customer.primary_key().size(), 1u);
  EXPECT_EQ(customer.fields()[customer.primary_key()[0]].name(), "id");
  ASSERT_NE(customer.generated_field(), nullptr);
  EXPECT_EQ(customer.generated_field()->name(), "id");
  EXPECT_TRUE(customer.field("email").unique());
  EXPECT_EQ(customer.field("email").path(), "customer.email");
  EXPECT_TRUE(customer.field("email").required());
  EXPECT_FALSE(customer.field("created_at").required());
  EXPECT_TRUE(customer.field("created_at").has_default());

  const auto& product = registry.entity("product");
  EXPECT_EQ(product.table(), "product");
  EXPECT_EQ(product.generated_field(), nullptr);
  EXPECT_EQ(product.fields()[product.primary_key()[0]].name(), "sku");
  EXPECT_EQ(std::get<bool>(*product.field("in_stock").default_value()), true);

  const auto& order = registry.entity("order");
  ASSERT_EQ(order.references().size(), 1u);
  EXPECT_EQ(order.references()[0].entity, "customer");
  EXPECT_EQ(order.references()[0].table, "customers");
  EXPECT_EQ(order.references()[0].target_field, "id");
  EXPECT_EQ(order.references()[0].on_delete, v5store::OnDelete::cascade);
  ASSERT_EQ(order.indexes().size(), 1u);
  EXPECT_EQ(order.indexes()[0].fields, (std::vector<std::string>{"customer_id", "status"}));
  EXPECT_FALSE(order.indexes()[0].name.empty());
  EXPECT_EQ(std::get<std::string>(*order.field("status").default_value()), "new");

  const auto& line = registry.entity("order_line");
  EXPECT_EQ(line.references().size(), 2u);
  EXPECT_EQ(line.indexes().size(), 2u);
}

TEST(SchemaRegistry, UnknownNamesThrowSchemaErrors) {
  SchemaRegistry registry(shop());
  EXPECT_EQ(registry.find("nope"), nullptr);
  try {
    registry.entity("nope");
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::schema);
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
  try {
    registry.entity("customer").field("nick");
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::schema);
    EXPECT_NE(std::string(e.what()).find("customer.nick"), std::string::npos);
  }
}

TEST(SchemaRegistry, CompositeKeyInDeclarationOrder) {
  SchemaRegistry registry(from_entities(
      "  membership:\n"
      "    fields:\n"
      "      group_id: { type: int64, primary_key: true }\n"
      "      user_id:  { type: int64, primary_key: true }\n"
      "      role:     { type: enum, values: [member, admin] }\n"));
  const auto& m = registry.entity("membership");
  ASSERT_EQ(m.primary_key().size(), 2u);
  EXPECT_EQ(m.fields()[m.primary_key()[0]].name(), "group_id");
  EXPECT_EQ(m.fields()[m.primary_key()[1]].name(), "user_id");
  EXPECT_EQ(m.generated_field(), nullptr);
  EXPECT_NO_THROW(m.validate_key({1, 2}));
  EXPECT_THROW(m.validate_key(1), v5store::Error);
}

TEST(SchemaRegistry, ChecksumIsStableAndFollowsTheSchema) {
  const std::string base =
      "  a:\n"
      "    description: first\n"
      "    fields:\n"
      "      id: { type: int64, primary_key: true, generated: true }\n"
      "      name: { type: string, max_length: 40 }\n"
      "  b:\n"
      "    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "      a_id: { type: int64, references: a.id }\n";
  const std::string checksum = SchemaRegistry(from_entities(base)).checksum();
  EXPECT_EQ(checksum.rfind("sha256:", 0), 0u);
  EXPECT_EQ(checksum.size(), 7u + 64u);
  EXPECT_EQ(SchemaRegistry(from_entities(base)).checksum(), checksum);

  std::string reworded = base;
  reworded.replace(reworded.find("first"), 5, "other words");
  EXPECT_EQ(SchemaRegistry(from_entities(reworded)).checksum(), checksum);

  const std::string reordered =
      "  b:\n"
      "    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "      a_id: { type: int64, references: a.id }\n"
      "  a:\n"
      "    fields:\n"
      "      id: { type: int64, primary_key: true, generated: true }\n"
      "      name: { type: string, max_length: 40 }\n";
  EXPECT_EQ(SchemaRegistry(from_entities(reordered)).checksum(), checksum);

  std::string widened = base;
  widened.replace(widened.find("40"), 2, "41");
  EXPECT_NE(SchemaRegistry(from_entities(widened)).checksum(), checksum);

  std::string nullable = base;
  nullable.replace(nullable.find("max_length: 40"), 14, "max_length: 40, nullable: true");
  EXPECT_NE(SchemaRegistry(from_entities(nullable)).checksum(), checksum);
}

TEST(SchemaRegistry, ChecksumOfAKnownSchema) {
  // SHA-256 of the canonical form, as computed by sha256sum(1).
  SchemaRegistry registry(from_entities(
      "  a:\n"
      "    fields:\n"
      "      id: { type: int64, primary_key: true }\n"));
  EXPECT_EQ(registry.canonical_form(),
            "v5store-schema 1\nentity \"a\" table \"a\"\n  field \"id\" int64 primary_key\n");
  EXPECT_EQ(registry.checksum(),
            "sha256:c0be375f98722c45af43173885196532d1884399cc34269d70eee38a2cc114e3");
}

TEST(SchemaRegistry, RejectsInvalidSchemas) {
  EXPECT_EQ(build_error("  a:\n    fields:\n      x: { type: int64 }\n").first, ErrorCode::schema);
  EXPECT_EQ(build_error("  a:\n    fields:\n"
                        "      id: { type: string, primary_key: true, generated: true }\n")
                .first,
            ErrorCode::schema);
  auto [code, message] = build_error(
      "  a:\n    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "      b_id: { type: int64, references: b.id }\n");
  EXPECT_EQ(code, ErrorCode::schema);
  EXPECT_NE(message.find("a.b_id"), std::string::npos);
  std::tie(code, message) = build_error(
      "  a:\n    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "      code: { type: string, pattern: \"([a-z\" }\n");
  EXPECT_EQ(code, ErrorCode::schema);
  EXPECT_NE(message.find("a.code"), std::string::npos);
  std::tie(code, message) = build_error(
      "  a:\n    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "      n: { type: int32, default: lots }\n");
  EXPECT_EQ(code, ErrorCode::schema);
  EXPECT_NE(message.find("a.n"), std::string::npos);
  std::tie(code, message) = build_error(
      "  a:\n    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "      n: { type: int32, min: 5, default: 1 }\n");
  EXPECT_EQ(code, ErrorCode::schema);
  EXPECT_NE(message.find("min"), std::string::npos);
  std::tie(code, message) = build_error(
      "  a:\n    fields:\n"
      "      id: { type: int64, primary_key: true }\n"
      "    indexes:\n"
      "      - { fields: [missing] }\n");
  EXPECT_EQ(code, ErrorCode::schema);
  EXPECT_NE(message.find("missing"), std::string::npos);
}

}  // namespace
