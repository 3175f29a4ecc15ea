// Migrator: brings a live database to the schema a spec declares, either by diffing the
// entities against the live schema (declarative mode) or by applying V<n>__<desc>.sql files
// (versioned mode); records every run in the history table `v5_schema_history` and holds a
// cross-process lock for the whole run. Also reports drift (live schema vs. the spec).
//
// Example:
//   v5store::Migrator migrator = store.migrator();
//   v5store::MigrationPlan plan = migrator.plan();   // what up() would do, as SQL: to_sql()
//   if (!plan.has_destructive()) migrator.up();
//   v5store::DriftReport drift = migrator.drift();   // drift.clean() when nothing differs
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace soci {
class session;
}

namespace v5store {

// The name of the history table.
inline constexpr std::string_view kSchemaHistoryTable = "v5_schema_history";

// How risky one step is. Destructive steps lose data or constraints on data (drop table or
// column, narrowing a type) and are refused unless MigratorOptions::allow_destructive.
// Data-dependent steps succeed or fail depending on the rows present (a new unique index,
// NOT NULL on a column that holds NULLs, a foreign key on existing rows).
enum class StepSafety { safe, data_dependent, destructive };

// "safe", "data-dependent", "destructive". Thread-safe.
std::string_view to_string(StepSafety safety) noexcept;

// One step of a migration: the statements it runs, in order, and its label.
struct MigrationStep {
  std::string description;        // "add column orders.note"
  std::vector<std::string> sql;   // exact statements, without a trailing ';'
  StepSafety safety = StepSafety::safe;
  std::string reason;             // why it is not safe; empty for safe steps
};

// The kind of a history row (column `type`).
enum class MigrationType { declarative, versioned, undo, baseline };

// "DECLARATIVE", "SQL", "UNDO_SQL", "BASELINE" (as stored in the history table). Thread-safe.
std::string_view to_string(MigrationType type) noexcept;

// One migration of a plan: a declarative diff or one versioned script.
struct PlannedMigration {
  std::string version;            // "3" (spec version, or the V<n> of the file)
  std::string description;
  MigrationType type = MigrationType::declarative;
  std::string script;             // file name; "<spec file>" in declarative mode
  std::int64_t checksum = 0;      // CRC32 of the script (versioned) or of the planned SQL
  std::vector<MigrationStep> steps;
};

// What `up` (or `down`) would do, in order. Produced without changing the database.
struct MigrationPlan {
  std::vector<PlannedMigration> migrations;

  // True when there is nothing to do.
  bool empty() const noexcept;
  // The number of steps over all migrations.
  std::size_t step_count() const noexcept;
  // True when any step is destructive.
  bool has_destructive() const noexcept;
  // The exact SQL that would run, each step preceded by a comment with its label:
  // "-- V3 step 1 [safe] add column orders.note". Ends with a newline; "" when empty.
  std::string to_sql() const;
};

// One difference between the declared schema and the live database.
enum class DifferenceKind {
  missing_table,       // declared, not in the database
  extra_table,         // in the database, not declared, and the spec owns the schema
                       // (migrations.owns_schema); otherwise such a table is unmanaged
  missing_column,
  extra_column,
  column_type,
  column_nullability,
  column_default,
  primary_key,
  missing_index,
  extra_index,
  missing_foreign_key,
  extra_foreign_key,
  column_check,  // the column's CHECK conditions (enum members, min / max, ...) differ
};

// "missing_table", "extra_column", ... Thread-safe.
std::string_view to_string(DifferenceKind kind) noexcept;

struct SchemaDifference {
  DifferenceKind kind = DifferenceKind::missing_table;
  std::string table;
  std::string object;    // the column, index or foreign key; empty for a table
  std::string expected;  // what the spec declares ("varchar(254)", "NOT NULL"); may be empty
  std::string actual;    // what the database has; may be empty

  // "extra_column customers.nickname (live: varchar(40))". Thread-safe.
  std::string to_string() const;
};

// Drift: the live database against the declared entities of one database.
struct DriftReport {
  std::string database;                       // the spec's database name
  std::vector<SchemaDifference> differences;  // sorted by table, then kind
  // Live tables the spec does not declare and does not own (no migrations.owns_schema), in
  // catalog order, without those matching migrations.ignore and the history table. They are
  // information, not drift: the migrator never drops or alters them.
  std::vector<std::string> unmanaged_tables;

