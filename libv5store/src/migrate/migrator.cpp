// Migrator: status, plan, up, down, baseline, repair and drift for one database of a spec.
#include "v5store/migrator.hpp"

#include <chrono>
#include <cstdlib>

#include "migrate/declarative_planner.hpp"
#include "migrate/declared_schema.hpp"
#include "migrate/history_table.hpp"
#include "migrate/migration_lock.hpp"
#include "migrate/runner.hpp"
#include "migrate/schema_diff.hpp"
#include "migrate/sql_script.hpp"
#include "migrate/type_change.hpp"
#include "migrate/versioned_loader.hpp"
#include "migrate/versioned_planner.hpp"
#include "v5store/dsn.hpp"
#include "v5store/internal/backend.hpp"

namespace v5store {

namespace {

using Clock = std::chrono::steady_clock;

std::string default_installed_by() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "v5store";
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "\n  ") + line;
  return out;
}

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// The description and script of the baseline `up` records when it adopts a database.
constexpr std::string_view kAdopted = "<< adopted >>";

// A successful baseline row of the history at `version`.
HistoryEntry baseline_row(const std::string& version, std::string_view label,
                          const std::string& installed_by) {
  HistoryEntry entry;
  entry.version = version;
  entry.description = std::string(label);
  entry.type = std::string(to_string(MigrationType::baseline));
  entry.script = std::string(label);
  entry.installed_by = installed_by;
  entry.success = true;
  return entry;
}

}  // namespace

struct Migrator::Impl {
  Impl(const SystemSpec& spec_in, std::string_view name, MigratorOptions options_in)
      : spec(spec_in),
        database(detail::resolve_database(spec, name)),
        backend(detail::backend_for(database.backend)),
        entities(detail::entities_of(spec, database)),
        options(std::move(options_in)) {
    if (options.installed_by.empty()) options.installed_by = default_installed_by();
  }

  // What `up` would apply now and the reasons it must refuse regardless of the options.
  struct Computed {
    MigrationPlan plan;
    std::vector<std::string> blockers;
    std::optional<std::string> adopt_version;  // up adopts the database at this version
  };

  Computed compute(const std::vector<HistoryEntry>& history) const {
    Computed out;
    if (history.empty() && adoptable()) {
      out.adopt_version = adopt_version();
      return out;
    }
    for (const HistoryEntry* failed : detail::failed_entries(history)) {
      out.blockers.push_back(
          "migration V" + failed->version.value_or("?") + " (" + failed->description +
          ") failed on " + failed->installed_on +
          (failed->failed_statement.empty() ? "" : " at statement: " + failed->failed_statement) +
          "; fix the database by hand if needed, then run `repair`");
    }
    if (spec.migrations.mode == MigrationMode::versioned) {
      detail::VersionedPlan versioned =
          detail::plan_versioned(detail::load_migration_files(migrations_dir(), backend.kind()),
                                 history);
      out.plan.migrations = std::move(versioned.migrations);
      out.blockers.insert(out.blockers.end(), versioned.blockers.begin(), versioned.blockers.end());
      return out;
    }
    const LiveSchema live = backend.introspect(session());
    const auto differences = detail::diff_schema(backend, spec, entities, live);
    const auto narrowing = detail::narrowing_blockers(backend, session(), entities, differences);
    out.blockers.insert(out.blockers.end(), narrowing.begin(), narrowing.end());
    try {
      PlannedMigration migration;
      migration.steps = detail::plan_declarative(backend, spec, entities, live, differences);
      if (!migration.steps.empty()) {
        migration.version = std::to_string(spec.version);
        migration.description = "declarative: " + std::to_string(migration.steps.size()) +
                                " step" + (migration.steps.size() == 1 ? "" : "s");
        migration.type = MigrationType::declarative;
        migration.script = spec.source_file.empty() ? "<spec>"
                                                    : spec.source_file.filename().string();
        MigrationPlan single{{migration}};
        migration.checksum = detail::script_checksum(single.to_sql());
        out.plan.migrations.push_back(std::move(migration));
      }
    } catch (const Error& e) {
      if (e.code() != ErrorCode::migration) throw;
      out.blockers.push_back(e.what());
    }
    return out;
  }

  // True when the spec declares tables in this database and every one of them already
  // matches the live schema: an existing database `up` adopts instead of migrating.
  bool adoptable() const {
    if (entities.empty()) return false;
    return detail::diff_schema(backend, spec, entities, backend.introspect(session())).empty();
  }

  // The version an adopted database is at: the spec's (declarative) or the highest migration
  // file's (versioned; the spec's when there is none).
  std::string adopt_version() const {
    std::string version = std::to_string(spec.version);
    if (spec.migrations.mode == MigrationMode::versioned) {
      const auto files = detail::load_migration_files(migrations_dir(), backend.kind());
      if (!files.apply.empty()) version = files.apply.back().version;
    }
    return version;
  }

