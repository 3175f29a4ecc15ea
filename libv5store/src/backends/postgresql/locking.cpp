// PostgreSQL migration lock: a session-level advisory lock keyed by the current schema,
// polled with pg_try_advisory_lock until the timeout. Each migration runs in its own
// transaction (PostgreSQL DDL is transactional).
#include <chrono>
#include <string>
#include <thread>

#include "backends/postgresql/postgresql_backend.hpp"

namespace v5store::detail {

namespace {

// Two-key advisory lock: a constant class id ("v5") and a hash of the schema.
constexpr const char* kLockKey = "30261, hashtext(current_schema() || '.v5_schema_history')";
constexpr std::chrono::milliseconds kPollInterval{50};

}  // namespace

Backend::MigrationAtomicity PostgresqlBackend::migration_atomicity() const noexcept {
  return MigrationAtomicity::transaction;
}

void PostgresqlBackend::acquire_migration_lock(soci::session& session,
                                               std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    // dialect.cpp writes standard string literals, for the setting open() makes; a session
    // the caller opened with it off would read their backslashes as escapes.
    std::string standard_strings;
    session << "SELECT current_setting('standard_conforming_strings')",
        soci::into(standard_strings);
    if (standard_strings != "on") {
      throw Error(ErrorCode::migration,
                  "the session has standard_conforming_strings off; v5store writes standard "
                  "string literals (docs/backends.md): migrate on a session with it on");
    }
    for (;;) {
      int acquired = 0;
      session << std::string("SELECT CASE WHEN pg_try_advisory_lock(") + kLockKey +
                     ") THEN 1 ELSE 0 END",
          soci::into(acquired);
      if (acquired != 0) return;
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(kPollInterval);
    }
  } catch (...) {
    rethrow_mapped(*this, {}, "taking the PostgreSQL migration lock");
  }
  throw Error(ErrorCode::migration, "another migrator holds the PostgreSQL advisory lock; gave up after " +
                                        std::to_string(timeout.count()) + " ms");
}

void PostgresqlBackend::verify_migration(soci::session&) const {}

void PostgresqlBackend::release_migration_lock(soci::session& session, bool) const noexcept {
  try {
    int released = 0;
    session << std::string("SELECT CASE WHEN pg_advisory_unlock(") + kLockKey +
                   ") THEN 1 ELSE 0 END",
        soci::into(released);
  } catch (...) {
    // A broken session has lost its advisory lock with the connection.
  }
}

}  // namespace v5store::detail
