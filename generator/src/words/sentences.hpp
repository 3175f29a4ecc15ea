// Splitting plain English into sentences and lists into items.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace v5gen::words {

// The sentences of `text`: split at '.', '!', '?', ';' and line breaks outside parentheses
// (a '.' between two digits or letters, as in "3.5" or "e.g", does not split). Each sentence is
// trimmed; empty ones are dropped.
std::vector<std::string> split_sentences(std::string_view text);

// The items of an English list: split at commas and at the words "and", "or", "and/or" outside
// parentheses ("a, b and c", "a, b, or c"). Items are trimmed; empty ones are dropped.
std::vector<std::string> split_list(std::string_view list);

// `text` in lower case with runs of white space collapsed to one space, trimmed.
std::string normalise(std::string_view text);

// The words of `text` (split at white space).
std::vector<std::string> split_words(std::string_view text);

}  // namespace v5gen::words
