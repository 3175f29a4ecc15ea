// PostgreSQL bulk insert: the rows streamed with COPY ... FROM STDIN in the text format, on
// the session's own connection, in the caller's transaction. One round trip to start the
// COPY and one to end it, whatever the number of rows (SOCI's vector binding executes the
// prepared INSERT once per row, a round trip each).
#include <libpq-fe.h>

#include <charconv>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <soci/postgresql/soci-postgresql.h>

#include "backends/postgresql/postgresql_backend.hpp"

namespace v5store::detail {

namespace {

// Rows are sent to the server in chunks of about this many bytes.
constexpr std::size_t kChunkBytes = 256 * 1024;

// A libpq result, cleared when it goes.
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Appends `text` escaped for the COPY text format: backslash, tab, newline and carriage
// return are the format's own characters.
void append_escaped(std::string& out, std::string_view text) {
  for (std::size_t special; (special = text.find_first_of("\\\t\n\r")) != std::string_view::npos;) {
    out.append(text.data(), special);
    switch (text[special]) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += "\\r";
        break;
    }
    text.remove_prefix(special + 1);
  }
  out.append(text);
}

// Appends one value as the column's INSERT would have bound it (dialect.cpp's
// bind_expression): bytes travel as hex, timestamps as UTC.
void append_value(std::string& out, const BulkValue& value, FieldType type) {
  if (value.null) {
    out += "\\N";
    return;
  }
  char digits[32];
  switch (value.kind) {
    case SlotKind::integer: {
      const auto end = std::to_chars(digits, digits + sizeof digits, value.integer).ptr;
      out.append(digits, end);
      return;
    }
    case SlotKind::real: {
      const auto end = std::to_chars(digits, digits + sizeof digits, value.real).ptr;
      out.append(digits, end);
      return;
    }
    case SlotKind::text:
      if (type == FieldType::bytes) out += "\\\\x";  // bytea's hex input, its backslash escaped
      append_escaped(out, value.text);
      if (type == FieldType::timestamp) out += "+00";
      return;
  }
}

// The error of a failed COPY as SOCI reports a failed statement: the server's message and
// DETAIL line (map_error keeps the names from it, never the values), not its CONTEXT line,
// which quotes the row. Sets `failed_row` from the CONTEXT's "line N".
[[noreturn]] void throw_copy_error(PGconn* connection, const PGresult* result,
                                   std::optional<std::size_t>& failed_row) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  const char* context = result != nullptr ? PQresultErrorField(result, PG_DIAG_CONTEXT) : nullptr;
  std::string message = "ERROR:  ";
  message += primary != nullptr ? primary : PQerrorMessage(connection);
  if (detail != nullptr) message += std::string("\nDETAIL:  ") + detail;
  if (context != nullptr) {
    const std::string_view text(context);
    const auto line = text.find(", line ");
    std::size_t number = 0;
    if (line != std::string_view::npos) {
      const char* begin = text.data() + line + 7;
      if (std::from_chars(begin, text.data() + text.size(), number).ec == std::errc() &&
          number > 0) {
        failed_row = number - 1;
      }
    }
  }
  // No SQLSTATE: the connection failed (08006, a connection error for map_error).
  throw soci::postgresql_soci_error(message, state != nullptr ? state : "08006");
}

// Runs `command` and expects it to leave the connection in COPY IN mode.
void begin_copy(PGconn* connection, const std::string& command,
                std::optional<std::size_t>& failed_row) {
  const Result result(PQexec(connection, command.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) {
    throw_copy_error(connection, result.get(), failed_row);
  }
}

// Ends the COPY and reads its outcome (every result, so that the connection is ready).
void end_copy(PGconn* connection, std::optional<std::size_t>& failed_row) {
  if (PQputCopyEnd(connection, nullptr) != 1) throw_copy_error(connection, nullptr, failed_row);
  Result failed(nullptr, &PQclear);
  while (PGresult* next = PQgetResult(connection)) {
    Result result(next, &PQclear);
    if (PQresultStatus(next) != PGRES_COMMAND_OK && failed == nullptr) failed = std::move(result);
  }
  if (failed != nullptr) throw_copy_error(connection, failed.get(), failed_row);
}

}  // namespace

void PostgresqlBackend::insert_rows(soci::session& session, const BulkInsert& insert,
                                    const BulkRows& rows,
                                    std::optional<std::size_t>& failed_row) const {
  PGconn* connection = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
  std::string command = "COPY " + insert.table + " (";
  for (std::size_t c = 0; c < insert.columns.size(); ++c) {
    command += (c == 0 ? "" : ", ") + insert.columns[c];
  }
  command += ") FROM STDIN";
  begin_copy(connection, command, failed_row);

  std::string chunk;
  chunk.reserve(kChunkBytes + 4096);
  const auto send = [&] {
    if (PQputCopyData(connection, chunk.data(), static_cast<int>(chunk.size())) != 1) {
      throw_copy_error(connection, nullptr, failed_row);
    }
    chunk.clear();
  };
  for (std::size_t row = 0; row < rows.size(); ++row) {
    for (std::size_t column = 0; column < rows.width(); ++column) {
      if (column > 0) chunk += '\t';
      append_value(chunk, rows.value(row, column), insert.types[column]);
    }
    chunk += '\n';
    if (chunk.size() >= kChunkBytes) send();
  }
  if (!chunk.empty()) send();
  end_copy(connection, failed_row);
}

}  // namespace v5store::detail
