// Identifier rules shared by the levels: the syntax of names and "did you mean" suggestions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace v5validate::detail {

// The longest name allowed (PostgreSQL's NAMEDATALEN - 1; MySQL allows 64).
inline constexpr std::size_t kMaxIdentifierLength = 63;

// True when `name` matches [a-z_][a-z0-9_]*.
bool is_identifier(std::string_view name) noexcept;

// Levenshtein edit distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

// "did you mean `x`?" for the closest candidate, else "expected one of: a, b, c".
std::string suggestion_hint(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace v5validate::detail