  // compute() plus the refusal of destructive steps without allow_destructive.
  std::vector<std::string> blockers_for_up(const Computed& computed) const {
    std::vector<std::string> blockers = computed.blockers;
    if (spec.migrations.mode == MigrationMode::declarative && !options.allow_destructive) {
      for (const auto& migration : computed.plan.migrations) {
        for (const auto& step : migration.steps) {
          if (step.safety == StepSafety::destructive) {
            blockers.push_back("destructive step refused (" + step.description + ": " +
                               step.reason + "); rerun with --allow-destructive to apply it");
          }
        }
      }
    }
    return blockers;
  }

  std::filesystem::path migrations_dir() const {
    const std::filesystem::path dir = spec.migrations.dir;
    if (dir.is_absolute() || spec.source_file.empty()) return dir;
    return spec.source_file.parent_path() / dir;
  }

  soci::session& session() const { return *session_ptr; }

  void require_versioned(std::string_view command) const {
    if (spec.migrations.mode != MigrationMode::versioned) {
      throw Error(ErrorCode::config, std::string(command) +
                                         " needs versioned migrations (migrations: { mode: "
                                         "versioned }); declarative mode has no undo scripts");
    }
  }

  // Runs `fn` and maps driver errors (with the DSN scrubbed) to v5store::Error.
  template <typename Fn>
  auto guarded(std::string_view context, Fn&& fn) const {
    try {
      return fn();
    } catch (...) {
      detail::rethrow_mapped(backend, migrations_dsn(database), context);
    }
  }

  // guarded(), then options.on_schema_changed, whether `fn` succeeded or not.
  template <class Fn>
  auto changing(std::string_view context, Fn&& fn) const {
    struct Notify {
      const std::function<void()>& callback;
      ~Notify() {
        if (callback) callback();
      }
    } notify{options.on_schema_changed};
    return guarded(context, std::forward<Fn>(fn));
  }

  SystemSpec spec;
  DatabaseSpec database;
  const detail::Backend& backend;
  std::vector<const EntitySpec*> entities;
  MigratorOptions options;
  std::unique_ptr<soci::session> owned_session;
  soci::session* session_ptr = nullptr;
};

Migrator::Migrator(const SystemSpec& spec, std::string_view database, MigratorOptions options)
    : impl_(std::make_unique<Impl>(spec, database, std::move(options))) {
  const DatabaseSpec& db = impl_->database;
  if (db.backend == BackendKind::postgresql && db.pooler != Pooler::none &&
      db.migration_dsn.empty()) {
    // Transaction pooling hands each statement any server connection: the session-level
    // advisory lock would be taken on one and never held for the migration.
    throw Error(ErrorCode::config,
                "database " + db.name + " is behind pooler " + std::string(to_string(db.pooler)) +
                    ": migrations need migration_dsn, a DSN straight to the server");
  }
  impl_->owned_session =
      impl_->backend.open(migrations_dsn(impl_->database), impl_->options.connect_timeout);
  impl_->session_ptr = impl_->owned_session.get();
}

Migrator::Migrator(const SystemSpec& spec, std::string_view database, soci::session& session,
                   MigratorOptions options)
    : impl_(std::make_unique<Impl>(spec, database, std::move(options))) {
  impl_->session_ptr = &session;
}

Migrator::~Migrator() = default;

BackendKind Migrator::backend() const noexcept { return impl_->database.backend; }

MigrationStatus Migrator::status() {
  return impl_->guarded("migration status of database " + impl_->database.name, [&] {
    detail::HistoryTable history(impl_->backend, impl_->session());
    MigrationStatus status;
    status.database = impl_->database.name;
    status.backend = impl_->database.backend;
    status.mode = impl_->spec.migrations.mode;
    status.history_exists = history.exists();
    status.history = history.read();
    if (const HistoryEntry* baseline = detail::baseline_entry(status.history)) {
      status.current_version = baseline->version;
      status.adopted = baseline->description == kAdopted;
    }
    for (const HistoryEntry* entry : detail::applied_entries(status.history)) {
      const std::string version = entry->version.value_or("");
      if (!status.current_version ||
          detail::compare_versions(version, *status.current_version) >= 0) {
        status.current_version = version;
      }
    }
    Impl::Computed computed = impl_->compute(status.history);
    status.blockers = impl_->blockers_for_up(computed);
    status.pending = std::move(computed.plan);
    status.adopt_version = std::move(computed.adopt_version);
    return status;
  });
}

MigrationPlan Migrator::plan() {
  return impl_->guarded("planning migrations of database " + impl_->database.name, [&] {
    detail::HistoryTable history(impl_->backend, impl_->session());
    Impl::Computed computed = impl_->compute(history.read());
    if (!computed.blockers.empty()) {
      throw Error(ErrorCode::migration, "migrations are blocked:\n  " + join_lines(computed.blockers));
    }
    return std::move(computed.plan);
  });
}

