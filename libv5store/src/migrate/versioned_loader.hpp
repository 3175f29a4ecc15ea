// The versioned-mode loader: reads V<n>__<desc>.sql and U<n>__<desc>.sql files from the
// migrations directory, picking a .<backend>.sql override where there is one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "v5store/types.hpp"

namespace v5store::detail {

struct MigrationFile {
  std::string version;      // "3", "1.2"
  std::string description;  // "add orders" (underscores as spaces)
  std::filesystem::path path;
  std::string text;
  std::int64_t checksum = 0;
};

struct MigrationFiles {
  std::vector<MigrationFile> apply;  // V files, by version
  std::vector<MigrationFile> undo;   // U files, by version
};

// Loads the migrations of `directory` for `backend`: for each version, the
// V<n>__<desc>.<backend>.sql file when present, else V<n>__<desc>.sql; files for other
// backends are ignored. Throws Error(config) when the directory cannot be read and
// Error(migration) when two files claim the same version for the same backend.
MigrationFiles load_migration_files(const std::filesystem::path& directory, BackendKind backend);

// Orders versions part by part numerically: "1.10" > "1.9" > "1". Returns <0, 0 or >0.
int compare_versions(const std::string& a, const std::string& b);

}  // namespace v5store::detail
