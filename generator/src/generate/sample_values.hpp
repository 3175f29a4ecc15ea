// Sample field values for the generated smoke test: C++ expressions that satisfy the field's
// declared rules (range, length, pattern, enum), so the smoke test exercises real writes.
#pragma once

#include <optional>
#include <string>

#include "v5store/spec.hpp"

namespace v5gen {

// A C++ expression of the field's value type (qualified by the system's namespace), or nullopt when the field is left to the
// database (generated key, or a default) or set from a referenced row. Throws
// v5store::Error(config) naming entity.field when no candidate satisfies a pattern.
std::optional<std::string> sample_value(const v5store::SystemSpec& spec,
                                        const v5store::EntitySpec& entity,
                                        const v5store::FieldSpec& field);

// A different valid value for the update step, or nullopt when the field is not a good
// candidate to change (keys, references, unique, patterned fields).
std::optional<std::string> changed_value(const v5store::SystemSpec& spec,
                                         const v5store::EntitySpec& entity,
                                         const v5store::FieldSpec& field);

}  // namespace v5gen
