#include "generate/sample_values.hpp"

#include <algorithm>
#include <array>
#include <regex>

#include <fmt/format.h>

#include "generate/escape.hpp"
#include "generate/naming.hpp"
#include "v5store/error.hpp"

namespace v5gen {

namespace {

constexpr std::array<std::string_view, 12> kStringCandidates = {
    "smoke@example.com", "ABC",          "Smoke test",  "smoke",
    "abc123",            "https://example.com/smoke", "+15551234567", "2024-01-15",
    "a",                 "A1",           "x-1",         "1"};

std::string cpp_string(std::string_view text) {
  return "std::string(" + cpp_string_literal(text) + ")";
}

bool fits_length(const v5store::FieldSpec& field, std::size_t length) {
  if (field.min_length && static_cast<std::int64_t>(length) < *field.min_length) return false;
  if (field.max_length && static_cast<std::int64_t>(length) > *field.max_length) return false;
  return true;
}

std::optional<std::string> string_sample(const v5store::EntitySpec& entity,
                                         const v5store::FieldSpec& field) {
  std::optional<std::regex> pattern;
  if (field.pattern) pattern.emplace(*field.pattern, std::regex::ECMAScript);
  for (std::string_view candidate : kStringCandidates) {
    if (!fits_length(field, candidate.size())) continue;
    if (pattern && !std::regex_search(candidate.begin(), candidate.end(), *pattern)) continue;
    return cpp_string(candidate);
  }
  if (!pattern && field.min_length) {
    return cpp_string(std::string(static_cast<std::size_t>(*field.min_length), 'a'));
  }
  throw v5store::Error(v5store::ErrorCode::config,
                       fmt::format("{}.{}: v5gen cannot derive a smoke-test value that satisfies "
                                   "the field's pattern and length rules",
                                   entity.name, field.name));
}

std::int64_t integer_sample(const v5store::FieldSpec& field, std::int64_t preferred) {
  std::int64_t value = preferred;
  if (field.min && value < *field.min) value = static_cast<std::int64_t>(*field.min);
  if (field.max && value > *field.max) value = static_cast<std::int64_t>(*field.max);
  return value;
}

std::string decimal_sample(const v5store::FieldSpec& field) {
  const int scale = std::max(field.scale, 0);
  return cpp_string(scale == 0 ? "12" : "12." + std::string(static_cast<std::size_t>(scale), '5'));
}

}  // namespace

std::optional<std::string> sample_value(const v5store::SystemSpec& spec,
                                        const v5store::EntitySpec& entity,
                                        const v5store::FieldSpec& field) {
  using v5store::FieldType;
  if (field.generated || field.references_entity) return std::nullopt;
  if (field.default_value && !field.primary_key) return std::nullopt;
  switch (field.type) {
    case FieldType::boolean:
      return "true";
    case FieldType::int32:
    case FieldType::int64:
      return fmt::format("{}", integer_sample(field, 7));
    case FieldType::float64:
      return fmt::format("{}", static_cast<double>(integer_sample(field, 2)) + 0.5);
    case FieldType::decimal:
      return decimal_sample(field);
    case FieldType::string:
    case FieldType::text:
      return string_sample(entity, field);
    case FieldType::bytes:
      return "v5store::Bytes{0x00, 0x35, 0xff}";
    case FieldType::date:
      return "v5store::Date{std::chrono::year{2024}, std::chrono::month{1}, std::chrono::day{15}}";
    case FieldType::timestamp:
      return "v5store::Timestamp(std::chrono::sys_days(std::chrono::year{2024} / 1 / 15) + "
             "std::chrono::microseconds{123456})";
    case FieldType::uuid:
      return cpp_string("123e4567-e89b-42d3-a456-426614174000");
    case FieldType::json:
      return cpp_string("{\"smoke\": 1}");
    case FieldType::enumeration:
      return fmt::format("{}::{}::{}", spec.name, enum_type_name(entity, field),
                         enum_members(field.values).front());
  }
  return std::nullopt;
}

std::optional<std::string> changed_value(const v5store::SystemSpec& spec,
                                         const v5store::EntitySpec& entity,
                                         const v5store::FieldSpec& field) {
  using v5store::FieldType;
  if (field.primary_key || field.generated || field.references_entity || field.unique ||
      field.pattern) {
    return std::nullopt;
  }
  switch (field.type) {
    case FieldType::boolean:
      return "false";
    case FieldType::int32:
    case FieldType::int64: {
      const std::int64_t first = integer_sample(field, 7);
      const std::int64_t second = integer_sample(field, 8);
      if (second != first) return fmt::format("{}", second);
      return std::nullopt;
    }
    case FieldType::string:
    case FieldType::text:
      if (fits_length(field, 7)) return cpp_string("updated");
      return std::nullopt;
    case FieldType::enumeration:
      if (field.values.size() > 1) {
        return fmt::format("{}::{}::{}", spec.name, enum_type_name(entity, field),
                           enum_members(field.values)[1]);
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace v5gen
