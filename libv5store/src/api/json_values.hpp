// Field values as JSON and as URL text, by the field's type (docs/api.md): integers as
// numbers, decimals as strings, bytes as base64, dates YYYY-MM-DD, timestamps RFC 3339 UTC,
// uuid and enum as strings, json fields embedded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "v5store/record.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// The JSON of one value of `field` (null for NULL). Thread-safe.
nlohmann::json value_to_json(const FieldSchema& field, const Value& value);

// The JSON object of a row: every field of `entity` the row has, or only `only` (field
// indexes) when not empty, in declaration order.
nlohmann::json row_to_json(const EntitySchema& entity, const Record& row,
                           const std::vector<std::size_t>& only = {});

// The value of `field` from JSON; nullopt when the JSON has the wrong type or form (the
// reason, free of the value, in *why).
std::optional<Value> value_from_json(const FieldSchema& field, const nlohmann::json& json,
                                     std::string* why);

// The value of `field` from the text of a URL (a filter value or a key segment): numbers,
// true/false, and for the others the text as its JSON string would be; nullopt as above.
std::optional<Value> value_from_text(const FieldSchema& field, std::string_view text,
                                     std::string* why);

}  // namespace v5store::detail
