// DSN checks of level 1 on the pairs that v5store's own connection-string grammar reads.
#include "dsn_syntax.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "v5store/internal/dsn_grammar.hpp"

namespace v5validate::detail {

namespace {

// True for a port number, 1..65535.
bool is_port(const std::string& value) {
  const bool numeric = !value.empty() && value.size() <= 5 &&
                       std::all_of(value.begin(), value.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
  return numeric && std::stoi(value) >= 1 && std::stoi(value) <= 65535;
}

using v5store::detail::DsnPair;
using v5store::detail::DsnScan;
using v5store::detail::DsnSpan;
using v5store::detail::is_secret_dsn_key;
using v5store::detail::scan_dsn;
using v5store::detail::url_password_spans;

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}
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

// Why `dsn` is not key=value syntax (naming keys and offsets, never values), or nullopt.
std::optional<std::string> syntax_problem(std::string_view dsn, const DsnScan& scan) {
  if (scan.bare_token) {
    const std::size_t start = *scan.bare_token;
    std::size_t end = start;
    while (end < dsn.size() && is_name_char(dsn[end])) ++end;
    if (end == start) {
      return "expected a key (letters, digits, underscores) at offset " + std::to_string(start);
    }
    return "key `" + std::string(dsn.substr(start, end - start)) + "` is not followed by '='";
  }
  for (const DsnPair& pair : scan.pairs) {
    if (!pair.terminated) return "the quoted value of key `" + pair.key + "` is not closed";
  }
  return std::nullopt;
}

}  // namespace

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
  const DsnScan scan = scan_dsn(dsn);
  if (const std::optional<std::string> problem = syntax_problem(dsn, scan)) {
    problems.push_back({true, "the DSN is not key=value syntax: " + *problem,
                        "write key=value pairs separated by spaces; quote values with spaces "
                        "in single quotes"});
    return problems;
  }
  std::vector<std::string> seen;
  for (const DsnPair& pair : scan.pairs) {
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
    const std::vector<std::string> items = v5store::detail::dsn_list_items(pair.value);
    if (pair.key == "port" && !std::all_of(items.begin(), items.end(), is_port)) {
      problems.push_back({true, "the DSN port is not a number in 1..65535 (or a list of them)",
                          ""});
    }
  }
  // Several servers (docs/scaling.md): a PostgreSQL failover list for libpq or a Galera
  // cluster, host=a,b,c port=p,q,r; one of the two lists may be single.
  if (backend != v5store::BackendKind::sqlite && v5store::detail::dsn_node_count(scan) == 0) {
    problems.push_back({true, "the DSN lists different numbers of hosts and ports",
                        "give one port per host, or one port for all hosts"});
  }
  if (backend == v5store::BackendKind::sqlite &&
      std::none_of(scan.pairs.begin(), scan.pairs.end(),
                   [](const DsnPair& p) { return p.key == "db" || p.key == "dbname"; })) {
    problems.push_back({true, "a key=value SQLite DSN needs db=<file>", "add db=<path>"});
  }
  return problems;
}

bool has_literal_password(std::string_view dsn_template) {
  const auto literal = [](std::string_view value) {
    return !value.empty() && value.find("${") == std::string_view::npos;
  };
  if (is_url(dsn_template)) {
    const std::vector<DsnSpan> spans = url_password_spans(dsn_template);
    return std::any_of(spans.begin(), spans.end(), [&](const DsnSpan& span) {
      return literal(dsn_template.substr(span.begin, span.end - span.begin));
    });
  }
  const DsnScan scan = scan_dsn(dsn_template);
  if (syntax_problem(dsn_template, scan)) return false;
  return std::any_of(scan.pairs.begin(), scan.pairs.end(), [&](const DsnPair& pair) {
    return is_secret_dsn_key(pair.key) && literal(pair.value);
  });
}

}  // namespace v5validate::detail
