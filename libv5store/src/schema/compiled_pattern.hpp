// CompiledPattern: a field's `pattern`, compiled once when the registry is built.
#pragma once

#include <regex>
#include <string>

namespace v5store::detail {

struct CompiledPattern {
  std::string source;
  std::regex regex;  // ECMAScript; matched with regex_search (anchor with ^...$)
};

}  // namespace v5store::detail
