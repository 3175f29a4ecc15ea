// PostgreSQL errors: mapped from the SQLSTATE that postgresql_soci_error carries.
#include "backends/postgresql/postgresql_backend.hpp"

#include <soci/postgresql/soci-postgresql.h>

namespace v5store::detail {

namespace {

ErrorCode map_sqlstate(const std::string& state) {
  if (state == "23505") return ErrorCode::unique_violation;
  if (state == "23503") return ErrorCode::foreign_key_violation;
  if (state == "23502") return ErrorCode::not_null_violation;
  if (state == "23514" || state == "23P01") return ErrorCode::check_violation;
  // string_data_right_truncation, numeric_value_out_of_range: the column's own limit.
  if (state == "22001" || state == "22003") return ErrorCode::check_violation;
  if (state == "40001") return ErrorCode::serialization_failure;
  if (state == "40P01") return ErrorCode::deadlock;
  if (state == "3D000" || state == "53300" || state == "57P01" || state == "57P02" ||
      state == "57P03") {
    return ErrorCode::connection;
  }
  // read_only_sql_transaction: the server no longer takes writes (a primary demoted by a
  // failover, a standby behind a stale address). A connection error, so that the pool drops
  // the connection and the next one (with target_session_attrs=read-write: to the new
  // primary) is made, and the transaction policy retries.
  if (state == "25006") return ErrorCode::connection;
  const std::string cls = state.substr(0, 2);
  if (cls == "08" || cls == "28") return ErrorCode::connection;
  if (cls == "22") return ErrorCode::validation;
  if (cls == "42" || cls == "3F") return ErrorCode::schema;
  return ErrorCode::unknown;
}

}  // namespace

MappedError PostgresqlBackend::map_error(const soci::soci_error& error) const {
  const bool broken = error.get_error_category() == soci::soci_error::connection_error;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    const std::string state = pg->sqlstate();
    MappedError mapped{broken ? ErrorCode::connection : map_sqlstate(state), state};
    // The DETAIL line quotes the row's values ("Key (email)=(ann@x.org) already exists",
    // "Failing row contains (...)"): only the column names before "=" are kept.
    const std::string message = error.get_error_message();
    const std::size_t detail = message.find("DETAIL:");
    mapped.message = message.substr(0, detail);
    while (!mapped.message.empty() && (mapped.message.back() == '\n' || mapped.message.back() == ' ')) {
      mapped.message.pop_back();
    }
    if (detail != std::string::npos) {
      const std::size_t end = message.find('\n', detail);
      const std::size_t key = message.find("Key (", detail);
      if (key != std::string::npos && key < end) {
        mapped.columns = split_names(text_between(message.substr(key), "Key", '(', ')'));
      }
      if (end != std::string::npos) mapped.message += message.substr(end);
    }
    mapped.constraint = text_between(message.substr(0, detail), "constraint", '"', '"');
    mapped.table = text_between(message.substr(0, detail), "relation", '"', '"');
    if (mapped.table.empty()) mapped.table = text_between(message.substr(0, detail), "on table", '"', '"');
    if (mapped.columns.empty()) {
      const std::string column = text_between(message.substr(0, detail), "in column", '"', '"');
      if (!column.empty()) mapped.columns.push_back(column);
    }
    return mapped;
  }
  return {broken ? ErrorCode::connection : ErrorCode::unknown, {}};
}

}  // namespace v5store::detail
