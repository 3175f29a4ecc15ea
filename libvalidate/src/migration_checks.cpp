#include "migration_checks.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "v5store/dsn.hpp"
#include "v5store/migrator.hpp"

namespace v5validate::detail {

namespace {

using v5store::DatabaseSpec;
using v5store::SystemSpec;

std::string database_path(const DatabaseSpec& database) {
  return fmt::format("databases.{}", database.name);
}

int leading_number(const std::string& text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') break;
    value = std::min(value * 10 + (c - '0'), 100000000);
  }
  return value;
}

// V305 / V306 / V307 / V311: the migration history and what `migrate up` would do.
void check_migrations(const SystemSpec& spec, const v5store::MigrationStatus& status,
                      const DatabaseSpec& database, Sink& sink) {
  const std::string path = database_path(database);
  for (const auto& entry : status.history) {
    if (entry.success) continue;
    sink.add("V305", path,
             fmt::format(
                 "database `{}` records failed migration {} ({}){}", database.name,
                 entry.version.value_or("?"), entry.description,
                 entry.failed_statement.empty() ? "" : " at statement: " + entry.failed_statement),
             "repair the schema by hand, then run v5gen migrate SPEC repair");
  }
  for (const std::string& blocker : status.blockers) {
    sink.add("V306", path,
             fmt::format("`migrate up` on database `{}` would refuse: {}", database.name, blocker));
  }
  if (status.mode == v5store::MigrationMode::declarative && status.current_version) {
    if (leading_number(*status.current_version) > spec.version) {
      sink.add("V311", "system.version",
               fmt::format("database `{}` is at version {}, the spec at version {}", database.name,
                           *status.current_version, spec.version),
               "validate the newer spec, or restore the database to this version");
    }
  }
  for (const auto& migration : status.pending.migrations) {
    for (std::size_t i = 0; i < migration.steps.size(); ++i) {
      const auto& step = migration.steps[i];
      sink.add("V307", path,
               fmt::format("pending on database `{}`: V{} step {} [{}] {}{}", database.name,
                           migration.version, i + 1, v5store::to_string(step.safety),
                           step.description, step.reason.empty() ? "" : " (" + step.reason + ")"),
               "run v5gen migrate SPEC up");
    }
  }
}

// True when the pending steps are expected to change the live schema: in declarative mode the
// database records an older version than the spec's (or none); in versioned mode scripts are
// pending. A database at the spec's version that differs from it has drifted.
bool behind_the_spec(const SystemSpec& spec, const v5store::MigrationStatus& status) {
  if (status.pending.empty()) return false;
  if (status.mode == v5store::MigrationMode::versioned) return true;
  return !status.current_version || leading_number(*status.current_version) < spec.version;
}

// V308 / V312: drift between the live schema and the declared entities.
void check_drift(const v5store::DriftReport& drift, bool behind, const DatabaseSpec& database,
                 Sink& sink) {
  for (const auto& difference : drift.differences) {
    sink.add(behind ? "V312" : "V308", database_path(database),
             fmt::format("database `{}` differs from the spec: {}", database.name,
                         difference.to_string()),
             behind ? "v5gen migrate SPEC up applies the pending steps"
                    : "inspect with v5gen diff SPEC; make the spec and the database agree");
  }
}

}  // namespace

std::set<std::string> check_migration_state(const SystemSpec& spec, const DatabaseSpec& database,
                                            soci::session& session, const Options& options,
                                            Sink& sink) {
  std::set<std::string> unusable_tables;
  try {
    v5store::MigratorOptions migrator_options;
    migrator_options.connect_timeout = options.connect_timeout;
    v5store::Migrator migrator(spec, database.name, session, migrator_options);
    const v5store::MigrationStatus status = migrator.status();
    check_migrations(spec, status, database, sink);
    const v5store::DriftReport drift = migrator.drift();
    check_drift(drift, behind_the_spec(spec, status), database, sink);
    for (const auto& difference : drift.differences) {
      if (difference.kind == v5store::DifferenceKind::missing_table ||
          difference.kind == v5store::DifferenceKind::missing_column ||
          difference.kind == v5store::DifferenceKind::column_type) {
        unusable_tables.insert(difference.table);
      }
    }
  } catch (const std::exception& e) {
    sink.add("V306", database_path(database),
             "cannot read the migration state: " + v5store::redact_secrets(e.what(), database.dsn));
  }
  return unusable_tables;
}

}  // namespace v5validate::detail
