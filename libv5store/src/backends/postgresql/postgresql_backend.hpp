// The PostgreSQL backend: one implementation of detail::Backend, split over the files of this
// folder (backend.cpp: sessions; dialect.cpp: types and DDL; error_mapping.cpp: errors;
// introspection.cpp: the live schema; locking.cpp: the migration lock; copy_insert.cpp: bulk
// inserts). Its member
// declarations are the ones every backend shares, in backends/backend_overrides.inc.
#pragma once

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

class PostgresqlBackend final : public Backend {
 public:
  explicit PostgresqlBackend(Pooler pooler) noexcept : pooler_(pooler) {}

#include "backends/backend_overrides.inc"

  // backend.cpp: named statements on a direct connection, unnamed ones behind a pooler.
  void prepare_statement(soci::statement& statement, const std::string& sql) const override;
  // copy_insert.cpp: the rows streamed with COPY FROM STDIN.
  void insert_rows(soci::session& session, const BulkInsert& insert, const BulkRows& rows,
                   std::optional<std::size_t>& failed_row) const override;

 private:
  Pooler pooler_;
};

// The PostgreSQL backend object for connections through `pooler` (one per pooler: the
// factory behind backend_for()).
const Backend& postgresql_backend(Pooler pooler);

}  // namespace v5store::detail
