// DSN helpers: ${VAR} expansion, key=value parsing and password redaction.
#include "v5store/dsn.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <vector>

#include "v5store/error.hpp"
#include "v5store/internal/dsn_grammar.hpp"

namespace v5store {

using detail::DsnPair;
using detail::DsnScan;
using detail::DsnSpan;

namespace {

constexpr std::string_view kMask = "***";

// Keys whose value is a secret, compared case-insensitively.
constexpr std::array<std::string_view, 5> kSecretKeys = {"password", "pass", "passwd", "pwd",
                                                         "sslpassword"};

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Characters that end a token in a connection string: whitespace, and the separators of
// ODBC-style (';') and URL-query (&, ?) forms.
bool is_separator(char c) { return is_space(c) || c == ';' || c == '&' || c == '?'; }

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Reads a value starting at `pos`: single- or double-quoted with backslash escapes (libpq
// rules), or bare up to the next separator.
std::size_t read_value(std::string_view text, std::size_t pos, DsnPair& pair) {
  pair.raw_begin = pos;
  if (pos < text.size() && (text[pos] == '\'' || text[pos] == '"')) {
    const char quote = text[pos++];
    pair.terminated = false;
    while (pos < text.size()) {
      const char c = text[pos];
      if (c == '\\' && pos + 1 < text.size()) {
        pair.value += text[pos + 1];
        pos += 2;
      } else if (c == quote) {
        ++pos;
        pair.terminated = true;
        break;
      } else {
        pair.value += c;
        ++pos;
      }
    }
  } else {
    while (pos < text.size() && !is_space(text[pos]) && text[pos] != ';' && text[pos] != '&') {
      if (text[pos] == '\\' && pos + 1 < text.size()) {
        pair.value += text[pos + 1];
        pos += 2;
      } else {
        pair.value += text[pos++];
      }
    }
  }
  pair.raw_end = pos;
  return pos;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes of a URL component; other characters are kept.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// Expands the ${VAR} and ${VAR:-default} references of `text` (rules of expand_env()); each
// value is written as `encode(value, reference_begin, reference_end)` returns it.
template <class Encode>
std::string expand_references(std::string_view text, Encode&& encode) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c != '$' || pos + 1 >= text.size() || (text[pos + 1] != '$' && text[pos + 1] != '{')) {
      out += c;
      ++pos;
      continue;
    }
    if (text[pos + 1] == '$') {
      out += '$';
      pos += 2;
      continue;
    }
    const std::size_t name_begin = pos + 2;
    std::size_t name_end = name_begin;
    while (name_end < text.size() && is_identifier_char(text[name_end])) ++name_end;
    const std::string name(text.substr(name_begin, name_end - name_begin));
    const std::size_t close = text.find('}', name_end);
    if (close == std::string_view::npos) {
      throw Error(ErrorCode::config,
                  "unterminated environment reference '${" + name + "' (missing '}')");
    }
    if (name.empty()) {
      throw Error(ErrorCode::config,
                  "environment reference at offset " + std::to_string(pos) +
                      " has no variable name (expected ${VAR} or ${VAR:-default})");
    }
    std::optional<std::string_view> fallback;
    if (name_end != close) {
      if (text.substr(name_end, 2) != ":-") {
        throw Error(ErrorCode::config, "malformed environment reference to '" + name +
                                           "' (expected ${VAR} or ${VAR:-default})");
      }
      fallback = text.substr(name_end + 2, close - name_end - 2);
    }
    const char* value = std::getenv(name.c_str());
    if (value != nullptr && (*value != '\0' || !fallback)) {
      out += encode(std::string_view(value), pos, close + 1);
    } else if (fallback) {
      out += encode(*fallback, pos, close + 1);
    } else {
      throw Error(ErrorCode::config,
                  "environment variable '" + name + "' is not set and has no default");
    }
    pos = close + 1;
  }
  return out;
}

// Where a ${VAR} reference stands in a connection string; it decides how the value is written
// so that the driver reads it back unchanged. Outside any key=value value (a plain SQLite path,
// a key, or the whole DSN from one variable) the value is written as it is.
enum class DsnPlace { outside_value, quoted, whole_value, part_of_value };

bool is_url(std::string_view dsn) { return dsn.find("://") != std::string_view::npos; }

// The place of the reference text[begin, end) in a connection string.
DsnPlace dsn_place(std::string_view text, std::size_t begin, std::size_t end) {
  char quote = 0;
  std::size_t value_begin = std::string_view::npos;
  for (std::size_t i = 0; i < begin; ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if ((c == '\'' || c == '"') && i == value_begin) {
      quote = c;
    } else if (c == '=') {
      value_begin = i + 1;
      while (value_begin < begin && is_space(text[value_begin])) ++value_begin;
      i = value_begin - 1;
    } else if (is_separator(c)) {
      value_begin = std::string_view::npos;
    }
  }
  if (quote != 0) return DsnPlace::quoted;
  if (value_begin == std::string_view::npos) return DsnPlace::outside_value;
  const bool ends_value = end == text.size() || is_separator(text[end]);
  return value_begin == begin && ends_value ? DsnPlace::whole_value : DsnPlace::part_of_value;
}

bool needs_quoting(char c) { return is_separator(c) || c == '\'' || c == '"' || c == '\\'; }

std::string backslash_escaped(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (needs_quoting(c)) out += '\\';
    out += c;
  }
  return out;
}

