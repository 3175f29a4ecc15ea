// The MySQL and MariaDB backend: one implementation of detail::Backend, split over the files of this
// folder (backend.cpp: sessions; dialect.cpp: types and DDL; error_mapping.cpp: errors;
// introspection.cpp: the live schema; locking.cpp: the migration lock; galera.cpp: the nodes
// of a multi-host DSN and their Galera state; statement.cpp: native prepared statements). Its
// member declarations are the ones every backend shares, in backends/backend_overrides.inc,
// plus prepare() and insert_rows().
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

class MysqlBackend final : public Backend {
 public:
#include "backends/backend_overrides.inc"

  // statement.cpp: a prepared statement on the binary protocol, on the session's MYSQL handle.
  std::unique_ptr<PreparedStatement> prepare(soci::session& session, const std::string& sql,
                                             std::vector<StatementSlot>& params,
                                             std::vector<StatementSlot>& results) const override;
  // statement.cpp: a bulk INSERT as one execution with MariaDB's array binding.
  void insert_rows(soci::session& session, const BulkInsert& insert, const BulkRows& rows,
                   std::optional<std::size_t>& failed_row) const override;
};

// The one MySQL and MariaDB backend object (the factory behind backend_for()).
const Backend& mysql_backend();

// The DSN a node's SOCI session opens: `dsn` with connect_timeout (whole seconds, at least 1)
// and charset=utf8mb4 added unless it sets them.
std::string mysql_session_dsn(const std::string& dsn, std::chrono::milliseconds connect_timeout);

// Rewrites the string literals of `sql`: backquoted names and text outside single quotes are
// copied as they are, a doubled quote inside a literal stays '', and every other character
// inside a literal is handed to `inside(sql, i, out)`, which appends its rewrite to `out` and
// returns the index of the last character it consumed. dialect.cpp writes literals with
// backslash escapes, introspection.cpp reads them back to standard SQL.
using LiteralRewrite =
    std::function<std::size_t(std::string_view sql, std::size_t i, std::string& out)>;
std::string rewrite_string_literals(std::string_view sql, const LiteralRewrite& inside);

}  // namespace v5store::detail
