// Private helpers of the write-validation rules (FieldSchema::check is public in schema.hpp).
#pragma once

#include "v5store/schema.hpp"

namespace v5store::detail {

// Converts an accepted alternate form to the form the field's type binds as: an integer for
// a float64 or decimal field, text for a date or timestamp field. Call after check() passed.
void normalize(const FieldSchema& field, Value& value);

// Validates `value` for `field` (throws Error(validation) naming entity.field and the rule)
// and then normalizes it in place.
void validate_normalized(const FieldSchema& field, Value& value);

}  // namespace v5store::detail
