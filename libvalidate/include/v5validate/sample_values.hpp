// Values that satisfy a field's rules: what `v5gen generate` writes into the smoke test, and
// what level 2 uses to tell whether a field's rules can be satisfied together. One function,
// so whatever `v5gen validate` accepts, `v5gen generate` can fill in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "v5store/spec.hpp"

namespace v5validate {

// A value in text form, or why none exists.
struct SampleValue {
  // The value as text: bool `true`/`false`; integers and float64 in decimal; decimal exact
  // (`12.50`); date `YYYY-MM-DD`; timestamp `YYYY-MM-DD HH:MM:SS.ffffff`; bytes raw; the
  // member of an enum; strings, text, uuid and json as they are.
  std::optional<std::string> text;
  std::string problem;  // set when `text` is empty: which rules cannot be met together
};

// The `variant`-th value of `field` that satisfies its type and every rule it declares (min,
// max, min_length, max_length, pattern, precision and scale, values). Variant 0 is the
// field's `example:` when it has one; distinct variants give distinct values as far as the
// rules allow (after that, values repeat). Ignores references and generated (the caller fills
// those in). **Example**: `{type: string, pattern: "^[0-9]{8,16}$"}` gives `01234567`, then
// `01234568`. Never throws (except std::bad_alloc); thread-safe.
SampleValue sample_value(const v5store::FieldSpec& field, std::uint64_t variant = 0);

}  // namespace v5validate
