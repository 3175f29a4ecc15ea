#include "v5validate/sample_values.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "pattern_sampler.hpp"
#include "v5store/error.hpp"
#include "v5store/types.hpp"

namespace v5validate {

namespace {

using v5store::FieldSpec;
using v5store::FieldType;

// The longest string or byte value generated without a pattern.
constexpr std::int64_t kMaxLength = std::int64_t{1} << 20;

SampleValue fail(std::string problem) { return {std::nullopt, std::move(problem)}; }

std::string bound_text(double value) { return fmt::format("{}", value); }

SampleValue integer_value(const FieldSpec& field, std::uint64_t variant) {
  const bool narrow = field.type == FieldType::int32;
  const double type_low = narrow ? std::numeric_limits<std::int32_t>::min() : -9.2233720368547e18;
  const double type_high = narrow ? std::numeric_limits<std::int32_t>::max() : 9.2233720368547e18;
  const double low = std::max(type_low, field.min ? std::ceil(*field.min) : type_low);
  const double high = std::min(type_high, field.max ? std::floor(*field.max) : type_high);
  if (low > high) {
    return fail(fmt::format("no {} lies between min {} and max {}",
                            v5store::to_string(field.type),
                            bound_text(field.min.value_or(type_low)),
                            bound_text(field.max.value_or(type_high))));
  }
  const auto lo = static_cast<std::int64_t>(low);
  const auto hi = static_cast<std::int64_t>(high);
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t step = span == std::numeric_limits<std::uint64_t>::max()
                                 ? variant
                                 : variant % (span + 1);
  std::int64_t value = 0;
  if (7 >= lo && 7 <= hi && static_cast<std::uint64_t>(hi - 7) >= step) {
    value = 7 + static_cast<std::int64_t>(step);
  } else {
    value = static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + step);
  }
  return {std::to_string(value), {}};
}

bool within(const FieldSpec& field, double value) {
  return (!field.min || value >= *field.min) && (!field.max || value <= *field.max);
}

SampleValue float_value(const FieldSpec& field, std::uint64_t variant) {
  const auto v = static_cast<double>(variant % 1'000'000);
  double value = 2.5 + v;
  if (!within(field, value)) {
    if (field.min && field.max) {
      value = *field.min + (*field.max - *field.min) / (2.0 + v);
    } else if (field.min) {
      value = *field.min + 0.5 + v;
    } else {
      value = *field.max - 0.5 - v;
    }
  }
  if (!within(field, value)) value = field.min ? *field.min : *field.max;
  if (!std::isfinite(value)) return fail("no finite float64 lies within min and max");
  return {fmt::format("{}", value), {}};
}

// Exact decimal text of `units` / 10^scale with `scale` fraction digits.
std::string decimal_text(std::int64_t units, int scale, int shown_scale) {
  const bool negative = units < 0;
  const std::string digits = std::to_string(negative ? -units : units);
  const auto width = static_cast<std::size_t>(scale);
  const std::string padded =
      digits.size() <= width ? std::string(width + 1 - digits.size(), '0') + digits : digits;
  std::string out = (negative ? "-" : "") + padded.substr(0, padded.size() - width);
  if (shown_scale > 0) {
    out += "." + padded.substr(padded.size() - width) +
           std::string(static_cast<std::size_t>(shown_scale - scale), '0');
  }
  return out;
}

SampleValue decimal_value(const FieldSpec& field, std::uint64_t variant) {
  // Work in integer units of 10^-scale, at most 15 significant digits (exact in a double).
  const int scale = std::clamp(field.scale, 0, 6);
  const int integer_digits =
      std::clamp(field.precision > 0 ? field.precision - field.scale : 12, 0, 15 - scale);
  const double unit = std::pow(10.0, scale);
  const double limit = std::pow(10.0, integer_digits + scale) - 1;
  double low = -limit;
  double high = limit;
  if (field.min) low = std::max(low, std::ceil(*field.min * unit - 1e-6));
  if (field.max) high = std::min(high, std::floor(*field.max * unit + 1e-6));
  const auto fives = static_cast<double>(scale > 0 ? 5 * (static_cast<std::int64_t>(unit) - 1) / 9 : 0);
  const double preferred = (12.0 + static_cast<double>(variant % 1'000'000)) * unit + fives;
  for (double units : {preferred, std::min(preferred, high), low + static_cast<double>(variant % 1000),
                       high, low, std::round((low + high) / 2)}) {
    if (units < low || units > high) continue;
    const std::string text =
        decimal_text(static_cast<std::int64_t>(units), scale, std::max(field.scale, 0));
    if (within(field, std::strtod(text.c_str(), nullptr))) return {text, {}};
  }
  return fail(fmt::format("no decimal({},{}) lies between min {} and max {}", field.precision,
                          field.scale, bound_text(field.min.value_or(-limit / unit)),
                          bound_text(field.max.value_or(limit / unit))));
}

SampleValue text_value(const FieldSpec& field, std::uint64_t variant) {
  const std::int64_t min_length = field.min_length.value_or(0);
  const std::int64_t max_length = field.max_length.value_or(std::numeric_limits<std::int64_t>::max());
  if (field.pattern) {
    auto sample = detail::sample_pattern(*field.pattern, min_length, max_length, variant);
    return {std::move(sample.text), std::move(sample.problem)};
  }
  if (min_length > kMaxLength) {
    return fail(fmt::format("v5gen generates values up to {} characters, and min_length is {}",
                            kMaxLength, min_length));
  }
  std::string text = variant == 0 ? "sample" : fmt::format("sample{}", variant);
  if (static_cast<std::int64_t>(text.size()) < min_length) {
    text.append(static_cast<std::size_t>(min_length) - text.size(), 'x');
  }
  if (static_cast<std::int64_t>(text.size()) > max_length) {
    auto sample = detail::sample_pattern(fmt::format("^[a-z0-9]{{{}}}$", max_length), min_length,
                                         max_length, variant);
    return {std::move(sample.text), std::move(sample.problem)};
  }
  return {std::move(text), {}};
}

SampleValue bytes_value(const FieldSpec& field, std::uint64_t variant) {
  const std::int64_t length = std::clamp<std::int64_t>(
      3, field.min_length.value_or(0), field.max_length.value_or(kMaxLength));
  if (length > kMaxLength) {
    return fail(fmt::format("v5gen generates values up to {} bytes, and min_length is {}",
                            kMaxLength, length));
  }
  std::string bytes(static_cast<std::size_t>(length), '\x35');
  const char start[] = {'\x00', '\x35', '\xff'};
  for (std::size_t i = 0; i < bytes.size() && i < 3; ++i) bytes[i] = start[i];
  for (std::size_t i = 0; i < bytes.size() && variant != 0; ++i, variant /= 256) {
    bytes[i] = static_cast<char>((static_cast<unsigned char>(bytes[i]) + variant % 256) % 256);
  }
  return {std::move(bytes), {}};
}

std::string date_text(std::uint64_t variant) {
  using namespace std::chrono;
  const sys_days day = sys_days(year{2024} / 1 / 15) + days(variant % 36500);
  return v5store::format_date(year_month_day(day));
}

std::string timestamp_text(std::uint64_t variant) {
  using namespace std::chrono;
  const auto base = sys_days(year{2024} / 1 / 15) + hours(10) + minutes(30) + microseconds(123456);
  return v5store::format_timestamp(
      v5store::Timestamp(base + seconds(static_cast<std::int64_t>(variant % 1'000'000'000))));
}

SampleValue generated_value(const FieldSpec& field, std::uint64_t variant) {
  switch (field.type) {
    case FieldType::boolean:
      return {variant % 2 == 0 ? "true" : "false", {}};
    case FieldType::int32:
    case FieldType::int64:
      return integer_value(field, variant);
    case FieldType::float64:
      return float_value(field, variant);
    case FieldType::decimal:
      return decimal_value(field, variant);
    case FieldType::string:
    case FieldType::text:
      return text_value(field, variant);
    case FieldType::bytes:
      return bytes_value(field, variant);
    case FieldType::date:
      return {date_text(variant), {}};
    case FieldType::timestamp:
      return {timestamp_text(variant), {}};
    case FieldType::uuid:
      return {fmt::format("123e4567-e89b-42d3-a456-{:012x}",
                          (0x426614174000ULL + variant) & 0xffffffffffffULL),
              {}};
    case FieldType::json:
      return {fmt::format("{{\"sample\": {}}}", variant + 1), {}};
    case FieldType::enumeration:
      if (field.values.empty()) return fail("the enum has no values");
      return {field.values[variant % field.values.size()], {}};
    case FieldType::opaque:
      return fail("an opaque field's text form depends on its SQL type " + field.sql_type +
                  "; give an `example:`");
  }
  return fail("unknown field type");
}

}  // namespace

SampleValue sample_value(const v5store::FieldSpec& field, std::uint64_t variant) {
  if (field.example) {
    if (variant == 0) return {*field.example, {}};
    // A timestamp example in whole seconds (a column that keeps no fractions): its variants
    // are whole seconds too, later by `variant` seconds.
    if (field.type == FieldType::timestamp && field.example->find('.') == std::string::npos) {
      try {
        const v5store::Timestamp t = v5store::parse_timestamp(*field.example);
        return {v5store::format_timestamp(t + std::chrono::seconds(variant)).substr(0, 19), {}};
      } catch (const v5store::Error&) {
        // not a timestamp: level 2 reports the example; derive a value below
      }
    }
    SampleValue value = generated_value(field, variant - 1);
    if (value.text == field.example) value = generated_value(field, variant);
    return value;
  }
  SampleValue value = generated_value(field, variant);
  if (!value.text && field.default_value && variant == 0 &&
      (field.type == FieldType::string || field.type == FieldType::text)) {
    return {*field.default_value, {}};
  }
  return value;
}

}  // namespace v5validate
