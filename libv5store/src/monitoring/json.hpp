// Minimal JSON text helpers for the monitoring reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace v5store::detail {

// `text` as a JSON string literal, quotes included; control characters escaped.
std::string json_string(std::string_view text);

// A JSON number, or null for nullopt and non-finite values.
std::string json_number(std::optional<double> value);

}  // namespace v5store::detail
