#include "generate/sample_values.hpp"

#include <charconv>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "generate/escape.hpp"
#include "generate/naming.hpp"
#include "v5store/error.hpp"
#include "v5validate/sample_values.hpp"

namespace v5gen {

namespace {

// A run of one byte longer than this is written as std::string(n, c), not spelled out.
constexpr std::size_t kLongRun = 64;

// A std::string expression of `text`; a long run of one byte at its end is written as
// std::string(n, c).
std::string cpp_string(std::string_view text) {
  std::size_t run = 0;
  while (run < text.size() && text[text.size() - 1 - run] == text.back()) ++run;
  if (run <= kLongRun) return "std::string(" + cpp_string_literal(text) + ")";
  return fmt::format("std::string({}) + std::string({}, {}[0])",
                     cpp_string_literal(text.substr(0, text.size() - run)), run,
                     cpp_string_literal(text.substr(text.size() - 1)));
}

std::string cpp_bytes(std::string_view bytes) {
  if (bytes.size() > kLongRun) {
    return fmt::format("[] {{ const std::string b = {}; return v5store::Bytes(b.begin(), b.end()); "
                       "}}()",
                       cpp_string(bytes));
  }
  std::string out = "v5store::Bytes{";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out += fmt::format("{}0x{:02x}", i == 0 ? "" : ", ", static_cast<unsigned char>(bytes[i]));
  }
  return out + "}";
}

std::string cpp_integer(const std::string& text) {
  std::int64_t value = 0;
  const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
  std::from_chars(begin, text.data() + text.size(), value);
  if (value == std::numeric_limits<std::int64_t>::min()) return "(-9223372036854775807 - 1)";
  return std::to_string(value);
}

// The C++ expression of a value in sample_value's text form.
std::string cpp_value(const v5store::SystemSpec& spec, const v5store::EntitySpec& entity,
                      const v5store::FieldSpec& field, const std::string& text) {
  using v5store::FieldType;
  switch (field.type) {
    case FieldType::boolean:
      return text == "true" || text == "True" || text == "TRUE" || text == "yes" ||
                     text == "Yes" || text == "YES" || text == "on" || text == "On" ||
                     text == "ON"
                 ? "true"
                 : "false";
    case FieldType::int32:
    case FieldType::int64:
      return cpp_integer(text);
    case FieldType::float64:
      return fmt::format("{}", std::strtod(text.c_str(), nullptr));
    case FieldType::bytes:
      return cpp_bytes(text);
    case FieldType::date:
      return "v5store::parse_date(" + cpp_string_literal(text) + ")";
    case FieldType::timestamp:
      return "v5store::parse_timestamp(" + cpp_string_literal(text) + ")";
    case FieldType::enumeration:
      for (std::size_t i = 0; i < field.values.size(); ++i) {
        if (field.values[i] == text) {
          return fmt::format("{}::{}::{}", spec.name, enum_type_name(entity, field),
                             enum_members(field.values)[i]);
        }
      }
      throw v5store::Error(v5store::ErrorCode::validation,
                           entity.name + "." + field.name + ": the sample is not one of its values");
    default:  // decimal, string, text, uuid, json
      return cpp_string(text);
  }
}

// The variant-th sample of the field as text; throws when the rules allow none (validation
// level 2 reports such a field as V226, so a valid spec never gets here).
std::string sample_text(const v5store::EntitySpec& entity, const v5store::FieldSpec& field,
                        std::uint64_t variant) {
  const v5validate::SampleValue value = v5validate::sample_value(field, variant);
  if (!value.text) {
    throw v5store::Error(v5store::ErrorCode::config,
                         fmt::format("{}.{}: v5gen cannot derive a smoke-test value: {}",
                                     entity.name, field.name, value.problem));
  }
  return *value.text;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> referenced_field(
    const v5store::SystemSpec& spec, const v5store::EntitySpec& entity,
    const v5store::FieldSpec& field) {
  for (const auto& fk : spec.foreign_keys_of(entity)) {
    for (std::size_t i = 0; i < fk.fields.size() && i < fk.referenced_fields.size(); ++i) {
      if (fk.fields[i] == field.name) return std::pair{fk.references, fk.referenced_fields[i]};
    }
  }
  return std::nullopt;
}

std::optional<std::string> sample_value(const v5store::SystemSpec& spec,
                                        const v5store::EntitySpec& entity,
                                        const v5store::FieldSpec& field) {
  if (field.generated || referenced_field(spec, entity, field)) return std::nullopt;
  if (field.default_value && !field.primary_key && !field.example) return std::nullopt;
  return cpp_value(spec, entity, field, sample_text(entity, field, 0));
}

std::optional<std::string> changed_value(const v5store::SystemSpec& spec,
                                         const v5store::EntitySpec& entity,
                                         const v5store::FieldSpec& field) {
  if (field.primary_key || field.generated || referenced_field(spec, entity, field)) {
    return std::nullopt;
  }
  const std::string first = sample_text(entity, field, 0);
  const std::string second = sample_text(entity, field, 1);
  if (second == first) return std::nullopt;
  return cpp_value(spec, entity, field, second);
}

}  // namespace v5gen
