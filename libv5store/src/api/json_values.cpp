// Field values from JSON and URL text.
#include "api/json_values.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "base64.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

using nlohmann::json;

std::optional<Value> fail(std::string* why, std::string reason) {
  if (why != nullptr) *why = std::move(reason);
  return std::nullopt;
}

bool integer_type(FieldType type) {
  return type == FieldType::int32 || type == FieldType::int64;
}

// A value carried by text in JSON (every type but bool, numbers and json).
std::optional<Value> value_from_string(const FieldSchema& field, const std::string& text,
                                       std::string* why) {
  switch (field.type()) {
    case FieldType::bytes: {
      std::string raw;
      if (!base64_decode(text, Base64::standard, raw)) return fail(why, "expected base64 text");
      return Value(Bytes(raw.begin(), raw.end()));
    }
    case FieldType::date:
      try {
        return Value(parse_date(text));
      } catch (const Error&) {
        return fail(why, "expected a date YYYY-MM-DD");
      }
    case FieldType::timestamp:
      try {
        return Value(parse_timestamp(text));
      } catch (const Error&) {
        return fail(why, "expected an RFC 3339 UTC timestamp");
      }
    default:
      return Value(text);
  }
}

}  // namespace

std::optional<Value> value_from_json(const FieldSchema& field, const json& value,
                                     std::string* why) {
  if (value.is_null()) return Value();
  switch (field.type()) {
    case FieldType::boolean:
      if (!value.is_boolean()) return fail(why, "expected true or false");
      return Value(value.get<bool>());
    case FieldType::int32:
    case FieldType::int64:
      if (value.is_number_integer()) {
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() >
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return fail(why, "expected an integer within 64 bits");
        }
        return Value(value.get<std::int64_t>());
      }
      return fail(why, "expected an integer");
    case FieldType::float64:
      if (!value.is_number()) return fail(why, "expected a number");
      return Value(value.get<double>());
    case FieldType::decimal:
      // A string keeps every digit; a JSON integer is exact too.
      if (value.is_number_integer()) return Value(value.dump());
      if (!value.is_string()) return fail(why, "expected a decimal as a string (\"12.50\")");
      return Value(value.get<std::string>());
    case FieldType::json:
      return Value(value.dump());
    default:
      if (!value.is_string()) return fail(why, "expected a string");
      return value_from_string(field, value.get<std::string>(), why);
  }
}

std::optional<Value> value_from_text(const FieldSchema& field, std::string_view text,
                                     std::string* why) {
  if (field.type() == FieldType::boolean) {
    if (text == "true") return Value(true);
    if (text == "false") return Value(false);
    return fail(why, "expected true or false");
  }
  if (integer_type(field.type())) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      return fail(why, "expected an integer");
    }
    return Value(n);
  }
  if (field.type() == FieldType::float64) {
    const json number = json::parse(text, nullptr, false);
    if (number.is_discarded() || !number.is_number()) return fail(why, "expected a number");
    return Value(number.get<double>());
  }
  return value_from_string(field, std::string(text), why);
}

}  // namespace v5store::detail