std::string percent_encoded(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

// A value written where a reference stood in a connection string.
std::string dsn_value(std::string_view dsn, std::string_view value, std::size_t begin,
                      std::size_t end) {
  if (is_url(dsn)) return percent_encoded(value);
  const DsnPlace place = dsn_place(dsn, begin, end);
  if (place == DsnPlace::outside_value) return std::string(value);
  if (place != DsnPlace::whole_value) return backslash_escaped(value);
  const bool bare = !value.empty() && std::none_of(value.begin(), value.end(), needs_quoting);
  return bare ? std::string(value) : "'" + backslash_escaped(value) + "'";
}

}  // namespace

namespace detail {

DsnScan scan_dsn(std::string_view text) {
  DsnScan scan;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_separator(text[pos])) ++pos;
    if (pos >= text.size()) break;
    const std::size_t key_begin = pos;
    while (pos < text.size() && !is_separator(text[pos]) && text[pos] != '=') ++pos;
    const std::string_view key = text.substr(key_begin, pos - key_begin);
    std::size_t look = pos;
    while (look < text.size() && is_space(text[look])) ++look;
    if (look < text.size() && text[look] == '=' && !key.empty()) {
      ++look;
      while (look < text.size() && is_space(text[look])) ++look;
      DsnPair pair;
      pair.key = std::string(key);
      pos = read_value(text, look, pair);
      scan.pairs.push_back(std::move(pair));
    } else {
      if (!scan.bare_token) scan.bare_token = key_begin;
      while (pos < text.size() && !is_separator(text[pos])) ++pos;
    }
  }
  return scan;
}

std::vector<std::string> dsn_list_items(std::string_view value) {
  std::vector<std::string> items;
  std::size_t from = 0;
  for (std::size_t comma = value.find(','); comma != std::string_view::npos;
       comma = value.find(',', from)) {
    items.emplace_back(value.substr(from, comma - from));
    from = comma + 1;
  }
  items.emplace_back(value.substr(from));
  return items;
}

std::size_t dsn_node_count(const DsnScan& scan) {
  std::size_t hosts = 1;
  std::size_t ports = 1;
  for (const DsnPair& pair : scan.pairs) {
    if (pair.key == "host") hosts = dsn_list_items(pair.value).size();
    if (pair.key == "port") ports = dsn_list_items(pair.value).size();
  }
  if (hosts != ports && hosts != 1 && ports != 1) return 0;
  return std::max(hosts, ports);
}

bool is_secret_dsn_key(std::string_view key) noexcept {
  return std::any_of(kSecretKeys.begin(), kSecretKeys.end(),
                     [key](std::string_view k) { return iequals(k, key); });
}

