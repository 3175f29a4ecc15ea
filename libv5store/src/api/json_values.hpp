// Field values read from JSON request bodies and from URL text, by the field's type
// (docs/api.md): integers as numbers, decimals as strings, bytes as base64, dates YYYY-MM-DD,
// timestamps RFC 3339 UTC, uuid and enum as strings, json fields embedded. Writing them is
// api/json_rows.hpp's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "v5store/record.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// The value of `field` from JSON; nullopt when the JSON has the wrong type or form (the
// reason, free of the value, in *why).
std::optional<Value> value_from_json(const FieldSchema& field, const nlohmann::json& json,
                                     std::string* why);

// The value of `field` from the text of a URL (a filter value or a key segment): numbers,
// true/false, and for the others the text as its JSON string would be; nullopt as above.
std::optional<Value> value_from_text(const FieldSchema& field, std::string_view text,
                                     std::string* why);

}  // namespace v5store::detail
