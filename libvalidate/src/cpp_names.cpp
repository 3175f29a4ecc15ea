#include "v5validate/cpp_names.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace v5validate {

namespace {

// C++20 keywords and alternative tokens, the contextual words a generated name must not take,
// and the object-like macros of the C library headers the generated code includes.
constexpr std::array<std::string_view, 104> kTaken = {
    "alignas",   "alignof",      "and",         "and_eq",       "asm",
    "auto",      "bitand",       "bitor",       "bool",         "break",
    "case",      "catch",        "char",        "char8_t",      "char16_t",
    "char32_t",  "class",        "compl",       "concept",      "const",
    "consteval", "constexpr",    "constinit",   "const_cast",   "continue",
    "co_await",  "co_return",    "co_yield",    "decltype",     "default",
    "delete",    "do",           "double",      "dynamic_cast", "else",
    "enum",      "explicit",     "export",      "extern",       "false",
    "float",     "for",          "friend",      "goto",         "if",
    "inline",    "int",          "long",        "mutable",      "namespace",
    "new",       "noexcept",     "not",         "not_eq",       "nullptr",
    "operator",  "or",           "or_eq",       "private",      "protected",
    "public",    "register",     "reinterpret_cast", "requires", "return",
    "short",     "signed",       "sizeof",      "static",       "static_assert",
    "static_cast", "struct",     "switch",      "template",     "this",
    "thread_local", "throw",     "true",        "try",          "typedef",
    "typeid",    "typename",     "union",       "unsigned",     "using",
    "virtual",   "void",         "volatile",    "wchar_t",      "while",
    "xor",       "xor_eq",       "final",       "override",     "import",
    "module",    "assert",       "errno",       "stdin",        "stdout",
    "stderr",    "unix",         "linux",       "i386"};

bool is_taken(std::string_view name) {
  return std::find(kTaken.begin(), kTaken.end(), name) != kTaken.end();
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool has_lower(std::string_view text) { return std::any_of(text.begin(), text.end(), is_lower); }

// `text` as [A-Za-z0-9_]+ without "__", a leading '_' or a leading digit.
std::string mangle(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool word = is_lower(c) || is_upper(c) || is_digit(c);
    if (word) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  if (out.empty() || is_digit(out.front())) out.insert(out.begin(), 'v');
  return out;
}

}  // namespace

std::string pascal_case(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  if (out.empty() || is_digit(out.front())) out.insert(out.begin(), 'V');
  if (out.size() > 1 && !has_lower(out)) out += '_';
  return out;
}

std::string cpp_identifier(std::string_view name) {
  std::string out(name);
  if (out.starts_with("__")) out.insert(out.begin(), 'v');
  if (!out.empty() && is_digit(out.front())) out.insert(out.begin(), '_');
  if (is_taken(out)) out += '_';
  return out;
}

std::vector<std::string> enum_members(const std::vector<std::string>& values) {
  std::vector<std::string> members;
  std::set<std::string> used;
  for (const std::string& value : values) {
    std::string base = mangle(value);
    if ((is_taken(base) || !has_lower(base)) && base.back() != '_') base += '_';
    std::string member = base;
    for (int n = 2; !used.insert(member).second; ++n) {
      member = base + (base.back() == '_' ? "" : "_") + std::to_string(n);
    }
    members.push_back(std::move(member));
  }
  return members;
}

std::string enum_type_name(std::string_view entity, std::string_view field) {
  return pascal_case(entity) + pascal_case(field);
}

}  // namespace v5validate
