// MySQL / MariaDB sessions: connect timeout and utf8mb4 through SOCI's connection options,
// then strict SQL mode and a UTC session time zone; with a multi-host DSN, to the next node of
// a Galera cluster that serves.
#include "backends/mysql/mysql_backend.hpp"

#include <atomic>
#include <exception>

#include <soci/mysql/soci-mysql.h>

#include "backends/mysql/galera.hpp"
#include "v5store/dsn.hpp"

namespace v5store::detail {

namespace {

// Without NO_BACKSLASH_ESCAPES (whatever the server's global mode): a backslash in a string
// literal is an escape, which is how dialect.cpp writes literals and how MariaDB prints them
// in SHOW CREATE TABLE (issue 15: docs/backends.md).
constexpr const char* kSqlMode =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

const char* isolation_sql(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::read_uncommitted:
      return "READ UNCOMMITTED";
    case IsolationLevel::read_committed:
      return "READ COMMITTED";
    case IsolationLevel::repeatable_read:
      return "REPEATABLE READ";
    case IsolationLevel::serializable:
      return "SERIALIZABLE";
    case IsolationLevel::default_level:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

std::string mysql_session_dsn(const std::string& dsn, std::chrono::milliseconds timeout) {
  const auto params = parse_dsn(dsn);
  std::string out = dsn;
  if (params.find("connect_timeout") == params.end()) {
    const long long seconds = (timeout.count() + 999) / 1000;
    out += " connect_timeout=" + std::to_string(seconds < 1 ? 1 : seconds);
  }
  if (params.find("charset") == params.end()) out += " charset=utf8mb4";
  return out;
}

BackendKind MysqlBackend::kind() const noexcept { return BackendKind::mysql; }

std::unique_ptr<soci::session> MysqlBackend::open(const std::string& dsn,
                                                  std::chrono::milliseconds connect_timeout) const {
  // A multi-host DSN (a Galera cluster): each new connection starts at the next node and
  // takes the first one that is reachable and serving.
  static std::atomic<std::size_t> next_node{0};
  std::vector<std::string> nodes;
  try {
    nodes = mysql_node_dsns(dsn);
  } catch (...) {
    rethrow_connection_error(*this, dsn);
  }
  const std::size_t first = nodes.size() > 1 ? next_node.fetch_add(1) : 0;
  std::exception_ptr failure;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    try {
      auto session = std::make_unique<soci::session>(
          soci::mysql, mysql_session_dsn(nodes[(first + i) % nodes.size()], connect_timeout));
      require_serving_node(*session);
      *session << kSqlMode;
      *session << "SET time_zone = '+00:00'";
      return session;
    } catch (...) {
      failure = std::current_exception();
    }
  }
  try {
    std::rethrow_exception(failure);
  } catch (...) {
    rethrow_connection_error(*this, dsn);
  }
}

std::string MysqlBackend::server_version(soci::session& session) const {
  std::string version;
  session << "SELECT VERSION()", soci::into(version);
  return version;
}

// A round trip that also fails on a Galera node that left the cluster or is not Synced.
void MysqlBackend::ping(soci::session& session) const { require_serving_node(session); }

std::vector<std::string> MysqlBackend::begin_transaction(const TransactionOptions& options) const {
  std::vector<std::string> statements;
  // Without SESSION, SET TRANSACTION applies to the next transaction only.
  if (const char* level = isolation_sql(options.isolation)) {
    statements.push_back(std::string("SET TRANSACTION ISOLATION LEVEL ") + level);
  }
  statements.push_back(options.read_only ? "START TRANSACTION READ ONLY" : "START TRANSACTION");
  return statements;
}

bool MysqlBackend::supports_returning() const noexcept { return false; }

std::string_view MysqlBackend::now_sql() const noexcept { return "CURRENT_TIMESTAMP(6)"; }

std::int64_t MysqlBackend::last_insert_id(soci::session& session) const {
  long long id = 0;
  session << "SELECT LAST_INSERT_ID()", soci::into(id);
  return id;
}

const Backend& mysql_backend() {
  static const MysqlBackend backend;
  return backend;
}

}  // namespace v5store::detail
