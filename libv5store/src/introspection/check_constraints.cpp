// CHECK constraints: CREATE TABLE parsing, column attribution and signatures.
#include "introspection/check_constraints.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include <fmt/format.h>

namespace v5store::detail {

namespace {

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The end of the quoted text starting at `at` (a quote character; a doubled quote inside is
// an escaped one). Returns sql.size() when unterminated.
std::size_t skip_quoted(std::string_view sql, std::size_t at) {
  const char close = sql[at];
  for (std::size_t i = at + 1; i < sql.size(); ++i) {
    if (sql[i] != close) continue;
    if (i + 1 < sql.size() && sql[i + 1] == close) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return sql.size();
}

// String literals and the identifier quotes of the three backends ('[' is not one: v5store
// never writes it, and PostgreSQL's ARRAY[...] uses it).
bool is_quote(char c) { return c == '\'' || c == '"' || c == '`'; }

// The unquoted, unescaped text of a quoted token [begin, end).
std::string unquote(std::string_view token) {
  if (token.size() < 2 || !is_quote(token.front())) return std::string(token);
  const char close = token.front();
  std::string out;
  for (std::size_t i = 1; i + 1 < token.size(); ++i) {
    out += token[i];
    if (token[i] == close && token[i + 1] == close) ++i;
  }
  return out;
}

// The index just past the parenthesis that closes the one at `open`, skipping quoted text.
std::size_t skip_parenthesised(std::string_view sql, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < sql.size();) {
    if (is_quote(sql[i])) {
      i = skip_quoted(sql, i);
      continue;
    }
    if (sql[i] == '(') ++depth;
    if (sql[i] == ')' && --depth == 0) return i + 1;
    ++i;
  }
  return sql.size();
}

std::size_t skip_space(std::string_view sql, std::size_t i) {
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  return i;
}

bool keyword_at(std::string_view sql, std::size_t i, std::string_view keyword) {
  if (i + keyword.size() > sql.size()) return false;
  for (std::size_t k = 0; k < keyword.size(); ++k) {
    if (std::toupper(static_cast<unsigned char>(sql[i + k])) != keyword[k]) return false;
  }
  return i + keyword.size() == sql.size() || !is_word_char(sql[i + keyword.size()]);
}

// The next token of a table element starting at `i` (a word or a quoted name), or "".
std::string_view token_at(std::string_view sql, std::size_t i) {
  if (i >= sql.size()) return {};
  if (is_quote(sql[i])) return sql.substr(i, skip_quoted(sql, i) - i);
  std::size_t end = i;
  while (end < sql.size() && is_word_char(sql[end])) ++end;
  return sql.substr(i, end - i);
}

// The checks of one element of the table body: a column definition or a table constraint.
void checks_in_element(std::string_view element, std::vector<LiveCheck>& out) {
  std::size_t i = skip_space(element, 0);
  std::string name;
  std::string column;
  bool table_constraint = false;
  if (keyword_at(element, i, "CONSTRAINT")) {
    i = skip_space(element, i + 10);
    const auto token = token_at(element, i);
    name = unquote(token);
    i = skip_space(element, i + token.size());
    table_constraint = true;
  } else if (keyword_at(element, i, "CHECK") || keyword_at(element, i, "PRIMARY") ||
             keyword_at(element, i, "UNIQUE") || keyword_at(element, i, "FOREIGN") ||
             keyword_at(element, i, "KEY") || keyword_at(element, i, "INDEX")) {
    table_constraint = true;
  } else {
    const auto token = token_at(element, i);
    column = unquote(token);
    i += token.size();
  }
  while (i < element.size()) {
    if (is_quote(element[i])) {
      i = skip_quoted(element, i);
      continue;
    }
    if (keyword_at(element, i, "CHECK") && (i == 0 || !is_word_char(element[i - 1]))) {
      const std::size_t open = skip_space(element, i + 5);
      if (open >= element.size() || element[open] != '(') return;
      const std::size_t close = skip_parenthesised(element, open);
      LiveCheck check;
      check.name = table_constraint ? name : std::string();
      check.expression = std::string(element.substr(open + 1, close - open - 2));
      check.column = table_constraint ? std::string() : column;
      check.part_of_column = !table_constraint;
      out.push_back(std::move(check));
      i = close;
      continue;
    }
    ++i;
  }
}

std::string canonical_number(std::string_view text) {
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) return {};
  return fmt::format("{}", value == 0 ? 0.0 : value);
}

// The comparison a literal ending just before `at` sits in: the operator before it, skipping
// spaces and opening parentheses ("qty >= (0)::numeric").
std::string comparison_before(std::string_view sql, std::size_t at) {
  std::size_t i = at;
  while (i > 0 && (std::isspace(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '(')) --i;
  if (i >= 2 && sql.substr(i - 2, 2) == ">=") return "ge ";
  if (i >= 2 && sql.substr(i - 2, 2) == "<=") return "le ";
  if (i >= 2 && (sql.substr(i - 2, 2) == "<>" || sql.substr(i - 2, 2) == "!=")) return "ne ";
  if (i >= 1 && sql[i - 1] == '>') return "gt ";
  if (i >= 1 && sql[i - 1] == '<') return "lt ";
  return {};
}

// True when the token ending at `end` is an operand, so a '-' after it is a minus, not a sign.
bool operand_before(std::string_view sql, std::size_t end) {
  std::size_t i = end;
  while (i > 0 && std::isspace(static_cast<unsigned char>(sql[i - 1]))) --i;
  if (i == 0) return false;
  const char c = sql[i - 1];
  if (!is_word_char(c)) return c == ')' || c == ']' || is_quote(c);
  std::size_t start = i;
  while (start > 0 && is_word_char(sql[start - 1])) --start;
  for (const std::string_view keyword : {"AND", "OR", "NOT", "BETWEEN", "IN", "IS", "WHEN",
                                         "THEN", "ELSE", "LIKE"}) {
    if (keyword_at(sql, start, keyword) && i - start == keyword.size()) return false;
  }
  return true;
}

}  // namespace

std::vector<LiveCheck> checks_in_create_table(std::string_view sql) {
  std::vector<LiveCheck> out;
  std::size_t open = 0;
  while (open < sql.size() && sql[open] != '(') {
    open = is_quote(sql[open]) ? skip_quoted(sql, open) : open + 1;
  }
  if (open >= sql.size()) return out;
  const std::size_t close = skip_parenthesised(sql, open);
  const std::string_view body = sql.substr(open + 1, close - open - 2);
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i <= body.size();) {
    if (i < body.size() && is_quote(body[i])) {
      i = skip_quoted(body, i);
      continue;
    }
    if (i == body.size() || (body[i] == ',' && depth == 0)) {
      checks_in_element(body.substr(start, i - start), out);
      start = i + 1;
    } else if (body[i] == '(') {
      ++depth;
    } else if (body[i] == ')') {
      --depth;
    }
    ++i;
  }
  return out;
}

void add_check(LiveTable& table, LiveCheck check) {
  if (check.column.empty()) {
    std::set<std::string> mentioned;
    const std::string_view sql = check.expression;
    for (std::size_t i = 0; i < sql.size();) {
      std::size_t end = i;
      std::string name;
      if (sql[i] == '\'') {
        i = skip_quoted(sql, i);
        continue;
      }
      if (is_quote(sql[i])) {
        end = skip_quoted(sql, i);
        name = unquote(sql.substr(i, end - i));
      } else if (is_word_start(sql[i]) && (i == 0 || !is_word_char(sql[i - 1]))) {
        while (end < sql.size() && is_word_char(sql[end])) ++end;
        name = std::string(sql.substr(i, end - i));
      } else {
        ++i;
        continue;
      }
      const bool cast = i >= 2 && sql.substr(i - 2, 2) == "::";
      const std::size_t next = skip_space(sql, end);
      const bool call = next < sql.size() && (sql[next] == '(' || sql[next] == '[');
      if (!cast && !call && table.find_column(name) != nullptr) mentioned.insert(name);
      i = end;
    }
    if (mentioned.size() == 1) check.column = *mentioned.begin();
  }
  table.checks.push_back(std::move(check));
}

void add_checks_from_create_table(
    LiveSchema& schema, const std::function<std::string(const std::string&)>& create_table_of) {
  for (auto& table : schema.tables) {
    for (auto& check : checks_in_create_table(create_table_of(table.name))) {
      add_check(table, std::move(check));
    }
  }
}

std::vector<std::string> check_signature(std::string_view expression) {
  std::set<std::string> out;
  const std::string_view sql = expression;
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'') {
      const std::size_t end = skip_quoted(sql, i);
      const std::string value = unquote(sql.substr(i, end - i));
      const std::string number = canonical_number(value);
      out.insert(number.empty() ? "'" + value + "'" : comparison_before(sql, i) + number);
      i = end;
      continue;
    }
    if (is_quote(c)) {
      i = skip_quoted(sql, i);
      continue;
    }
    if (is_word_char(c) && !is_digit(c)) {
      while (i < sql.size() && is_word_char(sql[i])) ++i;
      continue;
    }
    const bool sign = c == '-' && i + 1 < sql.size() && is_digit(sql[i + 1]) &&
                      !operand_before(sql, i);
    if (is_digit(c) || sign) {
      std::size_t end = i + 1;
      while (end < sql.size() && (is_digit(sql[end]) || sql[end] == '.' || sql[end] == 'e' ||
                                  sql[end] == 'E' ||
                                  ((sql[end] == '+' || sql[end] == '-') &&
                                   (sql[end - 1] == 'e' || sql[end - 1] == 'E')))) {
        ++end;
      }
      out.insert(comparison_before(sql, i) + canonical_number(sql.substr(i, end - i)));
      i = end;
      continue;
    }
    ++i;
  }
  return {out.begin(), out.end()};
}

}  // namespace v5store::detail
