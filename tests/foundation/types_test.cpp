#include "v5store/types.hpp"

#include <limits>

#include <gtest/gtest.h>

#include "v5store/error.hpp"

namespace {

using namespace std::chrono;
using v5store::BackendKind;
using v5store::FieldType;

TEST(Types, BackendNamesRoundTrip) {
  for (auto kind : {BackendKind::sqlite, BackendKind::postgresql, BackendKind::mysql}) {
    EXPECT_EQ(v5store::parse_backend(v5store::to_string(kind)), kind);
  }
  EXPECT_EQ(v5store::parse_backend("sqlite3"), BackendKind::sqlite);
  EXPECT_EQ(v5store::parse_backend("postgres"), BackendKind::postgresql);
  EXPECT_EQ(v5store::parse_backend("mariadb"), BackendKind::mysql);
  EXPECT_EQ(v5store::parse_backend("oracle"), std::nullopt);
}

TEST(Types, FieldTypeNamesRoundTrip) {
  for (auto type :
       {FieldType::boolean, FieldType::int32, FieldType::int64, FieldType::float64,
        FieldType::decimal, FieldType::string, FieldType::text, FieldType::bytes, FieldType::date,
        FieldType::timestamp, FieldType::uuid, FieldType::json, FieldType::enumeration}) {
    EXPECT_EQ(v5store::parse_field_type(v5store::to_string(type)), type);
  }
  EXPECT_EQ(v5store::to_string(FieldType::boolean), "bool");
  EXPECT_EQ(v5store::to_string(FieldType::enumeration), "enum");
  EXPECT_EQ(v5store::parse_field_type("varchar"), std::nullopt);
}

TEST(Types, FormatsAndParsesDates) {
  const v5store::Date d{year{2024}, month{2}, day{29}};
  EXPECT_EQ(v5store::format_date(d), "2024-02-29");
  EXPECT_EQ(v5store::parse_date("2024-02-29"), d);
  EXPECT_EQ(v5store::format_date(v5store::Date{year{1}, month{1}, day{1}}), "0001-01-01");
}

TEST(Types, RejectsMalformedDates) {
  for (const char* text :
       {"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-01x", ""}) {
    try {
      v5store::parse_date(text);
      ADD_FAILURE() << text << " parsed";
    } catch (const v5store::Error& e) {
      EXPECT_EQ(e.code(), v5store::ErrorCode::validation);
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos);
    }
  }
}

TEST(Types, FormatsTimestampsWithMicroseconds) {
  const v5store::Timestamp t =
      sys_days{year{2024} / 1 / 2} + hours{3} + minutes{4} + seconds{5} + microseconds{6};
  EXPECT_EQ(v5store::format_timestamp(t), "2024-01-02 03:04:05.000006");
  EXPECT_EQ(v5store::to_display_string(t), "2024-01-02T03:04:05.000006Z");
  const v5store::Timestamp before_epoch =
      sys_days{year{1969} / 12 / 31} + hours{23} + minutes{59} + seconds{59} + microseconds{999999};
  EXPECT_EQ(v5store::format_timestamp(before_epoch), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(v5store::parse_timestamp("1969-12-31 23:59:59.999999"), before_epoch);
}

TEST(Types, ParsesTimestampForms) {
  const v5store::Timestamp t =
      sys_days{year{2024} / 1 / 2} + hours{3} + minutes{4} + seconds{5} + microseconds{600000};
  EXPECT_EQ(v5store::parse_timestamp("2024-01-02 03:04:05.6"), t);
  EXPECT_EQ(v5store::parse_timestamp("2024-01-02T03:04:05.600000Z"), t);
  EXPECT_EQ(v5store::parse_timestamp("2024-01-02 03:04:05.6+00"), t);
  EXPECT_EQ(v5store::parse_timestamp("2024-01-02 03:04:05.6+00:00"), t);
  EXPECT_EQ(v5store::parse_timestamp("2024-01-02 05:04:05.6+02:00"), t);
  EXPECT_EQ(v5store::parse_timestamp("2024-01-02 03:04:05"), t - microseconds{600000});
}

TEST(Types, RejectsMalformedTimestamps) {
  for (const char* text : {"2024-01-02", "2024-01-02 24:00:00", "2024-01-02 03:04:05.",
                           "2024-01-02 03:04:05.1234567", "2024-01-02 03:04:05 UTC"}) {
    EXPECT_THROW(v5store::parse_timestamp(text), v5store::Error) << text;
  }
}

TEST(Types, DisplaysValues) {
  EXPECT_EQ(v5store::to_display_string(v5store::Value{}), "NULL");
  EXPECT_EQ(v5store::to_display_string(v5store::Value{true}), "true");
  EXPECT_EQ(v5store::to_display_string(v5store::Value{std::int64_t{-42}}), "-42");
  EXPECT_EQ(v5store::to_display_string(v5store::Value{std::string("abc")}), "'abc'");
  EXPECT_EQ(v5store::to_display_string(v5store::Value{v5store::Bytes{0x00, 0xff}}), "x'00ff'");
  EXPECT_EQ(v5store::to_display_string(v5store::Value{0.1}), "0.10000000000000001");
  EXPECT_TRUE(v5store::is_null(v5store::Value{}));
  EXPECT_FALSE(v5store::is_null(v5store::Value{std::int64_t{0}}));
}

}  // namespace
