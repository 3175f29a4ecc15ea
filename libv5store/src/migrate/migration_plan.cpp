// The public plan model: labels and the dry-run rendering.
#include "v5store/migrator.hpp"

namespace v5store {

std::string_view to_string(StepSafety safety) noexcept {
  switch (safety) {
    case StepSafety::safe: return "safe";
    case StepSafety::data_dependent: return "data-dependent";
    case StepSafety::destructive: return "destructive";
  }
  return "safe";
}

std::string_view to_string(MigrationType type) noexcept {
  switch (type) {
    case MigrationType::declarative: return "DECLARATIVE";
    case MigrationType::versioned: return "SQL";
    case MigrationType::undo: return "UNDO_SQL";
    case MigrationType::baseline: return "BASELINE";
  }
  return "SQL";
}

bool MigrationPlan::empty() const noexcept { return step_count() == 0; }

std::size_t MigrationPlan::step_count() const noexcept {
  std::size_t count = 0;
  for (const auto& migration : migrations) count += migration.steps.size();
  return count;
}

bool MigrationPlan::has_destructive() const noexcept {
  for (const auto& migration : migrations) {
    for (const auto& step : migration.steps) {
      if (step.safety == StepSafety::destructive) return true;
    }
  }
  return false;
}

std::string MigrationPlan::to_sql() const {
  std::string out;
  for (const auto& migration : migrations) {
    const std::string prefix = migration.type == MigrationType::undo ? "U" : "V";
    out += "-- " + prefix + migration.version + ": " + migration.description + " (" +
           migration.script + ")\n";
    for (std::size_t i = 0; i < migration.steps.size(); ++i) {
      const MigrationStep& step = migration.steps[i];
      out += "-- step " + std::to_string(i + 1) + " [" + std::string(to_string(step.safety)) +
             "] " + step.description + "\n";
      if (!step.reason.empty()) out += "--   " + step.reason + "\n";
      for (const auto& sql : step.sql) out += sql + ";\n";
    }
  }
  return out;
}

}  // namespace v5store
