// Reserved words per backend, from the data files in src/reserved_words/ (each backend's own
// documented keyword list), compiled into the library.
#pragma once

#include <string_view>

#include "v5store/types.hpp"

namespace v5validate::detail {

// The raw text of the backend's word file (comments included).
std::string_view reserved_words_text(v5store::BackendKind backend) noexcept;

// True when `word` (lower case) is on the backend's list. Thread-safe.
bool is_reserved_word(v5store::BackendKind backend, std::string_view word);

}  // namespace v5validate::detail
