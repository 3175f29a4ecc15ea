// SQLite errors: mapped from the (extended) result code that sqlite3_soci_error carries;
// extended result codes are switched on at open so constraint kinds are distinguishable.
#include "backends/sqlite/sqlite_backend.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

namespace v5store::detail {

namespace {

ErrorCode map_result_code(int result) {
  switch (result) {
    case 2067:  // SQLITE_CONSTRAINT_UNIQUE
    case 1555:  // SQLITE_CONSTRAINT_PRIMARYKEY
    case 2579:  // SQLITE_CONSTRAINT_ROWID
      return ErrorCode::unique_violation;
    case 787:   // SQLITE_CONSTRAINT_FOREIGNKEY
    case 1811:  // SQLITE_CONSTRAINT_TRIGGER: how SQLite reports ON DELETE RESTRICT (v5store
                // creates no triggers of its own)
      return ErrorCode::foreign_key_violation;
    case 1299:  // SQLITE_CONSTRAINT_NOTNULL
      return ErrorCode::not_null_violation;
    case 275:  // SQLITE_CONSTRAINT_CHECK
      return ErrorCode::check_violation;
    default:
      break;
  }
  switch (result & 0xff) {
    case 5:  // SQLITE_BUSY (incl. BUSY_SNAPSHOT: a WAL snapshot went stale)
    case 6:  // SQLITE_LOCKED
      return ErrorCode::serialization_failure;
    case 14:  // SQLITE_CANTOPEN
    case 26:  // SQLITE_NOTADB
      return ErrorCode::connection;
    case 18:  // SQLITE_TOOBIG
    case 20:  // SQLITE_MISMATCH
    case 25:  // SQLITE_RANGE
      return ErrorCode::validation;
    default:
      return ErrorCode::unknown;
  }
}

}  // namespace

MappedError SqliteBackend::map_error(const soci::soci_error& error) const {
  if (const auto* sqlite = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    MappedError mapped{map_result_code(sqlite->result()), std::to_string(sqlite->result())};
    // "UNIQUE constraint failed: customers.email[, customers.x]" (no values in SQLite's text).
    const std::string message = error.get_error_message();
    const std::size_t colon = message.find("constraint failed: ");
    if (colon != std::string::npos && is_constraint_violation(mapped.code)) {
      for (const std::string& name : split_names(message.substr(colon + 19))) {
        const std::size_t dot = name.find('.');
        if (dot == std::string::npos) continue;
        mapped.table = name.substr(0, dot);
        mapped.columns.push_back(name.substr(dot + 1));
      }
    }
    return mapped;
  }
  if (error.get_error_category() == soci::soci_error::connection_error) {
    return {ErrorCode::connection, {}};
  }
  return {ErrorCode::unknown, {}};
}

}  // namespace v5store::detail
