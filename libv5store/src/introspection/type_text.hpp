// Small text helpers for SQL type names and default expressions, shared by the backends'
// type normalisation and the migrator's comparisons.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace v5store::detail {

// Lower case, whitespace runs collapsed to one space, no space around '(' ',' ')', trimmed:
// "NUMERIC( 10, 2 )" -> "numeric(10,2)".
std::string lower_collapsed(std::string_view text);

// A type split into its base name and its parenthesised arguments, and what follows them:
// "numeric(10,2)" -> {"numeric", {"10", "2"}, ""}; "bigint(20) unsigned" ->
// {"bigint", {"20"}, "unsigned"}. Expects lower_collapsed() text.
struct TypeParts {
  std::string base;
  std::vector<std::string> args;
  std::string suffix;
};
TypeParts split_type(std::string_view type);

// Joins TypeParts back into text (inverse of split_type).
std::string join_type(const TypeParts& parts);

// A default expression reduced to a comparable value: outer parentheses and casts
// ("'new'::character varying") removed, string literals unquoted, NULL as nullopt, and
// every spelling of the current time ("now()", "CURRENT_TIMESTAMP", "current_timestamp(6)",
// SQLite's "strftime('...', 'now')") as "now"; booleans as "1"/"0".
std::optional<std::string> normalize_default(std::string_view expression);

}  // namespace v5store::detail
