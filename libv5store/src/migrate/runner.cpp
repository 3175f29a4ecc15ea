// Applying migrations with the backend's atomicity and recording them.
#include "migrate/runner.hpp"

#include <chrono>

namespace v5store::detail {

namespace {

constexpr const char* kSavepoint = "v5_migration";

std::string label(const PlannedMigration& migration) {
  const std::string prefix = migration.type == MigrationType::undo ? "U" : "V";
  return prefix + migration.version + " (" + migration.description + ")";
}

}  // namespace

HistoryEntry MigrationRunner::entry_for(const PlannedMigration& migration, std::int64_t elapsed_ms,
                                        bool success, const std::string& failed_statement) const {
  HistoryEntry entry;
  entry.version = migration.version;
  entry.description = migration.description;
  entry.type = std::string(to_string(migration.type));
  entry.script = migration.script;
  entry.checksum = migration.checksum;
  entry.installed_by = installed_by_;
  entry.execution_ms = elapsed_ms;
  entry.success = success;
  entry.failed_statement = failed_statement;
  return entry;
}

void MigrationRunner::run_statements(const PlannedMigration& migration,
                                     std::string& failed_statement) {
  for (const auto& step : migration.steps) {
    for (const auto& sql : step.sql) {
      failed_statement = sql;
      session_ << sql;
    }
  }
  failed_statement.clear();
  backend_.verify_migration(session_);
}

std::size_t MigrationRunner::apply(const PlannedMigration& migration) {
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started)
        .count();
  };
  std::size_t statements = 0;
  for (const auto& step : migration.steps) statements += step.sql.size();
  const auto atomicity = backend_.migration_atomicity();
  std::string failed_statement;
  try {
    if (atomicity == Backend::MigrationAtomicity::transaction) session_.begin();
    if (atomicity == Backend::MigrationAtomicity::savepoint) {
      session_ << std::string("SAVEPOINT ") + kSavepoint;
    }
    run_statements(migration, failed_statement);
    history_.append(entry_for(migration, elapsed(), true, {}));
    if (atomicity == Backend::MigrationAtomicity::transaction) session_.commit();
    if (atomicity == Backend::MigrationAtomicity::savepoint) {
      session_ << std::string("RELEASE SAVEPOINT ") + kSavepoint;
    }
    return statements;
  } catch (const std::exception& failure) {
    std::string message = failure.what();
    std::string backend_code;
    if (const auto* soci_error = dynamic_cast<const soci::soci_error*>(&failure)) {
      backend_code = backend_.map_error(*soci_error).backend_code;
    } else if (const auto* error = dynamic_cast<const Error*>(&failure)) {
      backend_code = error->backend_code();
    }
    std::string outcome;
    try {
      switch (atomicity) {
        case Backend::MigrationAtomicity::transaction:
          session_.rollback();
          outcome = "rolled back, nothing recorded";
          break;
        case Backend::MigrationAtomicity::savepoint:
          session_ << std::string("ROLLBACK TO SAVEPOINT ") + kSavepoint;
          session_ << std::string("RELEASE SAVEPOINT ") + kSavepoint;
          outcome = "rolled back, nothing recorded";
          break;
        case Backend::MigrationAtomicity::none:
          history_.append(entry_for(migration, elapsed(), false,
                                    failed_statement.empty() ? "(verification)" : failed_statement));
          outcome = "statements before the failing one stay applied (DDL commits on this "
                    "backend); the failure is recorded and later runs refuse until `repair`";
          break;
      }
    } catch (const std::exception& cleanup) {
      outcome = std::string("cleaning up failed too: ") + cleanup.what();
    }
    Error error(ErrorCode::migration,
                "migration " + label(migration) + " failed" +
                    (failed_statement.empty() ? "" : " at statement: " + failed_statement) + ": " +
                    message + " [" + outcome + "]",
                backend_code);
    throw error;
  }
}

}  // namespace v5store::detail
