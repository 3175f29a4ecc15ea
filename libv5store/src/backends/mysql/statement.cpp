// MySQL / MariaDB native prepared statements: mysql_stmt_prepare / bind / execute / fetch on
// the MYSQL handle of the session SOCI opened, on the binary protocol (SOCI 4.0.3's MySQL
// backend sends every execution as a text query with the values spliced in). Values travel in
// the slot kinds SOCI used: integers as LONGLONG, reals as DOUBLE, and everything else as
// text, which the server converts exactly as it converted the literal text before (dates,
// decimals, json, uuid, bytes in hex). A result is stored on the client (mysql_stmt_store_result,
// as SOCI's mysql_store_result did), so another statement may run on the connection while it
// is read. Errors are thrown as soci::mysql_soci_error with the client's errno, so map_error
// treats both paths alike. insert_rows sends a bulk INSERT as one execution with array binding.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <soci/mysql/soci-mysql.h>

#include "backends/mysql/mysql_backend.hpp"

namespace v5store::detail {

namespace {

// `sql` with its :pN placeholders as `?`, and for each `?` in order the index N - 1 of its
// parameter slot (a placeholder may repeat or come out of order). Quoted text ('...', "...",
// `...`, with backslash escapes, as the session's sql_mode reads them) and `--` comments
// (which raw SQL keeps) are copied as they are.
struct PositionalSql {
  std::string sql;
  std::vector<std::size_t> sources;
};

PositionalSql positional_sql(const std::string& sql) {
  PositionalSql out;
  out.sql.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      std::size_t end = i + 1;
      while (end < sql.size() && sql[end] != c) end += (sql[end] == '\\' && c != '`') ? 2 : 1;
      end = end < sql.size() ? end : sql.size() - 1;
      out.sql.append(sql, i, end - i + 1);
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = std::min(sql.find('\n', i), sql.size() - 1);
      out.sql.append(sql, i, end - i + 1);
      i = end;
    } else if (c == ':' && i + 2 < sql.size() && sql[i + 1] == 'p' &&
               sql[i + 2] >= '1' && sql[i + 2] <= '9' && (i == 0 || sql[i - 1] != ':')) {
      std::size_t end = i + 2;
      std::size_t number = 0;
      while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') {
        number = number * 10 + static_cast<std::size_t>(sql[end] - '0');
        ++end;
      }
      out.sql += '?';
      out.sources.push_back(number - 1);
      i = end - 1;
    } else {
      out.sql += c;
    }
  }
  return out;
}

// A MYSQL_BIND with every member zero (the C API's documented initial state).
MYSQL_BIND empty_bind() {
  MYSQL_BIND bind;
  std::memset(&bind, 0, sizeof bind);
  return bind;
}

// One parameter of a bulk INSERT over all its rows, in the arrays of MariaDB's column-wise
// array binding: values of the parameter's kind (text as pointers and lengths) and a NULL
// indicator per row.
class ArrayParam {
 public:
  void fill(const BulkRows& rows, std::size_t column) {
    kind_ = rows.value(0, column).kind;
    indicators_.reserve(rows.size());
    for (std::size_t row = 0; row < rows.size(); ++row) {
      const BulkValue value = rows.value(row, column);
      indicators_.push_back(value.null ? STMT_INDICATOR_NULL : STMT_INDICATOR_NONE);
      switch (kind_) {
        case SlotKind::integer:
          integers_.push_back(value.integer);
          break;
        case SlotKind::real:
          reals_.push_back(value.real);
          break;
        case SlotKind::text:
          texts_.push_back(value.text.empty() ? "" : value.text.data());
          lengths_.push_back(value.text.size());
          break;
      }
    }
  }

  // The bind of the arrays, valid while this object lives.
  MYSQL_BIND bind() {
    MYSQL_BIND bind = empty_bind();
    bind.u.indicator = indicators_.data();
    switch (kind_) {
      case SlotKind::integer:
        bind.buffer_type = MYSQL_TYPE_LONGLONG;
        bind.buffer = integers_.data();
        break;
      case SlotKind::real:
        bind.buffer_type = MYSQL_TYPE_DOUBLE;
        bind.buffer = reals_.data();
        break;
      case SlotKind::text:
        bind.buffer_type = MYSQL_TYPE_STRING;
        bind.buffer = texts_.data();
        bind.length = lengths_.data();
        break;
    }
    return bind;
  }

 private:
  SlotKind kind_ = SlotKind::text;
  std::vector<long long> integers_;
  std::vector<double> reals_;
  std::vector<const char*> texts_;
  std::vector<unsigned long> lengths_;
  std::vector<char> indicators_;
};

