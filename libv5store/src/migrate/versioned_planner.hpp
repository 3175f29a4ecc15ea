// The versioned planner: compares the migration files with the history and plans the
// pending ones, or says why it must not (changed checksum, out of order, missing file).
#pragma once

#include <string>
#include <vector>

#include "migrate/versioned_loader.hpp"
#include "v5store/migrator.hpp"

namespace v5store::detail {

struct VersionedPlan {
  std::vector<PlannedMigration> migrations;  // pending, by version
  std::vector<std::string> blockers;         // reasons to refuse; empty when none
};

// Pending = files above the baseline that the history does not list as applied. Blocks
// when an applied file's checksum changed, an applied version has no file, or a pending
// version is lower than the highest applied one (out of order).
VersionedPlan plan_versioned(const MigrationFiles& files, const std::vector<HistoryEntry>& history);

// A file as a planned migration of `type` (versioned or undo): one step per statement,
// labelled by classify_statement().
PlannedMigration planned_from_file(const MigrationFile& file, MigrationType type);

// Labels a hand-written statement: DROP, TRUNCATE, DELETE and ALTER ... DROP are destructive,
// CREATE UNIQUE INDEX and ALTER ... ADD CONSTRAINT / SET NOT NULL data-dependent, the rest
// safe. `reason` receives why.
StepSafety classify_statement(std::string_view sql, std::string& reason);

}  // namespace v5store::detail
