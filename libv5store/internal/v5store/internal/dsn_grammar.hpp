// The connection-string grammar of v5store, for the project's own tools: the one scanner that
// v5store::parse_dsn and redaction use, with the positions and problems a checker reports.
// libvalidate's DSN checks read the same pairs the runtime reads.
//
// Example:
//   const DsnScan scan = scan_dsn("host=db port=5432 password='a b'");
//   // scan.pairs: host=db, port=5432, password="a b"; scan.bare_token: none
//   bool hidden = is_secret_dsn_key(scan.pairs[2].key);  // true
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace v5store::detail {

// One key=value pair of a connection string, with where its raw value sits in the text.
struct DsnPair {
  std::string key;
  std::string value;          // unquoted and unescaped
  std::size_t raw_begin = 0;  // the raw value, quotes included
  std::size_t raw_end = 0;
  bool terminated = true;  // false for a quoted value without its closing quote
};

// A scanned connection string: its pairs, and where the first token that is not key=value
// starts (if any).
struct DsnScan {
  std::vector<DsnPair> pairs;
  std::optional<std::size_t> bare_token;
};

// Scans `dsn` for key=value pairs separated by whitespace, ';', '&' or '?'. A value is single-
// or double-quoted with backslash escapes (libpq rules), or bare up to the next separator.
// Never throws; thread-safe.
DsnScan scan_dsn(std::string_view dsn);

// True for the keys whose value is a secret (password, pass, passwd, pwd, sslpassword; any
// case). Thread-safe.
bool is_secret_dsn_key(std::string_view key) noexcept;

// The comma-separated items of a value: a multi-host DSN lists its hosts and ports so
// ("a,b,c" -> a, b, c; "" -> one empty item). Thread-safe.
std::vector<std::string> dsn_list_items(std::string_view value);

// How many servers a multi-host DSN lists: the length of its `host` and `port` lists (one of
// them may be single); 1 for an ordinary DSN; 0 when both list several, in different numbers.
// Thread-safe.
std::size_t dsn_node_count(const DsnScan& scan);

// A span [begin, end) of a connection string.
struct DsnSpan {
  std::size_t begin;
  std::size_t end;
};

// The password spans of the URL forms in `dsn` (scheme://user:secret@host). Thread-safe.
std::vector<DsnSpan> url_password_spans(std::string_view dsn);

}  // namespace v5store::detail
