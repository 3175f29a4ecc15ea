// Singular, plural and snake_case by rule.
#include "words/inflect.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace v5gen::words {

namespace {

// {singular, plural} pairs that no suffix rule covers.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kIrregular{{
    {"person", "people"},
    {"child", "children"},
    {"man", "men"},
    {"woman", "women"},
    {"mouse", "mice"},
    {"goose", "geese"},
    {"foot", "feet"},
    {"tooth", "teeth"},
    {"datum", "data"},
    {"criterion", "criteria"},
    {"analysis", "analyses"},
    {"index", "indices"},
    {"quiz", "quizzes"},
    {"ox", "oxen"},
}};

// Words that end in 's' in the singular or have no plural form.
constexpr std::array<std::string_view, 22> kUncountable{
    "status", "address", "news",   "series",   "species",  "equipment", "information", "bus",
    "class",  "process", "access", "business", "campus",   "alias",     "canvas",      "bonus",
    "census", "virus",   "gas",    "radius",   "progress", "sms"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Splits "order_lines" into {"order_", "lines"}.
std::pair<std::string_view, std::string_view> split_last(std::string_view name) {
  const std::size_t cut = name.rfind('_');
  if (cut == std::string_view::npos) return {{}, name};
  return {name.substr(0, cut + 1), name.substr(cut + 1)};
}

bool uncountable(std::string_view word) {
  for (std::string_view w : kUncountable) {
    if (word == w) return true;
  }
  return false;
}

std::string singular_word(std::string_view w) {
  for (const auto& [one, many] : kIrregular) {
    if (w == many) return std::string(one);
    if (w == one) return std::string(w);
  }
  if (uncountable(w) || w.size() < 3) return std::string(w);
  if (ends_with(w, "ies") && w.size() > 4) return std::string(w.substr(0, w.size() - 3)) + "y";
  if (ends_with(w, "ves") && w.size() > 4) {
    const std::string_view stem = w.substr(0, w.size() - 3);
    return std::string(stem) + (ends_with(stem, "i") || ends_with(stem, "l") ? "f" : "fe");
  }
  for (std::string_view suffix : {"sses", "shes", "ches", "xes", "zzes", "oes"}) {
    if (ends_with(w, suffix)) return std::string(w.substr(0, w.size() - 2));
  }
  if (ends_with(w, "ss") || ends_with(w, "us") || ends_with(w, "is")) return std::string(w);
  if (ends_with(w, "s")) return std::string(w.substr(0, w.size() - 1));
  return std::string(w);
}

std::string plural_word(std::string_view w) {
  for (const auto& [one, many] : kIrregular) {
    if (w == one) return std::string(many);
    if (w == many) return std::string(w);
  }
  if (w == "news" || w == "series" || w == "species" || w == "equipment" || w == "information" ||
      w == "sms") {
    return std::string(w);
  }
  if (ends_with(w, "y") && w.size() > 1 && !is_vowel(w[w.size() - 2])) {
    return std::string(w.substr(0, w.size() - 1)) + "ies";
  }
  if (ends_with(w, "s") || ends_with(w, "x") || ends_with(w, "z") || ends_with(w, "ch") ||
      ends_with(w, "sh")) {
    return std::string(w) + "es";
  }
  return std::string(w) + "s";
}

}  // namespace

std::string singular(std::string_view name) {
  const auto [head, last] = split_last(name);
  return std::string(head) + singular_word(last);
}

std::string plural(std::string_view name) {
  const auto [head, last] = split_last(name);
  return std::string(head) + plural_word(last);
}

bool is_plural(std::string_view word) { return singular(word) != word; }

std::string snake_case(std::string_view phrase) {
  std::string out;
  bool pending_underscore = false;
  for (char c : phrase) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      if (pending_underscore && !out.empty()) out += '_';
      pending_underscore = false;
      out += static_cast<char>(std::tolower(u));
    } else if (c != '\'') {
      pending_underscore = true;
    }
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out.front())) != 0) {
    out = "n_" + out;
  }
  return out;
}

}  // namespace v5gen::words
