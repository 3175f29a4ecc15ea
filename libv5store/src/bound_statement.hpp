// BoundStatement: one prepared SOCI statement with typed parameter and result slots, so it
// can be executed many times with new values without being prepared again.
//
// Each parameter and result column has one slot (a long long, double or std::string, chosen
// by slot_kind() of its FieldType, plus a soci::indicator). The slots are bound to the
// soci::statement once, at construction; SOCI reads the use slots on every execute() and
// writes the into slots on every fetch, so new values only need to be stored in the slots.
//
// execute() reads the whole result set into memory and so runs the statement to completion:
// on SQLite a statement left mid-result would keep its read transaction (and stale snapshot)
// open while it waits in the statement cache.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "backends/backend.hpp"
#include "v5store/types.hpp"

namespace v5store::detail {
class StatementProbe;
}

namespace v5store::detail {

class BoundStatement {
 public:
  // Prepares `sql` (placeholders :p1..:pN in order) on `session`. `params` and `results` are
  // the field types of the placeholders and of the selected columns, in order. Throws the
  // mapped v5store::Error when the statement does not prepare.
  BoundStatement(soci::session& session, const Backend& backend, std::string sql,
                 std::vector<FieldType> params, std::vector<FieldType> results);
  ~BoundStatement();
  BoundStatement(const BoundStatement&) = delete;
  BoundStatement& operator=(const BoundStatement&) = delete;

  // Sets parameter i (0-based) for the next execute(). Throws Error(validation) when the
  // value's alternative does not fit the parameter's type (or an int32 is out of range).
  void bind(std::size_t i, const Value& value);

  // Executes with the bound values. With result columns, reads every row and positions on the
  // first; returns whether there was one. Without, returns true. Throws the mapped
  // v5store::Error (the statement stays usable).
  bool execute();

  // Moves to the next row; false at the end.
  bool fetch();

  // The value of result column i of the current row.
  Value result(std::size_t i) const;

  // The number of rows the last execute() returned.
  std::size_t row_count() const noexcept { return rows_.size(); }

  // Rows changed by the last execute() of an INSERT/UPDATE/DELETE.
  long long affected_rows();

  const std::string& sql() const noexcept { return sql_; }

  // Counts every later execute() (duration, rows, failure) into `probe`, which the statement
  // releases when it is destroyed; nullptr: none (monitoring off). Called once, by the
  // connection that prepared it.
  void observe(StatementProbe* probe) noexcept { probe_ = probe; }

 private:
  struct Slot;
  void bind_slots();
  Value read_slot(std::size_t i) const;

  soci::session& session_;
  const Backend& backend_;
  std::string sql_;
  std::vector<FieldType> param_types_;
  std::vector<FieldType> result_types_;
  std::vector<Slot> params_;
  std::vector<Slot> results_;
  std::vector<std::vector<Value>> rows_;
  std::size_t row_ = 0;
  StatementProbe* probe_ = nullptr;
  soci::statement statement_;
};

}  // namespace v5store::detail
