// Values that satisfy a field's declared constraints, generated for level 3's round trips.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "v5store/spec.hpp"

namespace v5validate::detail {

// A generated value in the text form the store binds, or the reason none could be made.
struct ProbeValue {
  std::optional<std::string> text;  // nullopt with an empty `problem`: NULL
  std::string problem;              // why no value satisfies the constraints
};

// A value for `field` (not a foreign key, not generated) that satisfies its type, range,
// lengths, pattern and enum. `seed` makes unique and key values unlikely to collide with
// existing rows. Bytes are returned raw (the caller encodes them for its backend).
ProbeValue probe_value(const v5store::FieldSpec& field, std::uint64_t seed);

}  // namespace v5validate::detail
