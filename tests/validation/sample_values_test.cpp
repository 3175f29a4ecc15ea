// v5validate::sample_value: values that satisfy a field's rules. Patterns of the kind found in
// real schemas (collected from public validators, not written for the sampler), each with
// length bounds that leave room, and with bounds that leave none; every value returned is
// proved with std::regex and the lengths, as the record validator checks them.
#include "v5validate/sample_values.hpp"

#include <cstdlib>
#include <regex>
#include <set>

#include <gtest/gtest.h>

namespace {

using v5store::FieldSpec;
using v5store::FieldType;

FieldSpec string_field(std::string pattern, std::optional<std::int64_t> min_length = {},
                       std::optional<std::int64_t> max_length = {}) {
  FieldSpec field;
  field.name = "value";
  field.type = FieldType::string;
  field.pattern = std::move(pattern);
  field.min_length = min_length;
  field.max_length = max_length;
  return field;
}

std::int64_t code_points(const std::string& text) {
  std::int64_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Every value returned satisfies the pattern and the lengths; `variants` of them are distinct.
void expect_samples(const FieldSpec& field, int variants) {
  const std::regex regex(*field.pattern, std::regex::ECMAScript);
  std::set<std::string> seen;
  for (int variant = 0; variant < variants; ++variant) {
    const v5validate::SampleValue value = v5validate::sample_value(field, variant);
    ASSERT_TRUE(value.text) << *field.pattern << " variant " << variant << ": " << value.problem;
    EXPECT_TRUE(std::regex_search(*value.text, regex))
        << "'" << *value.text << "' does not match " << *field.pattern;
    const std::int64_t length = code_points(*value.text);
    EXPECT_GE(length, field.min_length.value_or(0)) << *value.text;
    EXPECT_LE(length, field.max_length.value_or(length)) << *value.text;
    seen.insert(*value.text);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(variants))
      << *field.pattern << ": variants are not distinct";
}

struct PatternCase {
  const char* name;
  const char* pattern;
};

// Patterns as published by validators and style guides.
const PatternCase kPatterns[] = {
    {"e164_phone", R"(^\+?[1-9]\d{1,14}$)"},
    {"nanp_phone", R"(^\(?([0-9]{3})\)?[-. ]?([0-9]{3})[-. ]?([0-9]{4})$)"},
    {"iban", R"(^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$)"},
    {"uk_postcode",
     R"(^([Gg][Ii][Rr] 0[Aa]{2})|((([A-Za-z][0-9]{1,2})|(([A-Za-z][A-Ha-hJ-Yj-y][0-9]{1,2})|(([A-Za-z][0-9][A-Za-z])|([A-Za-z][A-Ha-hJ-Yj-y][0-9][A-Za-z]?))))\s?[0-9][A-Za-z]{2})$)"},
    {"us_zip4", R"(^\d{5}(?:[-\s]\d{4})?$)"},
    {"iso_date", R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)"},
    {"iso_datetime",
     R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)"},
    {"html5_email",
     R"(^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$)"},
    {"simple_email", R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)"},
    {"slug", R"(^[a-z0-9]+(?:-[a-z0-9]+)*$)"},
    {"semver",
     R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)"},
    {"hex_colour", R"(^#(?:[0-9a-fA-F]{3}){1,2}$)"},
    {"uuid_v4", R"(^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$)"},
    {"digits_8_16", R"(^[0-9]{8,16}$)"},
    {"password",
     R"(^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[@$!%*?&])[A-Za-z\d@$!%*?&]{8,}$)"},
    {"ipv4", R"(^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)\.?\b){4}$)"},
    {"time_24h", R"(^([01]\d|2[0-3]):[0-5]\d$)"},
    {"visa", R"(^4[0-9]{12}(?:[0-9]{3})?$)"},
    {"username", R"(^[a-zA-Z][a-zA-Z0-9_]{2,15}$)"},
    {"posix_classes", R"(^[[:upper:]][[:lower:]]+ [[:digit:]]+$)"},
    {"negated_vowels", R"(^[^aeiouAEIOU\s]+$)"},
    {"back_reference", R"(^(\w)\w*\1$)"},
    {"unanchored_digit", R"(\d)"},
    {"unanchored_words", R"(foo|bar)"},
    {"isbn13", R"(^97[89]-\d{1,5}-\d{1,7}-\d{1,7}-\d$)"},
    {"currency", R"(^-?\d{1,3}(,\d{3})*(\.\d{2})?$)"},
    {"mac_address", R"(^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$)"},
    {"escapes", R"(^\x41\u0042\.\*\t?\w\W\S\s?$)"},
    {"lazy_quantifiers", R"(^a+?b*?c??d{2,3}?$)"},
};

class PatternSample : public testing::TestWithParam<PatternCase> {};

TEST_P(PatternSample, MatchesWithoutLengthBounds) {
  expect_samples(string_field(GetParam().pattern), 3);
}

TEST_P(PatternSample, MatchesWithinMaxLength64) {
  expect_samples(string_field(GetParam().pattern, std::nullopt, 64), 3);
}

TEST_P(PatternSample, EveryValueHonoursAnyLengthBounds) {
  // Sound for every bound: a value, when there is one, matches and fits.
  const std::regex regex(GetParam().pattern, std::regex::ECMAScript);
  for (std::int64_t min_length : {0, 1, 5, 9, 13, 20}) {
    for (std::int64_t max_length : {3, 8, 12, 17, 40}) {
      if (min_length > max_length) continue;
      const auto value =
          v5validate::sample_value(string_field(GetParam().pattern, min_length, max_length));
      if (!value.text) {
        EXPECT_FALSE(value.problem.empty());
        continue;
      }
      EXPECT_TRUE(std::regex_search(*value.text, regex)) << *value.text;
      EXPECT_GE(code_points(*value.text), min_length) << *value.text;
      EXPECT_LE(code_points(*value.text), max_length) << *value.text;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(RealWorld, PatternSample, testing::ValuesIn(kPatterns),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SampleValue, PatternWithLengthsTheRulesLeaveRoomFor) {
  expect_samples(string_field(R"(^[0-9]{8,16}$)", 10, 12), 5);
  expect_samples(string_field(R"(^[a-z0-9]+(?:-[a-z0-9]+)*$)", 20, 30), 5);
  expect_samples(string_field(R"(^\d{5}(?:-\d{4})?$)", 10, 10), 5);
  expect_samples(string_field(R"(\d)", 30, 40), 5);
}

TEST(SampleValue, PatternThatCannotFitItsLengthsSaysWhy) {
  const auto value = v5validate::sample_value(string_field(R"(^[0-9]{10}$)", 0, 8));
  ASSERT_FALSE(value.text);
  EXPECT_NE(value.problem.find("exactly 10 characters"), std::string::npos) << value.problem;
  EXPECT_FALSE(v5validate::sample_value(string_field(R"(^\d{5}(-\d{4})?$)", 6, 9)).text);
  EXPECT_FALSE(v5validate::sample_value(string_field(R"(^[^\s\S]$)")).text);
}

TEST(SampleValue, ExampleComesFirstThenDistinctValues) {
  FieldSpec field = string_field(R"(^[A-Z]{3}$)");
  field.example = "EUR";
  EXPECT_EQ(v5validate::sample_value(field, 0).text, "EUR");
  const auto second = v5validate::sample_value(field, 1);
  ASSERT_TRUE(second.text);
  EXPECT_NE(*second.text, "EUR");
  EXPECT_TRUE(std::regex_match(*second.text, std::regex("[A-Z]{3}")));
}

TEST(SampleValue, NumbersWithinTheirRules) {
  FieldSpec integer;
  integer.type = FieldType::int32;
  integer.min = 100;
  integer.max = 120;
  EXPECT_EQ(v5validate::sample_value(integer).text, "100");
  EXPECT_EQ(v5validate::sample_value(integer, 1).text, "101");
  integer.min = 0.25;
  integer.max = 0.75;
  EXPECT_FALSE(v5validate::sample_value(integer).text);

  FieldSpec real;
  real.type = FieldType::float64;
  real.min = 0;
  real.max = 1;
  EXPECT_EQ(v5validate::sample_value(real).text, "0.5");

  FieldSpec decimal;
  decimal.type = FieldType::decimal;
  decimal.precision = 10;
  decimal.scale = 2;
  EXPECT_EQ(v5validate::sample_value(decimal).text, "12.55");
  decimal.precision = 2;
  EXPECT_EQ(v5validate::sample_value(decimal).text, "0.99");  // decimal(2,2): at most 0.99
  decimal.precision = 4;
  decimal.min = 0.3;
  decimal.max = 0.3;
  EXPECT_EQ(v5validate::sample_value(decimal).text, "0.30");
  decimal.precision = 3;
  decimal.min = 20;
  decimal.max = std::nullopt;
  EXPECT_FALSE(v5validate::sample_value(decimal).text);
}

TEST(SampleValue, LengthsWithoutPatternAndBytes) {
  FieldSpec text;
  text.type = FieldType::string;
  text.max_length = 2;
  const auto short_text = v5validate::sample_value(text);
  ASSERT_TRUE(short_text.text);
  EXPECT_EQ(short_text.text->size(), 2U);
  text.max_length = std::nullopt;
  text.min_length = 300;
  EXPECT_EQ(v5validate::sample_value(text).text->size(), 300U);

  FieldSpec bytes;
  bytes.type = FieldType::bytes;
  bytes.min_length = 16;
  EXPECT_EQ(v5validate::sample_value(bytes).text->size(), 16U);
  EXPECT_NE(v5validate::sample_value(bytes).text, v5validate::sample_value(bytes, 1).text);
}

}  // namespace
