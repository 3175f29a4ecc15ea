// Sentence and list splitting.
#include "words/sentences.hpp"

#include <cctype>

namespace v5gen::words {

namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && (is_space(s[b]) || s[b] == ',')) ++b;
  while (e > b && (is_space(s[e - 1]) || s[e - 1] == ',')) --e;
  return std::string(s.substr(b, e - b));
}

void push_trimmed(std::vector<std::string>& out, std::string_view piece) {
  std::string t = trim(piece);
  if (!t.empty()) out.push_back(std::move(t));
}

}  // namespace

std::vector<std::string> split_sentences(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    bool split = false;
    if (c == '\n' || c == ';' || c == '!' || c == '?') {
      split = depth == 0 || c == '\n';
    } else if (c == '.' && depth == 0) {
      const bool inside_word =
          i > 0 && i + 1 < text.size() && is_alnum(text[i - 1]) && is_alnum(text[i + 1]);
      split = !inside_word;
    }
    if (split) {
      push_trimmed(out, text.substr(start, i - start));
      start = i + 1;
      if (c == '\n') depth = 0;
    }
  }
  push_trimmed(out, text.substr(start));
  return out;
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  std::size_t i = 0;
  auto word_at = [&](std::size_t pos, std::string_view word) {
    return list.substr(pos, word.size()) == word && (pos == 0 || is_space(list[pos - 1])) &&
           (pos + word.size() == list.size() || is_space(list[pos + word.size()]));
  };
  while (i < list.size()) {
    const char c = list[i];
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth == 0) {
      std::size_t skip = 0;
      if (c == ',') {
        skip = 1;
      } else {
        for (std::string_view w : {"and/or", "and", "or", "plus", "as well as"}) {
          if (word_at(i, w)) {
            skip = w.size();
            break;
          }
        }
      }
      if (skip > 0) {
        push_trimmed(out, list.substr(start, i - start));
        i += skip;
        start = i;
        continue;
      }
    }
    ++i;
  }
  push_trimmed(out, list.substr(start));
  return out;
}

std::string normalise(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t b = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > b) out.emplace_back(text.substr(b, i - b));
  }
  return out;
}

}  // namespace v5gen::words
