// Type inference: a field's name and spec type from the words that name it.
#pragma once

#include <string>

#include "words/draft.hpp"

namespace v5gen::words {

// The field named by `phrase` (lower case, e.g. "due date", "number of guests", "price",
// "is active"): its snake_case name (money gains "_cents", "number of X" becomes "x_count",
// a password becomes "password_hash"), type, constraints and `reason`, the rule that decided.
// Words that name no type give a string of at most 200 characters. Never throws except
// std::bad_alloc; thread-safe.
DraftField infer_field(const std::string& phrase);

}  // namespace v5gen::words
