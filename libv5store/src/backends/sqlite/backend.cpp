// SQLite sessions: the file is created private (0600), then foreign keys, extended result
// codes, a busy timeout and WAL (for files) are switched on.
#include "backends/sqlite/sqlite_backend.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <soci/sqlite3/soci-sqlite3.h>

#include "v5store/dsn.hpp"

namespace v5store::detail {

namespace {

constexpr int kDefaultBusyTimeoutMs = 5000;

// True when `path` names a file on disk (not ":memory:", a temporary or a memory URI).
bool is_file_database(const std::string& path) {
  return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}

// Creates the database file readable and writable by its owner only, unless it exists.
// Failures are left to SQLite's own open, which reports them.
void create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

// v5_unhex(text) -> blob: the inverse of hex(), used by bind_expression(bytes) because the
// SQLite 3.40 shipped with Debian 12 has no unhex().
void unhex_function(sqlite_api::sqlite3_context* context, int, sqlite_api::sqlite3_value** argv) {
  using namespace sqlite_api;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const int size = sqlite3_value_bytes(argv[0]);
  try {
    const Bytes bytes = hex_decode(std::string_view(text, static_cast<std::size_t>(size)));
    if (bytes.empty()) {
      sqlite3_result_zeroblob(context, 0);
    } else {
      sqlite3_result_blob(context, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    }
  } catch (const Error& e) {
    sqlite3_result_error(context, e.what(), -1);
  }
}

void configure(soci::session& session, bool file_database, int busy_timeout_ms) {
  using namespace sqlite_api;
  sqlite3* db = native_handle(session);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  const int rc = sqlite3_create_function_v2(db, "v5_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            nullptr, unhex_function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw soci::sqlite3_soci_error("cannot register v5_unhex()", rc);
  session << "PRAGMA foreign_keys = ON";
  if (file_database) {
    std::string mode;
    session << "PRAGMA journal_mode = WAL", soci::into(mode);
  }
}

}  // namespace

sqlite_api::sqlite3* native_handle(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

BackendKind SqliteBackend::kind() const noexcept { return BackendKind::sqlite; }

std::unique_ptr<soci::session> SqliteBackend::open(const std::string& dsn,
                                                   std::chrono::milliseconds) const {
  try {
    const auto params = parse_dsn(dsn);
    std::string path;
    if (auto it = params.find("db"); it != params.end()) path = it->second;
    if (auto it = params.find("dbname"); it != params.end()) path = it->second;
    int busy_timeout_ms = kDefaultBusyTimeoutMs;
    if (auto it = params.find("timeout"); it != params.end()) {
      busy_timeout_ms = std::stoi(it->second) * 1000;
    }
    const bool file_database = is_file_database(path);
    if (file_database) create_private_file(path);
    auto session = std::make_unique<soci::session>(soci::sqlite3, dsn);
    configure(*session, file_database, busy_timeout_ms);
    return session;
  } catch (...) {
    rethrow_connection_error(*this, dsn);
  }
}

std::string SqliteBackend::server_version(soci::session&) const {
  return sqlite_api::sqlite3_libversion();
}

void SqliteBackend::ping(soci::session& session) const {
  int one = 0;
  session << "SELECT 1", soci::into(one);
}

std::vector<std::string> SqliteBackend::begin_transaction(const TransactionOptions& options) const {
  // SQLite is serializable whatever the level; a writer takes the write lock up front so a
  // later upgrade cannot fail with SQLITE_BUSY halfway through the unit of work.
  return {options.read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE"};
}

bool SqliteBackend::supports_returning() const noexcept { return false; }

std::int64_t SqliteBackend::last_insert_id(soci::session& session) const {
  return sqlite_api::sqlite3_last_insert_rowid(native_handle(session));
}

const Backend& sqlite_backend() {
  static const SqliteBackend backend;
  return backend;
}

}  // namespace v5store::detail
