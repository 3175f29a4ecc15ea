#include "probe_values.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <regex>
#include <vector>

#include <fmt/format.h>

#include "pattern_sampler.hpp"

namespace v5validate::detail {

namespace {

using v5store::FieldSpec;
using v5store::FieldType;

// The longest text value generated (a longer min_length is skipped with a reason).
constexpr std::int64_t kMaxGeneratedLength = 4096;

bool pattern_accepts(const FieldSpec& field, const std::string& text) {
  if (!field.pattern) return true;
  try {
    return std::regex_search(text, std::regex(*field.pattern, std::regex::ECMAScript));
  } catch (const std::exception&) {
    return false;
  }
}

// An integer within the field's range: `preferred` when it fits, else the nearest bound.
std::int64_t integer_in_range(const FieldSpec& field, std::int64_t preferred, std::int64_t low,
                              std::int64_t high) {
  if (field.min) low = std::max(low, static_cast<std::int64_t>(std::ceil(*field.min)));
  if (field.max) high = std::min(high, static_cast<std::int64_t>(std::floor(*field.max)));
  if (low > high) return low;
  const std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (preferred >= low && preferred <= high) return preferred;
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) +
                                   static_cast<std::uint64_t>(preferred) % (span + 1));
}

std::string from_alphabet(std::string_view alphabet, std::size_t length, std::uint64_t seed) {
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    out += alphabet[(seed >> 33) % alphabet.size()];
  }
  return out;
}

ProbeValue text_value(const FieldSpec& field, std::uint64_t seed) {
  const std::int64_t min_length = field.min_length.value_or(0);
  const std::int64_t max_length = field.max_length.value_or(kMaxGeneratedLength);
  if (min_length > kMaxGeneratedLength) {
    return {std::nullopt,
            fmt::format("min_length {} is longer than the generated values", min_length)};
  }
  std::vector<std::size_t> lengths;
  for (std::int64_t length : {std::int64_t{12}, min_length, max_length, std::int64_t{3},
                              std::int64_t{1}, std::int64_t{24}}) {
    length = std::clamp(length, min_length, std::min(max_length, kMaxGeneratedLength));
    if (length >= 1 || (length == 0 && min_length == 0)) {
      lengths.push_back(static_cast<std::size_t>(length));
    }
  }
  std::vector<std::string> candidates;
  const std::string token = from_alphabet("abcdefghijklmnopqrstuvwxyz0123456789", 10, seed);
  for (std::size_t length : lengths) {
    for (std::string_view alphabet :
         {"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789",
          "abcdefghijklmnopqrstuvwxyz0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}) {
      candidates.push_back(from_alphabet(alphabet, length, seed));
    }
  }
  candidates.push_back("v5" + token + "@example.com");
  candidates.push_back("https://example.com/v5" + token);
  if (field.default_value) candidates.push_back(*field.default_value);
  for (const std::string& candidate : candidates) {
    const auto length = static_cast<std::int64_t>(candidate.size());
    if (length >= min_length && length <= max_length && pattern_accepts(field, candidate)) {
      return {candidate, {}};
    }
  }
  if (field.pattern) {
    PatternSample sample = sample_pattern(*field.pattern, min_length, max_length, seed);
    return {std::move(sample.text), std::move(sample.problem)};
  }
  return {std::nullopt, "no generated value matches the field's lengths"};
}

}  // namespace

ProbeValue probe_value(const FieldSpec& field, std::uint64_t seed) {
  const bool key = field.primary_key || field.unique;
  const auto preferred = static_cast<std::int64_t>(key ? 1'000'000 + seed % 1'000'000'000 : 1);
  switch (field.type) {
    case FieldType::boolean:
      return {"1", {}};
    case FieldType::int32:
      return {std::to_string(integer_in_range(field, preferred,
                                              std::numeric_limits<std::int32_t>::min(),
                                              std::numeric_limits<std::int32_t>::max())),
              {}};
    case FieldType::int64:
      return {std::to_string(integer_in_range(field, preferred, -(std::int64_t{1} << 53),
                                              std::int64_t{1} << 53)),
              {}};
    case FieldType::float64:
      return {std::to_string(integer_in_range(field, preferred, -(std::int64_t{1} << 53),
                                              std::int64_t{1} << 53)),
              {}};
    case FieldType::decimal: {
      const int digits = std::clamp(field.precision - field.scale, 0, 15);
      const auto limit = static_cast<std::int64_t>(std::pow(10.0, digits)) - 1;
      return {std::to_string(integer_in_range(field, std::min(preferred, limit), -limit, limit)),
              {}};
    }
    case FieldType::string:
    case FieldType::text:
    case FieldType::bytes:
      return text_value(field, seed);
    case FieldType::date:
      return {"2024-01-02", {}};
    case FieldType::timestamp:
      return {"2024-01-02 03:04:05", {}};
    case FieldType::uuid: {
      const std::string hex = from_alphabet("0123456789abcdef", 32, seed);
      return {fmt::format("{}-{}-4{}-8{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 3),
                          hex.substr(15, 3), hex.substr(18, 12)),
              {}};
    }
    case FieldType::json:
      return {"{\"v5\": 1}", {}};
    case FieldType::enumeration:
      if (field.values.empty()) return {std::nullopt, "the enum has no values"};
      return {field.values[seed % field.values.size()], {}};
    case FieldType::opaque:
      if (field.example) return {*field.example, {}};
      return {std::nullopt, "an opaque field has no value v5store can derive"};
  }
  return {std::nullopt, "unknown type"};
}

}  // namespace v5validate::detail
