// SQLite's native prepared statement: sqlite3_prepare_v2 / bind / step / column on the
// session's own handle, skipping SOCI's exchange layer. Values travel exactly as through
// SOCI 4.0.3's sqlite3 backend: parameters bound by position (sqlite3_bind_int64, _double,
// _text, _null), columns read with sqlite3_column_int64, _double and _text (NULL by
// sqlite3_column_type, asked only when the value reads as a NULL does), errors thrown as
// soci::sqlite3_soci_error with the (extended) result code, so map_error treats both paths
// alike. The statement is reset once per execution: when its result ends (SQLITE_DONE, an
// error, or end_result()), never again before the next run. SqliteBackend::insert_rows runs
// one such statement per row of a bulk INSERT, binding each value where the rows hold it (no
// copy).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <soci/sqlite3/soci-sqlite3.h>

#include "backends/sqlite/sqlite_backend.hpp"

namespace v5store::detail {

namespace {

using namespace sqlite_api;  // SOCI's header wraps sqlite3.h in this namespace

class SqliteStatement final : public PreparedStatement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql, std::vector<StatementSlot>& params,
                  std::vector<StatementSlot>& results)
      : db_(db), params_(params), results_(results) {
    const int rc =
        sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement_, nullptr);
    if (rc != SQLITE_OK) fail(rc);
  }
  ~SqliteStatement() override { sqlite3_finalize(statement_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  bool execute() override {
    end_result();
    for (std::size_t i = 0; i < params_.size(); ++i) {
      const StatementSlot& slot = params_[i];
      bind(static_cast<int>(i),
           {slot.kind, slot.indicator == soci::i_null, slot.integer, slot.real, slot.text});
    }
    return step();
  }

  // Runs the statement (without result) with the values of row `row` of `rows`, which stay
  // bound in place until the next run.
  void execute_row(const BulkRows& rows, std::size_t row) {
    end_result();
    for (std::size_t c = 0; c < rows.width(); ++c) bind(static_cast<int>(c), rows.value(row, c));
    step();
  }

  bool fetch() override { return running_ && step(); }

  void end_result() noexcept override {
    if (!running_) return;
    running_ = false;
    sqlite3_reset(statement_);
  }

  long long affected_rows() override { return sqlite3_changes(db_); }

 private:
  // Binds parameter i + 1; its text is read in place (SQLITE_STATIC): the caller keeps it
  // until the next execution.
  void bind(int i, const BulkValue& slot) {
    int rc = SQLITE_OK;
    if (slot.null) {
      rc = sqlite3_bind_null(statement_, i + 1);
    } else {
      switch (slot.kind) {
        case SlotKind::integer:
          rc = sqlite3_bind_int64(statement_, i + 1, slot.integer);
          break;
        case SlotKind::real:
          rc = sqlite3_bind_double(statement_, i + 1, slot.real);
          break;
        case SlotKind::text:
          rc = sqlite3_bind_text(statement_, i + 1, slot.text.data(),
                                 static_cast<int>(slot.text.size()), SQLITE_STATIC);
          break;
      }
    }
    if (rc != SQLITE_OK) fail(rc);
  }

  // One step: a row is read into the result slots; at the end of the result, or on an error,
  // the statement is reset (ending its read transaction).
  bool step() {
    running_ = true;
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) {
      for (std::size_t i = 0; i < results_.size(); ++i) read(static_cast<int>(i), results_[i]);
      return true;
    }
    if (rc == SQLITE_DONE) {
      end_result();
      return false;
    }
    fail(rc);
  }

  // Reads column `i` into `slot`. A NULL reads as 0, 0.0 or no text, so sqlite3_column_type
  // is asked only for such a value: one call less for every other column.
  void read(int i, StatementSlot& slot) {
    slot.indicator = soci::i_ok;
    switch (slot.kind) {
      case SlotKind::integer:
        slot.integer = sqlite3_column_int64(statement_, i);
        if (slot.integer == 0) mark_null(i, slot);
        return;
      case SlotKind::real:
        slot.real = sqlite3_column_double(statement_, i);
        if (slot.real == 0) mark_null(i, slot);
        return;
      case SlotKind::text: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, i));
        const int size = sqlite3_column_bytes(statement_, i);
        if (text == nullptr || size <= 0) {
          slot.text.clear();
          mark_null(i, slot);
        } else {
          slot.text.assign(text, static_cast<std::size_t>(size));
        }
        return;
      }
    }
  }

  // Marks `slot` NULL when column `i` is.
  void mark_null(int i, StatementSlot& slot) {
    if (sqlite3_column_type(statement_, i) == SQLITE_NULL) slot.indicator = soci::i_null;
  }

  // Throws the error of result code `rc` (the message is read before the reset, which may
  // replace it), leaving the statement reset for its next execution.
  [[noreturn]] void fail(int rc) {
    std::string message = sqlite3_errmsg(db_);
    end_result();
    throw soci::sqlite3_soci_error(message, rc);
  }

  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  std::vector<StatementSlot>& params_;
  std::vector<StatementSlot>& results_;
  bool running_ = false;  // stepped since the last reset
};

}  // namespace

std::unique_ptr<PreparedStatement> SqliteBackend::prepare(
    soci::session& session, const std::string& sql, std::vector<StatementSlot>& params,
    std::vector<StatementSlot>& results) const {
  return std::make_unique<SqliteStatement>(native_handle(session), sql, params, results);
}

void SqliteBackend::insert_rows(soci::session& session, const BulkInsert& insert,
                                const BulkRows& rows,
                                std::optional<std::size_t>& failed_row) const {
  std::vector<StatementSlot> none;
  SqliteStatement statement(native_handle(session), insert.sql, none, none);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    try {
      statement.execute_row(rows, row);
    } catch (...) {
      failed_row = row;
      throw;
    }
  }
}

}  // namespace v5store::detail