std::vector<DsnSpan> url_password_spans(std::string_view text) {
  std::vector<DsnSpan> spans;
  std::size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string_view::npos) {
    const std::size_t authority = pos + 3;
    std::size_t authority_end = authority;
    while (authority_end < text.size() && !is_space(text[authority_end]) &&
           text[authority_end] != '/' && text[authority_end] != '?' && text[authority_end] != '#') {
      ++authority_end;
    }
    const std::string_view auth = text.substr(authority, authority_end - authority);
    const std::size_t at = auth.rfind('@');
    if (at != std::string_view::npos) {
      const std::size_t colon = auth.substr(0, at).find(':');
      if (colon != std::string_view::npos && colon + 1 < at) {
        spans.push_back({authority + colon + 1, authority + at});
      }
    }
    pos = authority_end;
  }
  return spans;
}

}  // namespace detail

std::string expand_env(std::string_view text) {
  return expand_references(text, [](std::string_view value, std::size_t, std::size_t) {
    return std::string(value);
  });
}

std::string expand_dsn_env(std::string_view dsn) {
  return expand_references(dsn, [dsn](std::string_view value, std::size_t begin, std::size_t end) {
    return dsn_value(dsn, value, begin, end);
  });
}

std::string redact_dsn(std::string_view dsn) {
  // Masks the password fields and every other place their text appears in the DSN.
  return redact_secrets(dsn, dsn);
}

std::string redact_secrets(std::string_view text, std::string_view dsn) {
  std::vector<std::string> secrets;
  for (const DsnSpan& span : detail::url_password_spans(dsn)) {
    const std::string_view raw = dsn.substr(span.begin, span.end - span.begin);
    secrets.emplace_back(raw);
    secrets.push_back(percent_decode(raw));
  }
  for (const DsnPair& pair : detail::scan_dsn(dsn).pairs) {
    if (detail::is_secret_dsn_key(pair.key)) {
      secrets.push_back(pair.value);
      secrets.emplace_back(dsn.substr(pair.raw_begin, pair.raw_end - pair.raw_begin));
    }
  }
  // Every occurrence of every secret is marked in the original text first, then each run of
  // marked characters becomes one mask: the mask itself is never searched again, so a secret
  // made of mask characters cannot make the output grow.
  std::vector<bool> masked(text.size(), false);
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t pos = text.find(secret); pos != std::string_view::npos;
         pos = text.find(secret, pos + 1)) {
      std::fill_n(masked.begin() + static_cast<std::ptrdiff_t>(pos), secret.size(), true);
    }
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (!masked[i]) {
      out += text[i++];
      continue;
    }
    out += kMask;
    while (i < text.size() && masked[i]) ++i;
  }
  return out;
}

std::map<std::string, std::string> parse_dsn(std::string_view dsn) {
  std::size_t first = 0;
  while (first < dsn.size() && is_space(dsn[first])) ++first;
  std::size_t key_end = first;
  while (key_end < dsn.size() && is_identifier_char(dsn[key_end])) ++key_end;
  std::size_t eq = key_end;
  while (eq < dsn.size() && is_space(dsn[eq])) ++eq;
  const bool key_value_form = key_end > first && eq < dsn.size() && dsn[eq] == '=';
  if (!key_value_form) {
    std::size_t last = dsn.size();
    while (last > first && is_space(dsn[last - 1])) --last;
    return {{"db", std::string(dsn.substr(first, last - first))}};
  }
  const DsnScan scan = detail::scan_dsn(dsn);
  if (scan.bare_token) {
    throw Error(ErrorCode::config, "malformed connection string: expected key=value at offset " +
                                       std::to_string(*scan.bare_token));
  }
  std::map<std::string, std::string> result;
  for (const DsnPair& pair : scan.pairs) {
    if (!pair.terminated) {
      throw Error(
          ErrorCode::config,
          "malformed connection string: unterminated quote in the value of '" + pair.key + "'");
    }
    result[pair.key] = pair.value;
  }
  return result;
}

}  // namespace v5store
