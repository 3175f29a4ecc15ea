#include "v5store/types.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "v5store/error.hpp"

namespace v5store {

namespace {

struct FieldTypeName {
  FieldType type;
  std::string_view name;
};

constexpr std::array<FieldTypeName, 14> kFieldTypeNames{{
    {FieldType::boolean, "bool"},
    {FieldType::int32, "int32"},
    {FieldType::int64, "int64"},
    {FieldType::float64, "float64"},
    {FieldType::decimal, "decimal"},
    {FieldType::string, "string"},
    {FieldType::text, "text"},
    {FieldType::bytes, "bytes"},
    {FieldType::date, "date"},
    {FieldType::timestamp, "timestamp"},
    {FieldType::uuid, "uuid"},
    {FieldType::json, "json"},
    {FieldType::enumeration, "enum"},
    {FieldType::opaque, "opaque"},
}};

[[noreturn]] void malformed(std::string_view what, std::string_view text) {
  throw Error(ErrorCode::validation,
              "malformed " + std::string(what) + " '" + std::string(text) + "'");
}

// Reads exactly `count` decimal digits at `pos`, advancing it; false when they are not there.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  pos += count;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Parses YYYY-MM-DD at `pos`; nullopt when malformed or not a real calendar date.
std::optional<Date> read_date(std::string_view text, std::size_t& pos) {
  int y = 0, m = 0, d = 0;
  if (!read_digits(text, pos, 4, y) || !expect(text, pos, '-') || !read_digits(text, pos, 2, m) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, d)) {
    return std::nullopt;
  }
  const Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace

std::string_view to_string(BackendKind kind) noexcept {
  switch (kind) {
    case BackendKind::sqlite:
      return "sqlite";
    case BackendKind::postgresql:
      return "postgresql";
    case BackendKind::mysql:
      return "mysql";
  }
  return "sqlite";
}

std::optional<BackendKind> parse_backend(std::string_view name) noexcept {
  if (name == "sqlite" || name == "sqlite3") return BackendKind::sqlite;
  if (name == "postgresql" || name == "postgres") return BackendKind::postgresql;
  if (name == "mysql" || name == "mariadb") return BackendKind::mysql;
  return std::nullopt;
}

std::string_view to_string(Pooler pooler) noexcept {
  return pooler == Pooler::pgbouncer ? "pgbouncer" : "none";
}

std::string_view to_string(FieldType type) noexcept {
  for (const auto& entry : kFieldTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "string";
}

std::optional<FieldType> parse_field_type(std::string_view name) noexcept {
  for (const auto& entry : kFieldTypeNames) {
    if (entry.name == name) return entry.type;
  }
  return std::nullopt;
}

bool storable_date(Date d) noexcept {
  return d.ok() && d.year() >= std::chrono::year{1} && d.year() <= std::chrono::year{9999};
}

bool storable_timestamp(Timestamp t) noexcept {
  using namespace std::chrono;
  constexpr sys_days first = year{1} / January / 1;
  constexpr sys_days after_last = year{10000} / January / 1;
  return t >= first && t < after_last;
}

namespace {

// Writes `value` as `width` digits, zero-padded, at `out`.
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// A date whose fields fit "YYYY-MM-DD" exactly (the others take the printf path).
bool fixed_width(Date d) {
  const int year = static_cast<int>(d.year());
  return year >= 0 && year <= 9999 && static_cast<unsigned>(d.month()) <= 99 &&
         static_cast<unsigned>(d.day()) <= 99;
}

// "YYYY-MM-DD" of a fixed_width date at `out` (10 characters).
void put_date(char* out, Date d) {
  put_digits(out, static_cast<unsigned>(static_cast<int>(d.year())), 4);
  out[4] = '-';
  put_digits(out + 5, static_cast<unsigned>(d.month()), 2);
  out[7] = '-';
  put_digits(out + 8, static_cast<unsigned>(d.day()), 2);
}

}  // namespace

// Digits are written by hand: both run for every date and timestamp a query binds or the API
// writes, where snprintf was most of the cost.
std::string format_date(Date d) {
  if (fixed_width(d)) {
    char buf[10];
    put_date(buf, d);
    return {buf, sizeof buf};
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::string format_timestamp(Timestamp t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day date{day};
  const hh_mm_ss<microseconds> tod{t - day};
  if (fixed_width(date)) {
    char buf[26];  // "YYYY-MM-DD HH:MM:SS.ffffff"
    put_date(buf, date);
    buf[10] = ' ';
    put_digits(buf + 11, static_cast<unsigned>(tod.hours().count()), 2);
    buf[13] = ':';
    put_digits(buf + 14, static_cast<unsigned>(tod.minutes().count()), 2);
    buf[16] = ':';
    put_digits(buf + 17, static_cast<unsigned>(tod.seconds().count()), 2);
    buf[19] = '.';
    put_digits(buf + 20, static_cast<unsigned>(tod.subseconds().count()), 6);
    return {buf, sizeof buf};
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d.%06lld", format_date(date).c_str(),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()),
                static_cast<long long>(tod.subseconds().count()));
  return buf;
}

Date parse_date(std::string_view text) {
  std::size_t pos = 0;
  const auto date = read_date(text, pos);
  if (!date || pos != text.size()) malformed("date", text);
  return *date;
}

Timestamp parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto date = read_date(text, pos);
  if (!date || pos >= text.size() || (text[pos] != ' ' && text[pos] != 'T')) {
    malformed("timestamp", text);
  }
  ++pos;
  int h = 0, m = 0, s = 0;
  if (!read_digits(text, pos, 2, h) || !expect(text, pos, ':') || !read_digits(text, pos, 2, m) ||
      !expect(text, pos, ':') || !read_digits(text, pos, 2, s) || h > 23 || m > 59 || s > 59) {
    malformed("timestamp", text);
  }
  long long micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits == 6) malformed("timestamp (more than microsecond precision)", text);
      micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) malformed("timestamp", text);
    for (; digits < 6; ++digits) micros *= 10;
  }
  int offset_minutes = 0;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_digits(text, pos, 2, oh)) malformed("timestamp", text);
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (pos < text.size() && !read_digits(text, pos, 2, om)) malformed("timestamp", text);
    offset_minutes = sign * (oh * 60 + om);
  }
  if (pos != text.size()) malformed("timestamp", text);
  return sys_days{*date} + hours{h} + minutes{m} + seconds{s} + microseconds{micros} -
         minutes{offset_minutes};
}

std::string to_display_string(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return buf;
    }
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(const Bytes& b) const {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string out = "x'";
      for (const auto byte : b) {
        out += kHex[byte >> 4];
        out += kHex[byte & 0x0f];
      }
      return out + "'";
    }
    std::string operator()(Date d) const { return format_date(d); }
    std::string operator()(Timestamp t) const {
      std::string out = format_timestamp(t);
      out[10] = 'T';
      return out + "Z";
    }
  };
  return std::visit(Visitor{}, v);
}

}  // namespace v5store
