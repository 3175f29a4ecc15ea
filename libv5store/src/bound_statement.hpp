// BoundStatement: one prepared SOCI statement with typed parameter and result slots, so it
// can be executed many times with new values without being prepared again.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "backends/backend.hpp"
#include "v5store/types.hpp"

namespace v5store::detail {

class BoundStatement {
 public:
  // Prepares `sql` (placeholders :p1..:pN in order) on `session`. `params` and `results` are
  // the field types of the placeholders and of the selected columns, in order. Throws the
  // mapped v5store::Error when the statement does not prepare.
  BoundStatement(soci::session& session, const Backend& backend, std::string sql,
                 std::vector<FieldType> params, std::vector<FieldType> results);

  // Sets parameter i (0-based) for the next execute(). Throws Error(validation) when the
  // value's alternative does not fit the parameter's type.
  void bind(std::size_t i, const Value& value);

  // Executes with the bound values. With result columns, fetches the first row and returns
  // whether there was one; without, returns true. Throws the mapped v5store::Error.
  bool execute();

  // Fetches the next row; false at the end.
  bool fetch();

  // The value of result column i of the current row.
  Value result(std::size_t i) const;

  // Rows changed by the last execute() of an INSERT/UPDATE/DELETE.
  long long affected_rows();

  const std::string& sql() const noexcept { return sql_; }

 private:
  struct Slot;
  soci::session& session_;
  const Backend& backend_;
  std::string sql_;
  std::vector<FieldType> param_types_;
  std::vector<FieldType> result_types_;
  std::vector<Slot> params_;
  std::vector<Slot> results_;
  soci::statement statement_;
};

}  // namespace v5store::detail
