// Keyset page cursors: the order values of the last row of a page, tied to the shape of the
// query's order, as opaque URL-safe text (base64url without padding).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/schema.hpp"
#include "v5store/types.hpp"

namespace v5store::detail {

// A fingerprint of a keyset order: entity, order fields and directions.
std::uint64_t cursor_shape(const EntitySchema& entity, const std::vector<const FieldSchema*>& order,
                           const std::vector<bool>& descending);

// Encodes `values` (one per order field) with the shape.
std::string encode_cursor(std::uint64_t shape, const std::vector<Value>& values);

// Decodes a cursor made by encode_cursor for the same shape into one value per order field,
// each checked against its field. Throws Error(validation) "entity: page: the cursor ..." when
// it is malformed or made for another query order.
std::vector<Value> decode_cursor(std::string_view cursor, std::uint64_t shape,
                                 const EntitySchema& entity,
                                 const std::vector<const FieldSchema*>& order);

}  // namespace v5store::detail
