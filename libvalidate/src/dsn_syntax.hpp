// DSN checks without connecting: the keys and values each backend takes, on the pairs that
// v5store's connection-string grammar (v5store/internal/dsn_grammar.hpp) reads. ${VAR}
// references are expanded by v5store::expand_dsn_env, the parser's own expansion. Messages never
// repeat values (a value may be a password).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "v5store/types.hpp"

namespace v5validate::detail {

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
