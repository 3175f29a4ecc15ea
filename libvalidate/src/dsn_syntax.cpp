#include "dsn_syntax.hpp"

#include <algorithm>
#include <array>

namespace v5validate::detail {

namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

constexpr std::array kSqliteKeys = {"db",           "dbname",   "timeout",  "synchronous",
                                    "shared_cache", "readonly", "nocreate", "vfs"};
constexpr std::array kPostgresKeys = {"host",
                                      "hostaddr",
                                      "port",
                                      "dbname",
                                      "user",
                                      "password",
                                      "passfile",
                                      "connect_timeout",
                                      "client_encoding",
                                      "options",
                                      "application_name",
                                      "fallback_application_name",
                                      "keepalives",
                                      "keepalives_idle",
                                      "keepalives_interval",
                                      "keepalives_count",
                                      "tcp_user_timeout",
                                      "replication",
                                      "gssencmode",
                                      "sslmode",
                                      "requiressl",
                                      "sslcompression",
                                      "sslcert",
                                      "sslkey",
                                      "sslpassword",
                                      "sslrootcert",
                                      "sslcrl",
                                      "sslcrldir",
                                      "sslsni",
                                      "requirepeer",
                                      "ssl_min_protocol_version",
                                      "ssl_max_protocol_version",
                                      "krbsrvname",
                                      "gsslib",
                                      "service",
                                      "target_session_attrs",
                                      "channel_binding",
                                      "singlerows"};
constexpr std::array kMysqlKeys = {"host",         "port",         "dbname",    "db",
                                   "service",      "user",         "password",  "pass",
                                   "unix_socket",  "sslca",        "sslcert",   "sslkey",
                                   "local_infile", "charset",      "reconnect", "connect_timeout",
                                   "read_timeout", "write_timeout"};

template <std::size_t N>
bool contains(const std::array<const char*, N>& keys, std::string_view key) {
  return std::any_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; });
}

bool is_url(std::string_view dsn) { return dsn.find("://") != std::string_view::npos; }

}  // namespace

bool split_key_values(std::string_view dsn, std::vector<DsnPair>& pairs, std::string& problem) {
  std::size_t i = 0;
  while (true) {
    while (i < dsn.size() && is_space(dsn[i])) ++i;
    if (i >= dsn.size()) return true;
    DsnPair pair;
    const std::size_t key_start = i;
    while (i < dsn.size() && is_name_char(dsn[i])) ++i;
    pair.key = std::string(dsn.substr(key_start, i - key_start));
    while (i < dsn.size() && is_space(dsn[i])) ++i;
    if (pair.key.empty() || i >= dsn.size() || dsn[i] != '=') {
      problem = pair.key.empty() ? "expected a key (letters, digits, underscores) at offset " +
                                       std::to_string(key_start)
                                 : "key `" + pair.key + "` is not followed by '='";
      return false;
    }
    ++i;
    while (i < dsn.size() && is_space(dsn[i])) ++i;
    if (i < dsn.size() && dsn[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < dsn.size()) {
        if (dsn[i] == '\\' && i + 1 < dsn.size()) {
          pair.value += dsn[i + 1];
          i += 2;
          continue;
        }
        if (dsn[i] == '\'') {
          closed = true;
          ++i;
          break;
        }
        pair.value += dsn[i++];
      }
      if (!closed) {
        problem = "the quoted value of key `" + pair.key + "` is not closed";
        return false;
      }
    } else {
      while (i < dsn.size() && !is_space(dsn[i])) pair.value += dsn[i++];
    }
    pairs.push_back(std::move(pair));
  }
}

std::vector<DsnProblem> check_dsn(v5store::BackendKind backend, std::string_view dsn) {
  std::vector<DsnProblem> problems;
  const auto trimmed_empty =
      std::all_of(dsn.begin(), dsn.end(), [](char c) { return is_space(c); });
  if (trimmed_empty) {
    problems.push_back({true, "the DSN is empty", "give a connection string or a file path"});
    return problems;
  }
  if (backend == v5store::BackendKind::sqlite && dsn.find('=') == std::string_view::npos) {
    return problems;  // a plain file path (or :memory:)
  }
  if (backend == v5store::BackendKind::postgresql && is_url(dsn)) {
    if (dsn.rfind("postgresql://", 0) != 0 && dsn.rfind("postgres://", 0) != 0) {
      problems.push_back({true, "a URL DSN for postgresql must start with postgresql://",
                          "write postgresql://user@host:port/dbname or key=value pairs"});
    }
    return problems;
  }
  std::vector<DsnPair> pairs;
  std::string problem;
  if (!split_key_values(dsn, pairs, problem)) {
    problems.push_back({true, "the DSN is not key=value syntax: " + problem,
                        "write key=value pairs separated by spaces; quote values with spaces "
                        "in single quotes"});
    return problems;
  }
  std::vector<std::string> seen;
  for (const DsnPair& pair : pairs) {
    if (std::find(seen.begin(), seen.end(), pair.key) != seen.end()) {
      problems.push_back({true, "the DSN sets key `" + pair.key + "` twice", "keep one of them"});
    }
    seen.push_back(pair.key);
    bool known = false;
    switch (backend) {
      case v5store::BackendKind::sqlite:
        known = contains(kSqliteKeys, pair.key);
        break;
      case v5store::BackendKind::postgresql:
        known = contains(kPostgresKeys, pair.key);
        break;
      case v5store::BackendKind::mysql:
        known = contains(kMysqlKeys, pair.key);
        break;
    }
    if (!known) {
      problems.push_back({false,
                          "the DSN key `" + pair.key + "` is not a connection parameter of " +
                              std::string(v5store::to_string(backend)),
                          "check the spelling"});
    }
    if (pair.key == "port") {
      const bool numeric = !pair.value.empty() && pair.value.size() <= 5 &&
                           std::all_of(pair.value.begin(), pair.value.end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
      if (!numeric || std::stoi(pair.value) < 1 || std::stoi(pair.value) > 65535) {
        problems.push_back({true, "the DSN port is not a number in 1..65535", ""});
      }
    }
  }
  if (backend == v5store::BackendKind::sqlite &&
      std::none_of(pairs.begin(), pairs.end(),
                   [](const DsnPair& p) { return p.key == "db" || p.key == "dbname"; })) {
    problems.push_back({true, "a key=value SQLite DSN needs db=<file>", "add db=<path>"});
  }
  return problems;
}

bool has_literal_password(std::string_view dsn_template) {
  if (is_url(dsn_template)) {
    const std::size_t scheme_end = dsn_template.find("://") + 3;
    const std::size_t at = dsn_template.find('@', scheme_end);
    if (at == std::string_view::npos) return false;
    const std::string_view userinfo = dsn_template.substr(scheme_end, at - scheme_end);
    const std::size_t colon = userinfo.find(':');
    return colon != std::string_view::npos && colon + 1 < userinfo.size() &&
           userinfo.substr(colon + 1).find("${") == std::string_view::npos;
  }
  std::vector<DsnPair> pairs;
  std::string problem;
  if (!split_key_values(dsn_template, pairs, problem)) return false;
  return std::any_of(pairs.begin(), pairs.end(), [](const DsnPair& p) {
    return (p.key == "password" || p.key == "pass" || p.key == "pwd" || p.key == "sslpassword") &&
           !p.value.empty() && p.value.find("${") == std::string::npos;
  });
}

}  // namespace v5validate::detail
