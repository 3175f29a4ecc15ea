// SQLite migration lock: BEGIN IMMEDIATE takes the database's write lock for the whole run
// (other writers wait or fail with SQLITE_BUSY); migrations run in savepoints inside it.
// Foreign-key enforcement is switched off for the run, as the table-rebuild procedure of
// https://sqlite.org/lang_altertable.html#otheralter requires; the migrator checks
// PRAGMA foreign_key_check before each savepoint is released.
#include <string>

#include <soci/sqlite3/soci-sqlite3.h>

#include "backends/sqlite/sqlite_backend.hpp"

namespace v5store::detail {

Backend::MigrationAtomicity SqliteBackend::migration_atomicity() const noexcept {
  return MigrationAtomicity::savepoint;
}

void SqliteBackend::acquire_migration_lock(soci::session& session,
                                           std::chrono::milliseconds timeout) const {
  try {
    int previous_timeout = 0;
    session << "PRAGMA busy_timeout", soci::into(previous_timeout);
    session << "PRAGMA foreign_keys = OFF";
    session << "PRAGMA busy_timeout = " + std::to_string(timeout.count());
    try {
      session << "BEGIN IMMEDIATE";
    } catch (const soci::sqlite3_soci_error& e) {
      session << "PRAGMA busy_timeout = " + std::to_string(previous_timeout);
      session << "PRAGMA foreign_keys = ON";
      if ((e.result() & 0xff) == SQLITE_BUSY || (e.result() & 0xff) == SQLITE_LOCKED) {
        throw Error(ErrorCode::migration,
                    "another migrator holds the SQLite write lock; gave up after " +
                        std::to_string(timeout.count()) + " ms",
                    std::to_string(e.result()));
      }
      throw;
    }
    session << "PRAGMA busy_timeout = " + std::to_string(previous_timeout);
  } catch (const Error&) {
    throw;
  } catch (...) {
    rethrow_mapped(*this, {}, "taking the SQLite migration lock");
  }
}

void SqliteBackend::verify_migration(soci::session& session) const {
  std::string table;
  soci::indicator table_ind = soci::i_ok;
  try {
    soci::statement st = (session.prepare << "PRAGMA foreign_key_check", soci::into(table, table_ind));
    st.execute();
    if (!st.fetch()) return;
  } catch (...) {
    rethrow_mapped(*this, {}, "checking foreign keys after a migration");
  }
  throw Error(ErrorCode::foreign_key_violation,
              "rows of table " + table + " reference keys that do not exist (PRAGMA foreign_key_check)");
}

void SqliteBackend::release_migration_lock(soci::session& session, bool commit) const noexcept {
  try {
    session << (commit ? "COMMIT" : "ROLLBACK");
  } catch (...) {
    try {
      session << "ROLLBACK";
    } catch (...) {
      // No transaction is left open: nothing more to release.
    }
  }
  try {
    // Sessions opened by v5store enforce foreign keys; restore that.
    session << "PRAGMA foreign_keys = ON";
  } catch (...) {
    // The session is broken; its owner discards it.
  }
}

}  // namespace v5store::detail
