// Write validation: every rule of the registry rejects a bad value with entity.field and
// the rule in the message.
#include <gtest/gtest.h>

#include "v5store/error.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"

namespace {

using v5store::Record;
using v5store::Value;
using v5store::WriteKind;

const v5store::SchemaRegistry& registry() {
  static const v5store::SchemaRegistry instance(v5store::parse_spec_string(R"(
schema_version: 1
system: { name: t, version: 1 }
databases: { main: { backend: sqlite, dsn: "db=:memory:" } }
entities:
  item:
    fields:
      id:       { type: int64, primary_key: true, generated: true }
      code:     { type: string, min_length: 2, max_length: 5, pattern: "^[A-Z]+$" }
      qty:      { type: int32, min: 1, max: 10 }
      weight:   { type: float64, min: 0.5, nullable: true }
      price:    { type: decimal, precision: 6, scale: 2, min: 0, nullable: true }
      state:    { type: enum, values: [open, closed], default: open }
      ref:      { type: uuid, nullable: true }
      blob:     { type: bytes, max_length: 3, nullable: true }
      day:      { type: date, nullable: true }
      at:       { type: timestamp, default: now }
      flag:     { type: bool, default: false }
      note:     { type: text, nullable: true, max_length: 4 }
)"));
  return instance;
}

const v5store::EntitySchema& item() { return registry().entity("item"); }

Record valid() { return Record{{"code", "AB"}, {"qty", 3}}; }

// The rule named in the violation of `field` = `value`, or "" when the value passes.
std::string rule_of(std::string_view field, Value value) {
  auto violation = item().field(field).check(value);
  if (!violation) return "";
  EXPECT_EQ(violation->path, "item." + std::string(field));
  EXPECT_NE(violation->message.find("item." + std::string(field)), std::string::npos);
  EXPECT_NE(violation->message.find(violation->rule), std::string::npos);
  return violation->rule;
}

// The message of validating `record` for an insert; "" when it passes.
std::string insert_error(const Record& record) {
  try {
    item().validate(record, WriteKind::insert);
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::validation);
    return e.what();
  }
  return "";
}

TEST(FieldRules, AcceptsAValidRecord) { EXPECT_EQ(insert_error(valid()), ""); }

TEST(FieldRules, Type) {
  EXPECT_EQ(rule_of("qty", "three"), "type");
  EXPECT_EQ(rule_of("qty", std::int64_t{1} << 40), "type");
  EXPECT_EQ(rule_of("code", std::int64_t{5}), "type");
  EXPECT_EQ(rule_of("flag", std::int64_t{1}), "type");
  EXPECT_EQ(rule_of("blob", "abc"), "type");
  EXPECT_EQ(rule_of("weight", 1.5), "");
  EXPECT_EQ(rule_of("weight", std::int64_t{2}), "");
}

TEST(FieldRules, Null) {
  EXPECT_EQ(rule_of("code", Value{}), "null");
  EXPECT_EQ(rule_of("note", Value{}), "");
  EXPECT_EQ(rule_of("id", Value{}), "");  // generated
}

TEST(FieldRules, MinAndMax) {
  EXPECT_EQ(rule_of("qty", 0), "min");
  EXPECT_EQ(rule_of("qty", 11), "max");
  EXPECT_EQ(rule_of("qty", 10), "");
  EXPECT_EQ(rule_of("weight", 0.25), "min");
  EXPECT_EQ(rule_of("price", "-1.00"), "min");
}

TEST(FieldRules, Length) {
  EXPECT_EQ(rule_of("code", "A"), "min_length");
  EXPECT_EQ(rule_of("code", "ABCDEF"), "max_length");
  EXPECT_EQ(rule_of("blob", v5store::Bytes{1, 2, 3, 4}), "max_length");
  EXPECT_EQ(rule_of("note", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"), "");  // 4 characters, 8 bytes
  EXPECT_EQ(rule_of("note", "abcde"), "max_length");
}

TEST(FieldRules, Pattern) {
  EXPECT_EQ(rule_of("code", "ab"), "pattern");
  EXPECT_EQ(rule_of("code", "AB1"), "pattern");
  EXPECT_EQ(rule_of("code", "ABC"), "");
}

TEST(FieldRules, Enum) {
  EXPECT_EQ(rule_of("state", "opened"), "enum");
  EXPECT_EQ(rule_of("state", "closed"), "");
}

TEST(FieldRules, FormatAndDecimal) {
  EXPECT_EQ(rule_of("ref", "not-a-uuid"), "format");
  EXPECT_EQ(rule_of("ref", "123e4567-e89b-12d3-a456-426614174000"), "");
  EXPECT_EQ(rule_of("day", "2024-13-45"), "format");
  EXPECT_EQ(rule_of("day", "2024-02-29"), "");
  EXPECT_EQ(rule_of("at", "yesterday"), "format");
  EXPECT_EQ(rule_of("price", "12.345"), "decimal");
  EXPECT_EQ(rule_of("price", "12345.6"), "decimal");
  EXPECT_EQ(rule_of("price", "1.2.3"), "decimal");
  EXPECT_EQ(rule_of("price", "9999.99"), "");
}

TEST(FieldRules, RecordLevelRules) {
  std::string message = insert_error(Record{{"qty", 3}});
  EXPECT_NE(message.find("item.code"), std::string::npos);
  EXPECT_NE(message.find("required"), std::string::npos);

  message = insert_error(Record{{"code", "AB"}, {"qty", 3}, {"colour", "red"}});
  EXPECT_NE(message.find("item.colour"), std::string::npos);
  EXPECT_NE(message.find("unknown_field"), std::string::npos);

  message = insert_error(Record{{"code", "AB"}, {"qty", 30}});
  EXPECT_NE(message.find("item.qty"), std::string::npos);
  EXPECT_NE(message.find("max"), std::string::npos);

  // An update only needs the fields it writes.
  EXPECT_NO_THROW(item().validate(Record{{"qty", 4}}, WriteKind::update));
}

TEST(FieldRules, DefaultsAreTyped) {
  EXPECT_EQ(std::get<std::string>(*item().field("state").default_value()), "open");
  EXPECT_EQ(std::get<bool>(*item().field("flag").default_value()), false);
  EXPECT_TRUE(std::holds_alternative<v5store::Timestamp>(*item().field("at").default_value()));
  EXPECT_FALSE(item().field("note").default_value().has_value());
}

}  // namespace
