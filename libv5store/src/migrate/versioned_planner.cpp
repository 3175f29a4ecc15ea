// Planning versioned migrations against the history.
#include "migrate/versioned_planner.hpp"

#include <cctype>

#include "introspection/type_text.hpp"
#include "migrate/history_table.hpp"
#include "migrate/sql_script.hpp"

namespace v5store::detail {

StepSafety classify_statement(std::string_view sql, std::string& reason) {
  const std::string text = lower_collapsed(sql);
  const auto starts = [&](std::string_view prefix) { return text.starts_with(prefix); };
  const bool alter = starts("alter table");
  if (starts("drop ") || starts("truncate") || starts("delete ") ||
      (alter && (text.find(" drop column ") != std::string::npos ||
                 text.find(" drop ") != std::string::npos))) {
    reason = "removes schema objects or rows";
    return StepSafety::destructive;
  }
  if (starts("create unique index") ||
      (alter && (text.find(" add constraint ") != std::string::npos ||
                 text.find(" set not null") != std::string::npos))) {
    reason = "depends on the rows present";
    return StepSafety::data_dependent;
  }
  reason.clear();
  return StepSafety::safe;
}

PlannedMigration planned_from_file(const MigrationFile& file, MigrationType type) {
  PlannedMigration migration;
  migration.version = file.version;
  migration.description = file.description;
  migration.type = type;
  migration.script = file.path.filename().string();
  migration.checksum = file.checksum;
  for (auto& statement : split_statements(file.text)) {
    MigrationStep step;
    step.safety = classify_statement(statement, step.reason);
    step.description = lower_collapsed(statement.substr(0, statement.find('\n')).substr(0, 60));
    step.sql.push_back(std::move(statement));
    migration.steps.push_back(std::move(step));
  }
  return migration;
}

VersionedPlan plan_versioned(const MigrationFiles& files, const std::vector<HistoryEntry>& history) {
  VersionedPlan plan;
  const std::vector<const HistoryEntry*> applied = applied_entries(history);
  const HistoryEntry* baseline = baseline_entry(history);
  std::string highest = baseline != nullptr ? baseline->version.value_or("0") : "";
  for (const HistoryEntry* entry : applied) {
    if (entry->type != to_string(MigrationType::versioned)) continue;
    const std::string version = entry->version.value_or("");
    if (highest.empty() || compare_versions(version, highest) > 0) highest = version;
    const MigrationFile* file = nullptr;
    for (const auto& candidate : files.apply) {
      if (compare_versions(candidate.version, version) == 0) file = &candidate;
    }
    if (file == nullptr) {
      plan.blockers.push_back("applied migration V" + version + " (" + entry->script +
                              ") has no file any more");
    } else if (entry->checksum && *entry->checksum != file->checksum) {
      plan.blockers.push_back(file->path.filename().string() + " changed after it was applied " +
                              "(checksum " + std::to_string(*entry->checksum) + ", now " +
                              std::to_string(file->checksum) +
                              "); restore it, or run `repair` to accept the new text");
    }
  }
  for (const auto& file : files.apply) {
    bool done = false;
    for (const HistoryEntry* entry : applied) {
      if (entry->type == to_string(MigrationType::versioned) &&
          compare_versions(entry->version.value_or(""), file.version) == 0) {
        done = true;
      }
    }
    if (done) continue;
    if (baseline != nullptr && compare_versions(file.version, baseline->version.value_or("0")) <= 0) {
      continue;
    }
    if (!highest.empty() && compare_versions(file.version, highest) < 0) {
      plan.blockers.push_back(file.path.filename().string() + " is out of order: V" + highest +
                              " is already applied");
      continue;
    }
    plan.migrations.push_back(planned_from_file(file, MigrationType::versioned));
  }
  return plan;
}

}  // namespace v5store::detail
