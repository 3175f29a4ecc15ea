// MySQL / MariaDB sessions: connect timeout and utf8mb4 through SOCI's connection options,
// then strict SQL mode and a UTC session time zone.
#include "backends/mysql/mysql_backend.hpp"

#include <soci/mysql/soci-mysql.h>

#include "v5store/dsn.hpp"

namespace v5store::detail {

namespace {

// Without NO_BACKSLASH_ESCAPES (whatever the server's global mode): a backslash in a string
// literal is an escape, which is how dialect.cpp writes literals and how MariaDB prints them
// in SHOW CREATE TABLE (issue 15: docs/backends.md).
constexpr const char* kSqlMode =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

// The DSN with connect_timeout (whole seconds, at least 1) and charset=utf8mb4 added unless
// the DSN sets them.
std::string with_session_options(const std::string& dsn, std::chrono::milliseconds timeout) {
  const auto params = parse_dsn(dsn);
  std::string out = dsn;
  if (params.find("connect_timeout") == params.end()) {
    const long long seconds = (timeout.count() + 999) / 1000;
    out += " connect_timeout=" + std::to_string(seconds < 1 ? 1 : seconds);
  }
  if (params.find("charset") == params.end()) out += " charset=utf8mb4";
  return out;
}

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

BackendKind MysqlBackend::kind() const noexcept { return BackendKind::mysql; }

std::unique_ptr<soci::session> MysqlBackend::open(const std::string& dsn,
                                                  std::chrono::milliseconds connect_timeout) const {
  try {
    auto session =
        std::make_unique<soci::session>(soci::mysql, with_session_options(dsn, connect_timeout));
    *session << kSqlMode;
    *session << "SET time_zone = '+00:00'";
    return session;
  } catch (...) {
    rethrow_connection_error(*this, dsn);
  }
}

std::string MysqlBackend::server_version(soci::session& session) const {
  std::string version;
  session << "SELECT VERSION()", soci::into(version);
  return version;
}

void MysqlBackend::ping(soci::session& session) const {
  int one = 0;
  session << "SELECT 1", soci::into(one);
}

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
