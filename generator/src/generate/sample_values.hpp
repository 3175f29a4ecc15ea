// Sample field values for the generated smoke test: C++ expressions of the values
// v5validate::sample_value derives from the field's rules (range, lengths, pattern,
// precision, enum) or its `example:`, so the smoke test exercises real writes.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "v5store/spec.hpp"

namespace v5gen {

// The entity and field that `field` of `entity` takes its value from: its `references`, or
// its place in a `foreign_keys` entry (SystemSpec::foreign_keys_of); nullopt when none.
std::optional<std::pair<std::string, std::string>> referenced_field(
    const v5store::SystemSpec& spec, const v5store::EntitySpec& entity,
    const v5store::FieldSpec& field);

// A C++ expression of the field's value type (qualified by the system's namespace), or
// nullopt when the field is left to the database (generated key, or a default without an
// example) or set from a referenced row. Throws v5store::Error(config) naming entity.field
// when no value satisfies the field's rules (validation reports that first, as V226).
std::optional<std::string> sample_value(const v5store::SystemSpec& spec,
                                        const v5store::EntitySpec& entity,
                                        const v5store::FieldSpec& field);

// A different valid value for the update step (the rules' second value), or nullopt when the
// field is not a candidate to change (keys, generated, references) or its rules allow one
// value only. Throws like sample_value.
std::optional<std::string> changed_value(const v5store::SystemSpec& spec,
                                         const v5store::EntitySpec& entity,
                                         const v5store::FieldSpec& field);

}  // namespace v5gen
