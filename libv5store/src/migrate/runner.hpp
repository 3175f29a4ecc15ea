// MigrationRunner: applies planned migrations one by one with the atomicity the backend
// offers, and records each in the history table.
#pragma once

#include <string>

#include "migrate/history_table.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/migrator.hpp"

namespace v5store::detail {

class MigrationRunner {
 public:
  MigrationRunner(const Backend& backend, soci::session& session, HistoryTable& history,
                  std::string installed_by)
      : backend_(backend), session_(session), history_(history),
        installed_by_(std::move(installed_by)) {}

  // Runs every statement of `migration` and appends its history row. Transactional backends
  // run it in a transaction (PostgreSQL) or a savepoint of the lock's transaction (SQLite)
  // and roll it back on failure, recording nothing. MySQL cannot: the failure is recorded
  // with the failing statement. Throws Error(migration) naming the migration, the step and
  // the statement, with the backend's code. Returns the number of statements run.
  std::size_t apply(const PlannedMigration& migration);

 private:
  void run_statements(const PlannedMigration& migration, std::string& failed_statement);
  HistoryEntry entry_for(const PlannedMigration& migration, std::int64_t elapsed_ms,
                         bool success, const std::string& failed_statement) const;

  const Backend& backend_;
  soci::session& session_;
  HistoryTable& history_;
  std::string installed_by_;
};

}  // namespace v5store::detail
