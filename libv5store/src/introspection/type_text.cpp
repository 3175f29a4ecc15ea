// Text helpers for SQL types and defaults.
#include "introspection/type_text.hpp"

#include <cctype>
#include <cstdlib>

namespace v5store::detail {

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// True when `text` is wrapped in one pair of parentheses that match each other.
bool wrapped_in_parentheses(std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0 && i + 1 < text.size()) return false;
  }
  return true;
}

// Removes a trailing PostgreSQL cast ("'a'::text", "0::bigint") outside quotes.
std::string strip_cast(std::string_view text) {
  bool quoted = false;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\'') quoted = !quoted;
    if (!quoted && text[i] == ':' && text[i + 1] == ':') return trim(text.substr(0, i));
  }
  return std::string(text);
}

bool is_number(std::string_view text) {
  if (text.empty()) return false;
  const std::string copy(text);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return end != nullptr && *end == '\0';
}

// "1.50" and "1.5" compare equal: numbers are rendered canonically.
std::string canonical_number(std::string_view text) {
  std::string out(text);
  if (out.find('.') != std::string::npos && out.find_first_of("eE") == std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  if (out.empty() || out == "-") out = "0";
  return out;
}

}  // namespace

std::string lower_collapsed(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : trim(text)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    const bool tight = c == '(' || c == ')' || c == ',';
    if (pending_space && !tight && !out.empty() && out.back() != '(' && out.back() != ',') {
      out += ' ';
    }
    pending_space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

TypeParts split_type(std::string_view type) {
  TypeParts parts;
  const auto open = type.find('(');
  if (open == std::string_view::npos) {
    parts.base = trim(type);
    return parts;
  }
  parts.base = trim(type.substr(0, open));
  const auto close = type.find(')', open);
  const std::string_view inside =
      type.substr(open + 1, (close == std::string_view::npos ? type.size() : close) - open - 1);
  std::size_t start = 0;
  while (start <= inside.size()) {
    const auto comma = inside.find(',', start);
    const auto piece = inside.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                            : comma - start);
    parts.args.push_back(trim(piece));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (close != std::string_view::npos) parts.suffix = trim(type.substr(close + 1));
  return parts;
}

std::string join_type(const TypeParts& parts) {
  std::string out = parts.base;
  if (!parts.args.empty()) {
    out += '(';
    for (std::size_t i = 0; i < parts.args.size(); ++i) {
      if (i > 0) out += ',';
      out += parts.args[i];
    }
    out += ')';
  }
  if (!parts.suffix.empty()) out += ' ' + parts.suffix;
  return out;
}

std::optional<std::string> normalize_default(std::string_view expression) {
  std::string text = trim(expression);
  while (wrapped_in_parentheses(text)) text = trim(std::string_view(text).substr(1, text.size() - 2));
  text = strip_cast(text);
  while (wrapped_in_parentheses(text)) text = trim(std::string_view(text).substr(1, text.size() - 2));
  if (text.empty()) return std::nullopt;
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string value;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
      value += text[i];
      if (text[i] == '\'' && text[i + 1] == '\'') ++i;
    }
    return value;
  }
  const std::string word = lower(text);
  if (word == "null") return std::nullopt;
  if (word == "now()" || word.starts_with("current_timestamp") || word == "localtimestamp" ||
      word.starts_with("localtimestamp(") || word == "now" || word.starts_with("now(") ||
      word.find("'now'") != std::string::npos) {
    return std::string("now");
  }
  if (word == "true") return std::string("1");
  if (word == "false") return std::string("0");
  if (is_number(word)) return canonical_number(word);
  return word;
}

}  // namespace v5store::detail
