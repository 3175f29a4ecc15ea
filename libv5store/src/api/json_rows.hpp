// The API's JSON output (docs/api.md): rows written through the JsonWriter by their fields'
// types: integers as numbers, decimals as strings, bytes as
// base64, dates YYYY-MM-DD, timestamps RFC 3339 UTC, uuid and enum as strings, json fields
// embedded. Strings that are not valid UTF-8 are written with U+FFFD in place of each bad byte.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_writer.hpp"
#include "v5store/record.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// One value of `field` (null for NULL).
void write_value(JsonWriter& out, const FieldSchema& field, const Value& value);

// The object of a row: every field of `entity` the row has, or only `only` (field indexes)
// when not empty, in declaration order.
void write_row(JsonWriter& out, const EntitySchema& entity, const Record& row,
               const std::vector<std::size_t>& only = {});

// The JSON text of a row, and of an array of rows, as write_row. Thread-safe.
std::string row_json(const EntitySchema& entity, const Record& row);
std::string rows_json(const EntitySchema& entity, std::span<const Record> rows,
                      const std::vector<std::size_t>& only);

// A key value as the text of a path segment (before percent-encoding): a string-carried
// value as its JSON string's content, a number or bool as its JSON text. Thread-safe.
std::string value_text(const FieldSchema& field, const Value& value);

}  // namespace v5store::detail
