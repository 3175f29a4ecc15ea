// JSON text of single values for libvalidate's JSON format, written by the library's one JSON
// writer (src/json/json_writer: RapidJSON).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace v5store::detail {

// `text` as a JSON string literal, quotes included; quote, backslash and control characters
// escaped (\b \f \n \r \t, the others as \u00XX); a byte that is not valid UTF-8 as U+FFFD.
std::string json_string(std::string_view text);

// A JSON number, or null for nullopt and non-finite values.
std::string json_number(std::optional<double> value);

}  // namespace v5store::detail
