// DSN checks without connecting: the connection-string syntax of each backend. ${VAR}
// references are expanded by v5store::expand_env, the parser's own expansion. Messages never
// repeat values (a value may be a password).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "v5store/types.hpp"

namespace v5validate::detail {

// One key=value pair of a connection string.
struct DsnPair {
  std::string key;
  std::string value;
};

// Splits "k=v k2='v 2'" into pairs. Returns false and sets `problem` (no values in it) when
// the text is not key=value syntax.
bool split_key_values(std::string_view dsn, std::vector<DsnPair>& pairs, std::string& problem);

// A DSN problem: `error` false means the finding is a warning (unknown key).
struct DsnProblem {
  bool error = true;
  std::string message;
  std::string hint;
};

// Checks an expanded DSN's syntax for a backend.
std::vector<DsnProblem> check_dsn(v5store::BackendKind backend, std::string_view dsn);

// True when the DSN template holds a password written literally (not from ${VAR}).
bool has_literal_password(std::string_view dsn_template);

}  // namespace v5validate::detail
