// One item of a field list ("an optional phone", "a status (new, paid or shipped)",
// "many comments", "an isbn which is unique"): its name phrase and the words around it.
#pragma once

#include <string>
#include <vector>

namespace v5gen::words {

struct Item {
  std::string phrase;  // the name words, articles and modifiers removed ("due date")
  bool optional = false;
  bool unique = false;
  bool required = false;
  bool many = false;                // "many comments", "several tags", "a list of notes"
  std::vector<std::string> values;  // enum members from "(a, b or c)" / "(one of a, b, c)"
  std::string explicit_type;        // a spec type named in parentheses: "(text)", "(decimal)"
};

// Parses one list item (lower case). Never throws except std::bad_alloc; thread-safe.
Item parse_item(const std::string& raw);

}  // namespace v5gen::words
