// MySQL / MariaDB migration lock: GET_LOCK on a name derived from the current database.
// DDL commits implicitly, so migrations are not atomic: a failed statement is recorded in the
// history and later runs refuse until repair.
#include <string>

#include "backends/mysql/mysql_backend.hpp"

namespace v5store::detail {

namespace {

// Lock names are limited to 64 characters.
constexpr const char* kLockName = "CONCAT('v5_migrate.', LEFT(DATABASE(), 52))";

}  // namespace

Backend::MigrationAtomicity MysqlBackend::migration_atomicity() const noexcept {
  return MigrationAtomicity::none;
}

void MysqlBackend::acquire_migration_lock(soci::session& session,
                                          std::chrono::milliseconds timeout) const {
  int acquired = 0;
  soci::indicator ind = soci::i_ok;
  try {
    // dialect.cpp writes literals with backslash escapes, for the sql_mode open() sets; a
    // session the caller opened with NO_BACKSLASH_ESCAPES would store them with the
    // backslashes doubled.
    int no_backslash_escapes = 0;
    session << "SELECT @@SESSION.sql_mode LIKE '%NO_BACKSLASH_ESCAPES%'",
        soci::into(no_backslash_escapes);
    if (no_backslash_escapes != 0) {
      throw Error(ErrorCode::migration,
                  "the session's sql_mode has NO_BACKSLASH_ESCAPES; v5store writes MariaDB "
                  "string literals with backslash escapes (docs/backends.md): migrate on a "
                  "session without it");
    }
    const double seconds = static_cast<double>(timeout.count()) / 1000.0;
    session << std::string("SELECT GET_LOCK(") + kLockName + ", " + std::to_string(seconds) + ")",
        soci::into(acquired, ind);
  } catch (...) {
    rethrow_mapped(*this, {}, "taking the MySQL migration lock");
  }
  if (ind != soci::i_ok || acquired != 1) {
    throw Error(ErrorCode::migration, "another migrator holds the MySQL lock (GET_LOCK); gave up after " +
                                          std::to_string(timeout.count()) + " ms");
  }
}

void MysqlBackend::verify_migration(soci::session&) const {}

void MysqlBackend::release_migration_lock(soci::session& session, bool) const noexcept {
  try {
    int released = 0;
    soci::indicator ind = soci::i_ok;
    session << std::string("SELECT RELEASE_LOCK(") + kLockName + ")", soci::into(released, ind);
  } catch (...) {
    // A broken session has lost its named lock with the connection.
  }
}

}  // namespace v5store::detail