MigrationResult Migrator::up() {
  const auto started = Clock::now();
  return impl_->changing("migrating database " + impl_->database.name, [&] {
    detail::MigrationLock lock(impl_->backend, impl_->session(), impl_->options.lock_timeout);
    detail::HistoryTable history(impl_->backend, impl_->session());
    const bool exists = history.exists();
    const Impl::Computed computed = impl_->compute(history.read());
    const std::vector<std::string> blockers = impl_->blockers_for_up(computed);
    if (!blockers.empty()) {
      throw Error(ErrorCode::migration,
                  "migration refused, nothing was changed:\n  " + join_lines(blockers));
    }
    MigrationResult result;
    if (computed.adopt_version) {
      if (!exists) history.create();
      history.append(baseline_row(*computed.adopt_version, kAdopted, impl_->options.installed_by));
      result.applied.push_back(*computed.adopt_version);
      result.adopted = true;
      result.elapsed = since(started);
      return result;
    }
    if (computed.plan.empty()) return result;
    if (!exists) history.create();
    detail::MigrationRunner runner(impl_->backend, impl_->session(), history,
                                   impl_->options.installed_by);
    for (const auto& migration : computed.plan.migrations) {
      result.steps += runner.apply(migration);
      result.applied.push_back(migration.version);
    }
    result.elapsed = since(started);
    return result;
  });
}

MigrationResult Migrator::down(int count) {
  impl_->require_versioned("down");
  const auto started = Clock::now();
  return impl_->changing("undoing migrations of database " + impl_->database.name, [&] {
    detail::MigrationLock lock(impl_->backend, impl_->session(), impl_->options.lock_timeout);
    detail::HistoryTable history(impl_->backend, impl_->session());
    const std::vector<HistoryEntry> rows = history.read();
    const auto failed = detail::failed_entries(rows);
    if (!failed.empty()) {
      throw Error(ErrorCode::migration, "migration V" + failed.front()->version.value_or("?") +
                                            " failed; run `repair` before `down`");
    }
    const auto files = detail::load_migration_files(impl_->migrations_dir(), impl_->backend.kind());
    std::vector<PlannedMigration> undo;
    const auto applied = detail::applied_entries(rows);
    for (auto it = applied.rbegin(); it != applied.rend() && static_cast<int>(undo.size()) < count;
         ++it) {
      const std::string version = (*it)->version.value_or("");
      const detail::MigrationFile* file = nullptr;
      for (const auto& candidate : files.undo) {
        if (detail::compare_versions(candidate.version, version) == 0) file = &candidate;
      }
      if (file == nullptr) {
        throw Error(ErrorCode::migration,
                    "V" + version + " has no undo script U" + version + "__*.sql; nothing was undone");
      }
      undo.push_back(detail::planned_from_file(*file, MigrationType::undo));
    }
    detail::MigrationRunner runner(impl_->backend, impl_->session(), history,
                                   impl_->options.installed_by);
    MigrationResult result;
    for (const auto& migration : undo) {
      result.steps += runner.apply(migration);
      result.applied.push_back(migration.version);
    }
    result.elapsed = since(started);
    return result;
  });
}

MigrationResult Migrator::baseline(const std::string& version) {
  const auto started = Clock::now();
  return impl_->changing("baselining database " + impl_->database.name, [&] {
    detail::MigrationLock lock(impl_->backend, impl_->session(), impl_->options.lock_timeout);
    detail::HistoryTable history(impl_->backend, impl_->session());
    if (!history.exists()) {
      history.create();
    } else if (!history.read().empty()) {
      throw Error(ErrorCode::migration,
                  "baseline refused: the history table already has rows; baseline adopts a "
                  "database that was never migrated");
    }
    history.append(baseline_row(version, "<< baseline >>", impl_->options.installed_by));
    MigrationResult result;
    result.applied.push_back(version);
    result.elapsed = since(started);
    return result;
  });
}

MigrationResult Migrator::repair() {
  const auto started = Clock::now();
  return impl_->changing("repairing the history of database " + impl_->database.name, [&] {
    detail::MigrationLock lock(impl_->backend, impl_->session(), impl_->options.lock_timeout);
    detail::HistoryTable history(impl_->backend, impl_->session());
    MigrationResult result;
    if (!history.exists()) return result;
    result.applied = history.delete_failed();
    if (impl_->spec.migrations.mode == MigrationMode::versioned) {
      const auto files =
          detail::load_migration_files(impl_->migrations_dir(), impl_->backend.kind());
      const std::vector<HistoryEntry> rows = history.read();
      for (const HistoryEntry* entry : detail::applied_entries(rows)) {
        for (const auto& file : files.apply) {
          if (entry->type == to_string(MigrationType::versioned) &&
              detail::compare_versions(file.version, entry->version.value_or("")) == 0 &&
              entry->checksum != file.checksum) {
            history.update_checksum(entry->installed_rank, file.checksum);
            result.applied.push_back(file.version);
          }
        }
      }
    }
    result.elapsed = since(started);
    return result;
  });
}

DriftReport Migrator::drift() {
  return impl_->guarded("checking drift of database " + impl_->database.name, [&] {
    return check_drift(impl_->spec, impl_->database.name, impl_->session());
  });
}

}  // namespace v5store
