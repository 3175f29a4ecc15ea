// MigrationLock: the cross-process migration lock as an RAII guard over the backend's
// acquire/release (advisory lock, GET_LOCK, BEGIN IMMEDIATE).
#pragma once

#include <chrono>

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

class MigrationLock {
 public:
  // Waits up to `timeout` for the lock. Throws Error(migration) on timeout.
  MigrationLock(const Backend& backend, soci::session& session, std::chrono::milliseconds timeout)
      : backend_(backend), session_(session) {
    backend_.acquire_migration_lock(session_, timeout);
  }

  // Releases the lock. Where the lock is a transaction (SQLite) it is committed: every
  // migration inside it was either released or rolled back to its savepoint by the runner,
  // and refusals happen before anything is written. Never throws.
  ~MigrationLock() { backend_.release_migration_lock(session_, true); }

  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  const Backend& backend_;
  soci::session& session_;
};

}  // namespace v5store::detail
