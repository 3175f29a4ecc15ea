// The SQLite backend: one implementation of detail::Backend, split over the files of this
// folder (backend.cpp: sessions; dialect.cpp: types and DDL; error_mapping.cpp: errors;
// introspection.cpp: the live schema; locking.cpp: the migration lock). Its member
// declarations are the ones every backend shares, in backends/backend_overrides.inc, plus
// prepare() and insert_rows() (statement.cpp: SQLite's native prepared statement; the other
// backends keep Backend's defaults on SOCI's statement).
#pragma once

#include <soci/sqlite3/soci-sqlite3.h>

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

class SqliteBackend final : public Backend {
 public:
#include "backends/backend_overrides.inc"

  // statement.cpp
  // dialect.cpp: case-sensitive LIKE is GLOB, with the pattern translated.
  std::string like_pattern(std::string_view pattern, bool ignore_case) const override;
  std::unique_ptr<PreparedStatement> prepare(soci::session& session, const std::string& sql,
                                             std::vector<StatementSlot>& params,
                                             std::vector<StatementSlot>& results) const override;
  void insert_rows(soci::session& session, const BulkInsert& insert, const BulkRows& rows,
                   std::optional<std::size_t>& failed_row) const override;
};

// The sqlite3 handle of a session opened by SqliteBackend::open (backend.cpp).
sqlite_api::sqlite3* native_handle(soci::session& session);

// The one SQLite backend object (the factory behind backend_for()).
const Backend& sqlite_backend();

}  // namespace v5store::detail
