// FieldSchema: the write-validation rules of one field (type, null, range, length, pattern,
// enum, format) and its declared default.
#include "schema/field_rules.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

#include "schema/compiled_pattern.hpp"
#include "v5store/error.hpp"
#include "v5store/schema.hpp"

namespace v5store {
namespace {

constexpr std::size_t kMaxShownValue = 64;

std::string shown(const Value& value) {
  std::string text = to_display_string(value);
  if (text.size() > kMaxShownValue) {
    text.resize(kMaxShownValue);
    text += "...";
  }
  return text;
}

std::string number_text(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

Violation violation(const FieldSchema& field, std::string rule, const std::string& detail) {
  std::string message = field.path() + ": " + rule + ": " + detail;
  return Violation{field.path(), std::move(rule), std::move(message)};
}

// Code points of UTF-8 text (continuation bytes are not counted).
std::int64_t utf8_length(const std::string& text) noexcept {
  std::int64_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool valid_uuid(const std::string& text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

// Parses a decimal string "[-+]digits[.digits]"; counts digits before and after the point.
bool parse_decimal(const std::string& text, int& integer_digits, int& fraction_digits,
                   double& value) noexcept {
  std::size_t pos = 0;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
  const std::size_t sign_end = pos;
  integer_digits = 0;
  fraction_digits = 0;
  bool leading = true;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (!(leading && text[pos] == '0')) {
      leading = false;
      ++integer_digits;
    }
    ++pos;
  }
  const std::size_t int_end = pos;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      ++fraction_digits;
      ++pos;
    }
  }
  const bool has_digits = int_end > sign_end || fraction_digits > 0;
  if (pos != text.size() || !has_digits) return false;
  value = std::strtod(text.c_str(), nullptr);
  return true;
}

std::optional<Violation> check_range(const FieldSchema& field, double number) {
  const FieldSpec& spec = field.spec();
  if (spec.min && number < *spec.min) {
    return violation(field, "min", number_text(number) + " is below the minimum " +
                                       number_text(*spec.min));
  }
  if (spec.max && number > *spec.max) {
    return violation(field, "max", number_text(number) + " is above the maximum " +
                                       number_text(*spec.max));
  }
  return std::nullopt;
}

std::optional<Violation> check_length(const FieldSchema& field, std::int64_t length,
                                      std::string_view unit) {
  const FieldSpec& spec = field.spec();
  if (spec.min_length && length < *spec.min_length) {
    return violation(field, "min_length", "length " + std::to_string(length) + " " +
                                              std::string(unit) + " is below the minimum " +
                                              std::to_string(*spec.min_length));
  }
  if (spec.max_length && length > *spec.max_length) {
    return violation(field, "max_length", "length " + std::to_string(length) + " " +
                                              std::string(unit) + " is above the maximum " +
                                              std::to_string(*spec.max_length));
  }
  return std::nullopt;
}

std::optional<Violation> check_text(const FieldSchema& field, const std::string& text,
                                    const detail::CompiledPattern* pattern) {
  const FieldSpec& spec = field.spec();
  switch (spec.type) {
    case FieldType::uuid:
      if (!valid_uuid(text)) {
        return violation(field, "format", "'" + text.substr(0, kMaxShownValue) +
                                              "' is not a uuid (8-4-4-4-12 hex digits)");
      }
      break;
    case FieldType::decimal: {
      int integer_digits = 0;
      int fraction_digits = 0;
      double number = 0;
      if (!parse_decimal(text, integer_digits, fraction_digits, number)) {
        return violation(field, "decimal", "'" + text.substr(0, kMaxShownValue) +
                                               "' is not a decimal number");
      }
      if (spec.precision > 0 &&
          (fraction_digits > spec.scale || integer_digits > spec.precision - spec.scale)) {
        return violation(field, "decimal",
                         "'" + text + "' does not fit precision " +
                             std::to_string(spec.precision) + ", scale " +
                             std::to_string(spec.scale));
      }
      if (auto v = check_range(field, number)) return v;
      break;
    }
    case FieldType::enumeration: {
      bool member = false;
      for (const std::string& allowed : spec.values) member = member || allowed == text;
      if (!member) {
        std::string list;
        for (const std::string& allowed : spec.values) list += (list.empty() ? "" : ", ") + allowed;
        return violation(field, "enum",
                         "'" + text.substr(0, kMaxShownValue) + "' is not one of: " + list);
      }
      break;
    }
    default: break;
  }
  if (spec.min_length || spec.max_length) {
    if (auto v = check_length(field, utf8_length(text), "characters")) return v;
  }
  if (pattern != nullptr && !std::regex_search(text, pattern->regex)) {
    return violation(field, "pattern", "value '" + text.substr(0, kMaxShownValue) +
                                           "' does not match " + pattern->source);
  }
  return std::nullopt;
}

// A date every backend stores and reads back (storable_date), else a "range" violation.
std::optional<Violation> check_date(const FieldSchema& field, Date date) {
  if (storable_date(date)) return std::nullopt;
  const bool year_ok =
      date.year() >= std::chrono::year{1} && date.year() <= std::chrono::year{9999};
  return violation(field, "range",
                   format_date(date) + (year_ok ? " is not a calendar date"
                                                : " is outside 0001-01-01 to 9999-12-31"));
}

// A timestamp every backend stores and reads back (storable_timestamp), else "range".
std::optional<Violation> check_timestamp(const FieldSchema& field, Timestamp timestamp) {
  if (storable_timestamp(timestamp)) return std::nullopt;
  return violation(field, "range",
                   std::to_string(timestamp.time_since_epoch().count()) +
                       " microseconds since 1970 is outside 0001-01-01 00:00:00 to "
                       "9999-12-31 23:59:59.999999 UTC");
}

std::optional<Violation> type_mismatch(const FieldSchema& field, const Value& value) {
  return violation(field, "type", shown(value) + " is not a valid " +
                                      std::string(to_string(field.type())));
}

}  // namespace

std::optional<Value> FieldSchema::default_value() const {
  if (default_now_) {
    const auto now = std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
    if (spec_.type == FieldType::date) return Date(std::chrono::floor<std::chrono::days>(now));
    return Timestamp(now);
  }
  return default_;
}

std::optional<Violation> FieldSchema::check(const Value& value) const {
  if (is_null(value)) {
    if (spec_.nullable || spec_.generated) return std::nullopt;
    return violation(*this, "null", "must not be NULL");
  }
  switch (spec_.type) {
    case FieldType::boolean:
      if (!std::holds_alternative<bool>(value)) return type_mismatch(*this, value);
      return std::nullopt;
    case FieldType::int32:
    case FieldType::int64: {
      const auto* n = std::get_if<std::int64_t>(&value);
      if (n == nullptr) return type_mismatch(*this, value);
      if (spec_.type == FieldType::int32 && (*n < std::numeric_limits<std::int32_t>::min() ||
                                             *n > std::numeric_limits<std::int32_t>::max())) {
        return violation(*this, "type", std::to_string(*n) + " does not fit an int32");
      }
      if (spec_.min || spec_.max) return check_range(*this, static_cast<double>(*n));
      return std::nullopt;
    }
    case FieldType::float64: {
      double number = 0;
      if (const auto* d = std::get_if<double>(&value)) {
        number = *d;
      } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
        number = static_cast<double>(*n);
      } else {
        return type_mismatch(*this, value);
      }
      if (!std::isfinite(number)) return violation(*this, "type", "not a finite number");
      if (spec_.min || spec_.max) return check_range(*this, number);
      return std::nullopt;
    }
    case FieldType::bytes: {
      const auto* b = std::get_if<Bytes>(&value);
      if (b == nullptr) return type_mismatch(*this, value);
      if (spec_.min_length || spec_.max_length) {
        return check_length(*this, static_cast<std::int64_t>(b->size()), "bytes");
      }
      return std::nullopt;
    }
    case FieldType::date:
      if (const auto* d = std::get_if<Date>(&value)) return check_date(*this, *d);
      if (const auto* s = std::get_if<std::string>(&value)) {
        try {
          return check_date(*this, parse_date(*s));
        } catch (const Error&) {
          return violation(*this, "format", shown(value) + " is not a date (YYYY-MM-DD)");
        }
      }
      return type_mismatch(*this, value);
    case FieldType::timestamp:
      if (const auto* t = std::get_if<Timestamp>(&value)) return check_timestamp(*this, *t);
      if (const auto* s = std::get_if<std::string>(&value)) {
        try {
          return check_timestamp(*this, parse_timestamp(*s));
        } catch (const Error&) {
          return violation(*this, "format", shown(value) + " is not a timestamp");
        }
      }
      return type_mismatch(*this, value);
    default: break;
  }
  if (spec_.type == FieldType::decimal) {
    if (const auto* n = std::get_if<std::int64_t>(&value)) {
      return check_text(*this, std::to_string(*n), pattern_.get());
    }
  }
  const auto* text = std::get_if<std::string>(&value);
  if (text == nullptr) return type_mismatch(*this, value);
  return check_text(*this, *text, pattern_.get());
}

