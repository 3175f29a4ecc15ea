// Writes a draft as a commented YAML spec (format version 1, docs/spec.md).
#pragma once

#include <string>

#include "words/draft.hpp"

namespace v5gen::words {

// The spec text of `draft`: a header comment quoting the description, every assumption and
// every unused sentence, then the spec with each field's inference rule as its comment.
// Deterministic. Never throws except std::bad_alloc; thread-safe.
std::string write_spec(const Draft& draft);

}  // namespace v5gen::words
