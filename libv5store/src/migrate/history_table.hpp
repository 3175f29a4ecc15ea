// The history table v5_schema_history: one row per applied (or failed) migration, Flyway's
// columns plus failed_statement. Created through the backend's dialect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "v5store/internal/backend.hpp"
#include "v5store/migrator.hpp"

namespace v5store::detail {

class HistoryTable {
 public:
  HistoryTable(const Backend& backend, soci::session& session)
      : backend_(backend), session_(session) {}

  // True when the table exists in the session's schema.
  bool exists();

  // Creates the table. Callers hold the migration lock and checked exists().
  void create();

  // Every row in installed_rank order; empty when the table does not exist.
  std::vector<HistoryEntry> read();

  // Appends a row; installed_rank is the next free rank, installed_on is now.
  void append(const HistoryEntry& entry);

  // Deletes the rows of failed migrations; returns their versions.
  std::vector<std::string> delete_failed();

  // Stores a new checksum for the row of `installed_rank`.
  void update_checksum(int installed_rank, std::int64_t checksum);

 private:
  std::string table() const;
  const Backend& backend_;
  soci::session& session_;
};

// The versions the history says are applied now: successful SQL and DECLARATIVE rows, minus
// versions undone by a later UNDO_SQL row. In installed_rank order.
std::vector<const HistoryEntry*> applied_entries(const std::vector<HistoryEntry>& history);

// The BASELINE row, if any.
const HistoryEntry* baseline_entry(const std::vector<HistoryEntry>& history);

// The failed rows.
std::vector<const HistoryEntry*> failed_entries(const std::vector<HistoryEntry>& history);

}  // namespace v5store::detail