  // True when the declared tables match the declaration (unmanaged tables do not count).
  bool clean() const noexcept { return differences.empty(); }
};

// One row of v5_schema_history.
struct HistoryEntry {
  int installed_rank = 0;
  std::optional<std::string> version;  // null for repair markers
  std::string description;
  std::string type;                    // to_string(MigrationType)
  std::string script;
  std::optional<std::int64_t> checksum;
  std::string installed_by;
  std::string installed_on;            // as the database renders it
  std::int64_t execution_ms = 0;
  bool success = false;
  std::string failed_statement;        // the statement that failed (non-transactional DDL)
};

// The state of migrations on one database.
struct MigrationStatus {
  std::string database;
  BackendKind backend = BackendKind::sqlite;
  MigrationMode mode = MigrationMode::declarative;
  bool history_exists = false;
  std::optional<std::string> current_version;  // highest applied version, if any
  std::vector<HistoryEntry> history;           // in installed_rank order
  MigrationPlan pending;                       // what `up` would apply now
  // Reasons `up` would refuse (a failed migration awaiting repair, a changed checksum, an
  // out-of-order file, destructive steps without allow_destructive); empty when it would run.
  std::vector<std::string> blockers;
  // The history's baseline was recorded by `up` adopting a live database whose declared
  // tables already matched the spec (no table was changed).
  bool adopted = false;
  // Set when `up` would adopt the database now: the history is empty and every declared
  // table already matches; the version `up` would record as the baseline (`pending` is empty).
  std::optional<std::string> adopt_version;
};

// The outcome of up, down, baseline or repair.
struct MigrationResult {
  std::vector<std::string> applied;   // versions applied (or undone, or removed by repair)
  std::size_t steps = 0;              // steps executed
  bool adopted = false;               // up recorded a baseline and changed no table
  std::chrono::milliseconds elapsed{0};
};

struct MigratorOptions {
  // Lets `up` run destructive steps (declarative mode).
  bool allow_destructive = false;
  // How long to wait for another migrator's lock before failing with Error(migration).
  std::chrono::milliseconds lock_timeout{120000};
  // Connect timeout when the migrator opens its own session.
  std::chrono::milliseconds connect_timeout{5000};
  // Stored in installed_by; defaults to $USER, else "v5store".
  std::string installed_by;
  // Called after up, down, baseline and repair (also when they failed: a MySQL migration may
  // have changed part of the schema). A store's migrator() re-checks schema_integrity here,
  // so readiness follows the migration at once. Must not throw.
  std::function<void()> on_schema_changed;
};

// Migrates one database of a spec. Not thread-safe: one Migrator is used by one thread; any
// number of Migrators (in any number of processes) may run against the same database, the
// lock serialises them.
class Migrator {
 public:
  // Opens its own session to `database` (a name from spec.databases; empty: the first one),
  // through its migration_dsn when it has one (a pooler cannot hold the migration lock).
  // Throws Error(config) for an unknown database, Error(connection) when it is unreachable
  // (DSN redacted).
  Migrator(const SystemSpec& spec, std::string_view database, MigratorOptions options = {});

  // Uses `session` (connected to `database`), which must outlive the Migrator and must not be
  // inside a transaction. Throws Error(config) for an unknown database.
  Migrator(const SystemSpec& spec, std::string_view database, soci::session& session,
           MigratorOptions options = {});

  ~Migrator();
  Migrator(const Migrator&) = delete;
  Migrator& operator=(const Migrator&) = delete;

  // History, current version, pending work and what would block `up`. Read-only, no lock.
  // Throws the mapped Error when the database fails.
  MigrationStatus status();

  // The dry run: the exact steps `up` would run now. Changes nothing (does not even create
  // the history table). Throws Error(migration) for a state `up` refuses (failed migration
  // awaiting repair, changed checksum, out-of-order file).
  MigrationPlan plan();

  // Takes the lock, re-plans, refuses (Error(migration), nothing changed) when the history
  // holds a failed migration, a checksum changed, a file is out of order, the plan has
  // destructive steps without allow_destructive, or a narrowed column holds values the new
  // type would change (even with allow_destructive: the message names the table, column and
  // the count of rows; plan() and status() report it too). A database whose history is empty
  // and whose declared tables already match the spec (drift clean) is adopted: a baseline is
  // recorded at the spec's version (versioned mode: the highest file version), no table is
  // changed, and the result says `adopted`. Otherwise applies the plan and records it. On a
  // failing statement: PostgreSQL and SQLite roll the migration back and record nothing;
  // MySQL/MariaDB records the failure with the statement, and later runs refuse until repair().
  // Throws Error(migration) naming the migration and statement.
  MigrationResult up();

  // Versioned mode: undoes the last `count` applied migrations with their U<n>__ scripts,
  // newest first. Throws Error(migration) when a script is missing, Error(config) in
  // declarative mode.
  MigrationResult down(int count = 1);

  // Marks the database as being at `version` without running anything (an existing
  // database adopted by the migrator). Throws Error(migration) when the history is not empty.
  MigrationResult baseline(const std::string& version);

  // Removes failed entries from the history and, in versioned mode, realigns the stored
  // checksums of applied scripts with the files. Does not undo partially applied DDL.
  MigrationResult repair();

  // Drift between the live database and the declared entities. Read-only, no lock.
  DriftReport drift();

  // The backend of the database being migrated.
  BackendKind backend() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Drift of the database `database` of `spec` through an existing session: one call, a list of
// differences. Read-only, no lock. Throws Error(config) for an unknown database and the mapped
// Error when the catalog cannot be read. Not thread-safe with respect to `session`.
DriftReport check_drift(const SystemSpec& spec, std::string_view database, soci::session& session);

}  // namespace v5store