class MysqlStatement final : public PreparedStatement {
 public:
  MysqlStatement(MYSQL* db, const std::string& sql, std::vector<StatementSlot>& params,
                 std::vector<StatementSlot>& results)
      : params_(params), results_(results) {
    statement_ = mysql_stmt_init(db);
    if (statement_ == nullptr) throw soci::mysql_soci_error(mysql_error(db), mysql_errno(db));
    PositionalSql positional = positional_sql(sql);
    sources_ = std::move(positional.sources);
    if (mysql_stmt_prepare(statement_, positional.sql.data(), positional.sql.size()) != 0) {
      std::string message = mysql_stmt_error(statement_);
      const unsigned number = mysql_stmt_errno(statement_);
      mysql_stmt_close(statement_);
      throw soci::mysql_soci_error(message, static_cast<int>(number));
    }
    for (const std::size_t source : sources_) {
      if (source >= params_.size()) {
        mysql_stmt_close(statement_);
        throw soci::mysql_soci_error("placeholder :p" + std::to_string(source + 1) +
                                         " has no parameter in " + sql,
                                     0);
      }
    }
    param_binds_.assign(sources_.size(), empty_bind());
    param_nulls_.assign(sources_.size(), 0);
    param_lengths_.assign(sources_.size(), 0);
    result_binds_.assign(results_.size(), empty_bind());
    result_nulls_.assign(results_.size(), 0);
    result_lengths_.assign(results_.size(), 0);
    result_errors_.assign(results_.size(), 0);
  }
  ~MysqlStatement() override { mysql_stmt_close(statement_); }
  MysqlStatement(const MysqlStatement&) = delete;
  MysqlStatement& operator=(const MysqlStatement&) = delete;

  bool execute() override {
    end_result();
    bind_params();
    if (mysql_stmt_execute(statement_) != 0) fail();
    if (mysql_stmt_field_count(statement_) == 0) return false;
    if (results_.empty()) {  // a result nobody reads (raw execute() of a SELECT)
      mysql_stmt_free_result(statement_);
      return false;
    }
    bind_results();
    if (mysql_stmt_store_result(statement_) != 0) fail();
    running_ = true;
    return fetch();
  }

  bool fetch() override {
    if (!running_) return false;
    const int rc = mysql_stmt_fetch(statement_);
    if (rc == MYSQL_NO_DATA) {
      end_result();
      return false;
    }
    if (rc == 1) fail();
    read_row();  // rc is 0 or MYSQL_DATA_TRUNCATED: text is read column by column
    return true;
  }

  void end_result() noexcept override {
    if (!running_) return;
    running_ = false;
    mysql_stmt_free_result(statement_);
  }

  long long affected_rows() override {
    return static_cast<long long>(mysql_stmt_affected_rows(statement_));
  }

