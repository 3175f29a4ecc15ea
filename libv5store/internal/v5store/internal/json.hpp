// Minimal JSON text helpers, shared by the monitoring reports and libvalidate's JSON format.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace v5store::detail {

// `text` as a JSON string literal, quotes included; quote, backslash and control characters
// escaped (\b \f \n \r \t, the others as \u00XX). Other bytes are copied unchecked; a
// caller whose text may not be valid UTF-8 sanitizes it first (libvalidate's json_quote).
std::string json_string(std::string_view text);

// A JSON number, or null for nullopt and non-finite values.
std::string json_number(std::optional<double> value);

}  // namespace v5store::detail
