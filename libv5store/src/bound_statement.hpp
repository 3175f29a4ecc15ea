// BoundStatement: one prepared statement with typed parameter and result slots, so it can be
// executed many times with new values without being prepared again.
//
// Each parameter and result column has one slot (a long long, double or std::string, chosen
// by slot_kind() of its FieldType, plus a soci::indicator). The slots are bound to the
// backend's prepared statement (Backend::prepare: SOCI's statement, or SQLite's own) once, at
// construction; it reads the parameter slots on every execute() and writes the result slots
// on every fetch, so new values only need to be stored in the slots.
//
// execute() reads the result set into memory (every row, or at most `max_rows`) and never
// leaves the statement mid-result: on SQLite a statement left mid-result would keep its read
// transaction (and stale snapshot) open while it waits in the statement cache. When it stops
// at `max_rows` it ends the result (PreparedStatement::end_result) instead of
// fetching on, so a point select costs one fetch, as with a bare SOCI statement. The rows are
// kept in one flat buffer reused by the next execute(); the single row of execute(1) stays in
// the slots and is converted as it is read (take_result moves its text out).
//
// execute_each() reads the rows one at a time instead, each converted once from the slots by
// its visitor (no buffer), and ends the result before it returns or throws.
#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "v5store/internal/backend.hpp"
#include "v5store/types.hpp"

namespace v5store::detail {
class StatementProbe;
}

namespace v5store::detail {

// A callable `bool()` that BoundStatement::execute_each() calls on each row; refers to the
// callable without owning it (it must outlive the call), so passing one never allocates.
class RowVisitor {
 public:
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, RowVisitor> &&
             std::is_invocable_r_v<bool, F&>)
  RowVisitor(F&& visit) noexcept  // NOLINT: implicit, as a function reference
      : object_(const_cast<void*>(static_cast<const void*>(&visit))),
        call_([](void* object) -> bool { return (*static_cast<std::remove_reference_t<F>*>(object))(); }) {}

  bool operator()() const { return call_(object_); }

 private:
  void* object_;
  bool (*call_)(void*);
};

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
  // value's alternative does not fit the parameter's type (or an int32 is out of range), or
  // when the backend cannot store the text as it is (Backend::refuses_text: NUL on PostgreSQL).
  void bind(std::size_t i, const Value& value);

  static constexpr std::size_t kAllRows = std::numeric_limits<std::size_t>::max();

  // Executes with the bound values. With result columns, reads every row (at most `max_rows`:
  // 1 for a select by key) and positions on the first; returns whether there was one. Without,
  // returns true. Throws the mapped v5store::Error (the statement stays usable).
  bool execute(std::size_t max_rows = kAllRows);

  // Moves to the next row; false at the end.
  bool fetch();

  // Executes with the bound values and calls `visit` on each row in turn, the statement
  // positioned on it (result() and take_result() read it from the result slots), until
  // `visit` returns false or the rows end; then ends the result, also when `visit` throws.
  // Returns the number of rows read, the one `visit` returned false on included. Throws the
  // mapped v5store::Error as execute() does (a value that cannot be read included), and
  // whatever else `visit` throws. There is no current row afterwards.
  std::size_t execute_each(RowVisitor visit);

  // The value of result column i of the current row; valid until the next execute(). Throws
  // Error(not_found) when there is no current row or no column i.
  const Value& result(std::size_t i) {
    check_current(i);
    if (row_in_slots_) store_row();
    return values_[row_ * result_types_.size() + i];
  }

  // Moves the value of result column i of the current row out (the column is left unspecified
  // until the next execute()). Throws like result().
  Value take_result(std::size_t i) {
    check_current(i);
    if (row_in_slots_) return take_slot(i);
    return std::move(values_[row_ * result_types_.size() + i]);
  }

  // Names the result columns that identify a row (its key: column index and name), so that a
  // value that cannot be read back (a malformed date another program stored) fails with an
  // error naming the row's key ("row id=7, result column 3: malformed date '2023-02-30'")
  // rather than only its position. Kept for the statement's life.
  void identify_rows_by(std::vector<std::pair<std::size_t, std::string>> key_columns) {
    key_columns_ = std::move(key_columns);
  }
  bool identifies_rows() const noexcept { return !key_columns_.empty(); }

  // The number of rows the last execute() read.
  std::size_t row_count() const noexcept { return rows_; }

  // Rows changed by the last execute() of an INSERT/UPDATE/DELETE.
  long long affected_rows();

  const std::string& sql() const noexcept { return sql_; }
  // The field types of the placeholders and of the result columns it was prepared with.
  const std::vector<FieldType>& param_types() const noexcept { return param_types_; }
  const std::vector<FieldType>& result_types() const noexcept { return result_types_; }

  // Counts every later execute() (duration, rows, failure) into `probe`, which the statement
  // releases when it is destroyed; nullptr: none (monitoring off). Called once, by the
  // connection that prepared it.
  void observe(StatementProbe* probe) noexcept { probe_ = probe; }

  // Sets `*broken` when an execution fails with Error(connection): the session is gone, and
  // the pool must close the connection instead of lending it again. Called once, by the
  // connection that prepared it (`broken` is its Connection::broken).
  void mark_broken_on_connection_error(bool* broken) noexcept { broken_ = broken; }

 private:
  // Stores the fetched row (the into slots) as row rows_ of values_ (or, for the row still
  // held in the slots, as row 0).
  void store_row();
  // Column i of the row held in the slots into `out` (a string value reuses out's buffer).
  void read_slot(std::size_t i, Value& out);
  // Column i of the row held in the slots, its text moved out.
  Value take_slot(std::size_t i);
  void check_current(std::size_t i) const {
    if (row_ >= rows_ || i >= result_types_.size()) throw_no_result(i);
  }
  [[noreturn]] void throw_no_result(std::size_t i) const;
  // Rethrows the exception in flight as the mapped v5store::Error with `context`, marking the
  // connection broken first when it is Error(connection).
  [[noreturn]] void fail(std::string_view context);
  // Completes a mapped `error` of an execution as fail() does: marks the connection broken
  // on Error(connection) and, on the debugging opt-in, names the bound values.
  void describe_failure(Error& error);
  // Rethrows `failure` (decoding result column i of the row in the slots) naming the row.
  [[noreturn]] void throw_unreadable(std::size_t i, const Error& failure);

  const Backend& backend_;
  std::string sql_;
  std::vector<FieldType> param_types_;
  std::vector<FieldType> result_types_;
  std::vector<StatementSlot> params_;
  std::vector<StatementSlot> results_;
  std::vector<Value> values_;  // rows_ rows of results_.size() values, row after row
  std::vector<std::pair<std::size_t, std::string>> key_columns_;  // identify_rows_by()
  std::size_t rows_ = 0;
  std::size_t row_ = 0;
  // execute(1) leaves its row in the slots; it is converted column by column as it is read.
  bool row_in_slots_ = false;
  std::size_t slot_row_ = 1;  // the number of the row in the slots, counted from 1
  bool visiting_ = false;     // inside execute_each()'s visitor
  StatementProbe* probe_ = nullptr;
  bool* broken_ = nullptr;  // the owning connection's Connection::broken; null: none
  std::unique_ptr<PreparedStatement> statement_;  // bound to params_ and results_
};

}  // namespace v5store::detail
