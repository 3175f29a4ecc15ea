#include "value_syntax.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

namespace v5validate::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool digits_at(std::string_view text, std::size_t pos, std::size_t count, int& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

class JsonChecker {
 public:
  explicit JsonChecker(std::string_view text) : text_(text) {}

  bool check() {
    skip_space();
    if (!value(0)) return false;
    skip_space();
    return pos_ == text_.size();
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool string() {
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c == '\\') {
        if (pos_ >= text_.size()) return false;
        const char e = text_[pos_++];
        if (e == 'u') {
          for (int i = 0; i < 4; ++i) {
            if (pos_ >= text_.size() || !is_hex(text_[pos_++])) return false;
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool number() {
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    return pos_ > start;
  }
  bool value(int depth) {
    if (depth > 256 || pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == close) {
        ++pos_;
        return true;
      }
      while (true) {
        skip_space();
        if (c == '{') {
          if (!string()) return false;
          skip_space();
          if (pos_ >= text_.size() || text_[pos_] != ':') return false;
          ++pos_;
          skip_space();
        }
        if (!value(depth + 1)) return false;
        skip_space();
        if (pos_ >= text_.size()) return false;
        if (text_[pos_] == close) {
          ++pos_;
          return true;
        }
        if (text_[pos_] != ',') return false;
        ++pos_;
      }
    }
    if (c == '"') return string();
    if (c == 't') return literal("true");
    if (c == 'f') return literal("false");
    if (c == 'n') return literal("null");
    return number();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::int64_t> read_integer(std::string_view text) noexcept {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> read_number(std::string_view text) noexcept {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool is_boolean_word(std::string_view text) noexcept {
  for (std::string_view word : {"true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes",
                                "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}) {
    if (text == word) return true;
  }
  return false;
}

bool is_decimal(std::string_view text, int precision, int scale) noexcept {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) return false;
  for (char c : whole) {
    if (!is_digit(c)) return false;
  }
  for (char c : fraction) {
    if (!is_digit(c)) return false;
  }
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  if (precision <= 0) return true;
  const std::size_t whole_digits = whole == "0" ? 0 : whole.size();
  return fraction.size() <= static_cast<std::size_t>(scale) &&
         whole_digits <= static_cast<std::size_t>(precision - scale);
}

bool is_date(std::string_view text) noexcept {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits_at(text, 0, 4, year) ||
      !digits_at(text, 5, 2, month) || !digits_at(text, 8, 2, day)) {
    return false;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  return ymd.ok();
}

bool is_timestamp(std::string_view text) noexcept {
  if (text.size() < 19 || !is_date(text.substr(0, 10)) || (text[10] != ' ' && text[10] != 'T')) {
    return false;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text[13] != ':' || text[16] != ':' || !digits_at(text, 11, 2, hour) ||
      !digits_at(text, 14, 2, minute) || !digits_at(text, 17, 2, second) || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < rest.size() && is_digit(rest[digits])) ++digits;
    if (digits == 0 || digits > 6) return false;
    rest.remove_prefix(digits);
  }
  return rest.empty() || rest == "Z" || rest == "+00:00" || rest == "+00";
}

bool is_uuid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex(text[i])) return false;
  }
  return true;
}

bool is_json(std::string_view text) noexcept { return JsonChecker(text).check(); }

}  // namespace v5validate::detail
