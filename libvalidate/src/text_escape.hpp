// Escaping for the report formats: JSON strings and XML text, both always valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace v5validate::detail {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string sanitize_utf8(std::string_view text);

// A JSON string literal (quotes included) for `text`.
std::string json_quote(std::string_view text);

// `text` escaped for an XML attribute or element; characters XML 1.0 forbids are dropped.
std::string xml_escape(std::string_view text);

}  // namespace v5validate::detail