  // Runs the statement (without result) once for every row of `rows` in one execution, by
  // MariaDB's array binding (STMT_ATTR_ARRAY_SIZE): each parameter an array over the rows,
  // text by pointer into the rows (no copy).
  void execute_rows(const BulkRows& rows) {
    end_result();
    std::vector<ArrayParam> arrays(sources_.size());
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      arrays[i].fill(rows, sources_[i]);
      param_binds_[i] = arrays[i].bind();
    }
    unsigned int size = static_cast<unsigned int>(rows.size());
    if (mysql_stmt_attr_set(statement_, STMT_ATTR_ARRAY_SIZE, &size) != 0) fail();
    if (mysql_stmt_bind_param(statement_, param_binds_.data()) != 0) fail();
    if (mysql_stmt_execute(statement_) != 0) fail();
  }

 private:
  // Points the parameter binds at the slots; text is read in place until the execution.
  void bind_params() {
    if (sources_.empty()) return;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      StatementSlot& slot = params_[sources_[i]];
      MYSQL_BIND& bind = param_binds_[i];
      bind = empty_bind();
      param_nulls_[i] = slot.indicator == soci::i_null ? 1 : 0;
      bind.is_null = &param_nulls_[i];
      switch (slot.kind) {
        case SlotKind::integer:
          bind.buffer_type = MYSQL_TYPE_LONGLONG;
          bind.buffer = &slot.integer;
          break;
        case SlotKind::real:
          bind.buffer_type = MYSQL_TYPE_DOUBLE;
          bind.buffer = &slot.real;
          break;
        case SlotKind::text:
          bind.buffer_type = MYSQL_TYPE_STRING;
          bind.buffer = slot.text.data();
          bind.buffer_length = slot.text.size();
          param_lengths_[i] = slot.text.size();
          bind.length = &param_lengths_[i];
          break;
      }
    }
    if (mysql_stmt_bind_param(statement_, param_binds_.data()) != 0) fail();
  }

  // Binds the result columns: numbers straight into their slots, text with no buffer (its
  // length is read, then the text by mysql_stmt_fetch_column).
  void bind_results() {
    if (mysql_stmt_field_count(statement_) != results_.size()) {
      mysql_stmt_free_result(statement_);
      throw soci::mysql_soci_error("the statement returns " +
                                       std::to_string(mysql_stmt_field_count(statement_)) +
                                       " columns, " + std::to_string(results_.size()) +
                                       " are read",
                                   0);
    }
    for (std::size_t i = 0; i < results_.size(); ++i) {
      StatementSlot& slot = results_[i];
      MYSQL_BIND& bind = result_binds_[i];
      bind = empty_bind();
      bind.is_null = &result_nulls_[i];
      bind.length = &result_lengths_[i];
      bind.error = &result_errors_[i];
      switch (slot.kind) {
        case SlotKind::integer:
          bind.buffer_type = MYSQL_TYPE_LONGLONG;
          bind.buffer = &slot.integer;
          break;
        case SlotKind::real:
          bind.buffer_type = MYSQL_TYPE_DOUBLE;
          bind.buffer = &slot.real;
          break;
        case SlotKind::text:
          bind.buffer_type = MYSQL_TYPE_STRING;
          break;
      }
    }
    if (mysql_stmt_bind_result(statement_, result_binds_.data()) != 0) fail();
  }

  // Completes the fetched row in the result slots: NULLs marked, text read at its length.
  void read_row() {
    for (std::size_t i = 0; i < results_.size(); ++i) {
      StatementSlot& slot = results_[i];
      slot.indicator = result_nulls_[i] ? soci::i_null : soci::i_ok;
      if (slot.kind != SlotKind::text) continue;
      slot.text.clear();
      if (result_nulls_[i] || result_lengths_[i] == 0) continue;
      slot.text.resize(result_lengths_[i]);
      MYSQL_BIND bind = result_binds_[i];
      bind.buffer = slot.text.data();
      bind.buffer_length = slot.text.size();
      if (mysql_stmt_fetch_column(statement_, &bind, static_cast<unsigned>(i), 0) != 0) fail();
    }
  }

  // Throws the statement's error, leaving no result pending.
  [[noreturn]] void fail() {
    std::string message = mysql_stmt_error(statement_);
    const unsigned number = mysql_stmt_errno(statement_);
    end_result();
    throw soci::mysql_soci_error(message, static_cast<int>(number));
  }

  MYSQL_STMT* statement_ = nullptr;
  std::vector<StatementSlot>& params_;
  std::vector<StatementSlot>& results_;
  std::vector<std::size_t> sources_;  // the parameter slot of each `?`
  std::vector<MYSQL_BIND> param_binds_;
  std::vector<char> param_nulls_;
  std::vector<unsigned long> param_lengths_;
  std::vector<MYSQL_BIND> result_binds_;
  std::vector<char> result_nulls_;
  std::vector<unsigned long> result_lengths_;
  std::vector<char> result_errors_;
  bool running_ = false;  // a stored result is being read
};

}  // namespace

namespace {

MYSQL* native_handle(soci::session& session) {
  return static_cast<soci::mysql_session_backend*>(session.get_backend())->conn_;
}

}  // namespace

std::unique_ptr<PreparedStatement> MysqlBackend::prepare(
    soci::session& session, const std::string& sql, std::vector<StatementSlot>& params,
    std::vector<StatementSlot>& results) const {
  return std::make_unique<MysqlStatement>(native_handle(session), sql, params, results);
}

void MysqlBackend::insert_rows(soci::session& session, const BulkInsert& insert,
                               const BulkRows& rows, std::optional<std::size_t>& failed_row) const {
  MYSQL* db = native_handle(session);
  // Array binding is MariaDB's (10.2 and later); a MySQL server gets Backend's bulk binding.
  if (rows.size() == 0 || !mariadb_connection(db)) {
    Backend::insert_rows(session, insert, rows, failed_row);
    return;
  }
  std::vector<StatementSlot> params(rows.width());
  std::vector<StatementSlot> none;
  MysqlStatement statement(db, insert.sql, params, none);
  statement.execute_rows(rows);  // one execution: the server does not tell which row failed
}

}  // namespace v5store::detail
