// Classifies a change of a column's type as widening (every old value fits the new type) or
// not (narrowing or a different kind: values may be lost or the change may fail).
#pragma once

#include <string_view>

namespace v5store::detail {

// `from` and `to` are normalised types (Backend::normalize_type). Widening: a longer
// varchar/char/varbinary, a larger integer, numeric(p,s) with room for every old value,
// real -> double, a string type to an unbounded text type, text to a larger text type.
bool is_widening(std::string_view from, std::string_view to);

}  // namespace v5store::detail
