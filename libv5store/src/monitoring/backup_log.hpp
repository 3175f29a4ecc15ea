// The process-wide record of SQLite online backups made by sqlite_online_backup(), read by
// the backup health category.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace v5store::detail {

struct BackupRecord {
  std::chrono::system_clock::time_point at{};
  std::string destination;
  double bytes = 0;
};

// Records a successful backup of the database with this DSN. Thread-safe.
void record_backup(const std::string& dsn, BackupRecord record);

// The latest successful backup of the database with this DSN. Thread-safe.
std::optional<BackupRecord> last_backup(const std::string& dsn);

}  // namespace v5store::detail
