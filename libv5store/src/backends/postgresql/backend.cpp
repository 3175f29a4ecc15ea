// PostgreSQL sessions: libpq's connect_timeout from the caller's timeout, then the session's
// time zone is set to UTC, the client encoding to UTF-8 and standard_conforming_strings on.
// Behind PgBouncer these three stay set although they are session state: they are among the
// parameters it tracks per client (the server reports each change) and sets again on every
// server connection it assigns that client.
#include "backends/postgresql/postgresql_backend.hpp"

#include <soci/postgresql/soci-postgresql.h>

#include "v5store/dsn.hpp"

namespace v5store::detail {

namespace {

// Whole seconds for libpq's connect_timeout, rounded up, at least 1.
long long timeout_seconds(std::chrono::milliseconds timeout) {
  const long long seconds = (timeout.count() + 999) / 1000;
  return seconds < 1 ? 1 : seconds;
}

// The DSN with connect_timeout added unless it already has one; handles the key=value and
// the postgresql:// URL forms.
std::string with_connect_timeout(const std::string& dsn, std::chrono::milliseconds timeout) {
  if (dsn.find("connect_timeout") != std::string::npos) return dsn;
  const std::string value = std::to_string(timeout_seconds(timeout));
  if (dsn.rfind("postgresql://", 0) == 0 || dsn.rfind("postgres://", 0) == 0) {
    return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + value;
  }
  return dsn + " connect_timeout=" + value;
}

// UTC, UTF-8, and standard string literals in one round trip. standard_conforming_strings
// is on by default, but a server or role may turn it off; dialect.cpp writes literals in the
// standard form (a backslash is itself), which then needs it on (issue 15).
constexpr const char* kSessionSettings =
    "SELECT set_config('TimeZone', 'UTC', false), set_config('client_encoding', 'UTF8', false), "
    "set_config('standard_conforming_strings', 'on', false)";

const char* isolation_sql(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::read_uncommitted:
      return " ISOLATION LEVEL READ UNCOMMITTED";
    case IsolationLevel::read_committed:
      return " ISOLATION LEVEL READ COMMITTED";
    case IsolationLevel::repeatable_read:
      return " ISOLATION LEVEL REPEATABLE READ";
    case IsolationLevel::serializable:
      return " ISOLATION LEVEL SERIALIZABLE";
    case IsolationLevel::default_level:
      return "";
  }
  return "";
}

}  // namespace

BackendKind PostgresqlBackend::kind() const noexcept { return BackendKind::postgresql; }

std::unique_ptr<soci::session> PostgresqlBackend::open(
    const std::string& dsn, std::chrono::milliseconds connect_timeout) const {
  try {
    auto session = std::make_unique<soci::session>(soci::postgresql,
                                                   with_connect_timeout(dsn, connect_timeout));
    *session << kSessionSettings;
    return session;
  } catch (...) {
    rethrow_connection_error(*this, dsn);
  }
}

std::string PostgresqlBackend::server_version(soci::session& session) const {
  std::string version;
  session << "SHOW server_version", soci::into(version);
  return version.substr(0, version.find(' '));
}

void PostgresqlBackend::ping(soci::session& session) const {
  int one = 0;
  session << "SELECT 1", soci::into(one);
}

std::vector<std::string> PostgresqlBackend::begin_transaction(
    const TransactionOptions& options) const {
  return {std::string("BEGIN") + isolation_sql(options.isolation) +
          (options.read_only ? " READ ONLY" : "")};
}

bool PostgresqlBackend::supports_returning() const noexcept { return true; }

std::string_view PostgresqlBackend::now_sql() const noexcept { return "CURRENT_TIMESTAMP"; }

std::int64_t PostgresqlBackend::last_insert_id(soci::session& session) const {
  long long id = 0;
  session << "SELECT lastval()", soci::into(id);
  return id;
}

void PostgresqlBackend::prepare_statement(soci::statement& statement,
                                          const std::string& sql) const {
  // Behind PgBouncer's transaction pooling a named statement would be prepared on one server
  // connection and executed (and DEALLOCATEd) on another, or meet another client's st_N
  // there. SOCI's one-time statement keeps its parameters and result elements on the client
  // and sends the SQL with every execution as the unnamed statement of PQexecParams (PQexec
  // without parameters), which lives only until the next one.
  if (pooler_ == Pooler::pgbouncer) {
    statement.prepare(sql, soci::details::st_one_time_query);
  } else {
    statement.prepare(sql);
  }
}

const Backend& postgresql_backend(Pooler pooler) {
  static const PostgresqlBackend direct(Pooler::none);
  static const PostgresqlBackend pooled(Pooler::pgbouncer);
  return pooler == Pooler::pgbouncer ? pooled : direct;
}

}  // namespace v5store::detail