void FieldSchema::validate(const Value& value) const {
  if (auto v = check(value)) throw Error(ErrorCode::validation, std::move(v->message));
}

namespace detail {

namespace {

// A decimal written with fewer fraction digits than the field's scale, padded with zeros:
// "12.5" at scale 2 is "12.50", as PostgreSQL and MariaDB store it, so a value reads back the
// same on every backend (SQLite keeps the text it was given). Exponent forms stay as they are.
void pad_to_scale(std::string& text, int scale) {
  if (scale <= 0 || text.find_first_of("eE") != std::string::npos) return;
  const auto point = text.find('.');
  const int digits = point == std::string::npos ? 0 : static_cast<int>(text.size() - point - 1);
  if (digits >= scale) return;
  if (point == std::string::npos) text += '.';
  text.append(static_cast<std::size_t>(scale - digits), '0');
}

}  // namespace

void normalize(const FieldSchema& field, Value& value) {
  if (is_null(value)) return;
  switch (field.type()) {
    case FieldType::float64:
      if (const auto* n = std::get_if<std::int64_t>(&value)) value = static_cast<double>(*n);
      break;
    case FieldType::decimal:
      if (const auto* n = std::get_if<std::int64_t>(&value)) value = std::to_string(*n);
      if (auto* text = std::get_if<std::string>(&value); text && field.spec().precision > 0) {
        pad_to_scale(*text, field.spec().scale);
      }
      break;
    case FieldType::date:
      if (const auto* s = std::get_if<std::string>(&value)) value = parse_date(*s);
      break;
    case FieldType::timestamp:
      if (const auto* s = std::get_if<std::string>(&value)) value = parse_timestamp(*s);
      break;
    default: break;
  }
}

void validate_normalized(const FieldSchema& field, Value& value) {
  field.validate(value);
  normalize(field, value);
}

}  // namespace detail
}  // namespace v5store
