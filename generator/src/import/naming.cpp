// Spec names for catalog names.
#include "import/naming.hpp"

#include <cctype>

#include "v5validate/cpp_names.hpp"
#include "words/inflect.hpp"

namespace v5gen::import {

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

constexpr std::size_t kMaxName = 63;

}  // namespace

std::string snake_name(std::string_view catalog_name) {
  // Word breaks at case changes first ("AlbumId" -> "Album Id", "HTTPStatus" -> "HTTP Status"),
  // then the shared snake_case rule (lower case, runs of other characters to one '_').
  std::string spaced;
  for (std::size_t i = 0; i < catalog_name.size(); ++i) {
    const char c = catalog_name[i];
    if (i > 0 && is_upper(c)) {
      const char before = catalog_name[i - 1];
      const bool next_lower = i + 1 < catalog_name.size() && catalog_name[i + 1] >= 'a' &&
                              catalog_name[i + 1] <= 'z';
      if (is_lower_or_digit(before) || (is_upper(before) && next_lower)) spaced += ' ';
    }
    spaced += c;
  }
  std::string name = words::snake_case(spaced);
  if (name.size() > kMaxName) name.resize(kMaxName);
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

std::optional<std::string> unusable_name(std::string_view catalog_name) {
  if (catalog_name.empty()) return "the name is empty";
  if (catalog_name.size() > kMaxName) return "the name is longer than 63 bytes";
  for (char c : catalog_name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "the name holds a control character";
    }
  }
  return std::nullopt;
}

PickedName NameScope::pick(std::string wanted, std::string_view catalog_name) {
  PickedName out;
  if (wanted.empty()) {
    wanted = "x";
    out.why = "the name has no ASCII letter or digit";
  } else if (v5validate::cpp_identifier(wanted) != wanted) {
    wanted += '_';
    out.why = "`" + wanted.substr(0, wanted.size() - 1) + "` is a C++ keyword or macro";
  }
  std::string name = wanted;
  for (int n = 2; taken_.count(name) != 0; ++n) {
    name = wanted + "_" + std::to_string(n);
    out.why = "`" + wanted + "` is already taken (by another name from `" +
              std::string(catalog_name.empty() ? "?" : "the catalog") + "`)";
  }
  taken_.insert(name);
  out.name = std::move(name);
  return out;
}

}  // namespace v5gen::import
