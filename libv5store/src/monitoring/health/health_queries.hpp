// The backend-specific questions the health categories ask a database. One implementation per
// backend in health/backends/<name>.cpp, each answering the same questions from its own
// sources (docs/monitoring.md lists them). nullopt means "this backend cannot tell".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "v5store/types.hpp"

namespace v5store::detail {

struct OpenTransaction {
  std::int64_t id = 0;       // server process / thread id
  double age_seconds = 0;    // since the transaction began
  bool own = false;          // a session of this store (same user, database and application)
  std::string state;         // "active", "idle in transaction", ...
};

struct ArchiverState {
  std::uint64_t archived = 0;
  std::uint64_t failed = 0;
  std::optional<double> last_archived_age_seconds;
  std::optional<double> last_failed_age_seconds;
};

// A full table scan found in a plan.
struct FullScan {
  std::string table;
  std::string plan_line;
};

class HealthQueries {
 public:
  virtual ~HealthQueries() = default;

  // Whether `table` exists in the current schema / database.
  virtual bool table_exists(soci::session& s, const std::string& table) const = 0;

  // Open transactions on the server, oldest first, excluding this session.
  virtual std::vector<OpenTransaction> open_transactions(soci::session& s) const = 0;

  // Deadlocks the server has counted (cumulative), when it counts them.
  virtual std::optional<std::uint64_t> deadlocks(soci::session& s) const = 0;

  // Asks the server to cancel the statement of transaction `id` of this store. True when the
  // server accepted the request.
  virtual bool cancel(soci::session& s, std::int64_t id) const = 0;

  // Size of the database in bytes.
  virtual std::optional<double> database_size_bytes(soci::session& s) const = 0;

  // A local directory holding the data (for free-disk figures): the SQLite file's folder, the
  // server's data directory when the server reports it.
  virtual std::optional<std::string> data_directory(soci::session& s) const = 0;

  // SQLite's PRAGMA quick_check: "ok" or the first problem. nullopt elsewhere.
  virtual std::optional<std::string> quick_check(soci::session& s) const = 0;

  // Write-ahead-log archiving as the server reports it (PostgreSQL pg_stat_archiver);
  // nullopt when the server does not archive or cannot tell.
  virtual std::optional<ArchiverState> archiver(soci::session& s) const = 0;

  // Why the age of the last backup is unknown when archiver() is nullopt, as a sentence in the
  // server's own terms (PostgreSQL: WAL archiving; MariaDB: binary logs).
  virtual std::string backups_unknown_reason() const = 0;

  // Whether this session's connection is encrypted with TLS.
  virtual std::optional<bool> tls_in_use(soci::session& s) const = 0;

  // Whether this session connects with superuser / all-privileges rights.
  virtual std::optional<bool> superuser(soci::session& s) const = 0;

  // The file of the main database (SQLite), for permission checks.
  virtual std::optional<std::string> database_file(soci::session& s) const = 0;

  // The plan of `sql` (SOCI :name placeholders, left unbound), one line per plan row.
  virtual std::vector<std::string> explain(soci::session& s, const std::string& sql) const = 0;

  // The full scans of a plan that an index could avoid: PostgreSQL Seq Scan with a Filter on a
  // table of at least `large_table_rows` rows, SQLite SCAN without an index, MySQL type=ALL.
  virtual std::vector<FullScan> full_scans(soci::session& s, const std::vector<std::string>& plan,
                                           double large_table_rows) const = 0;
};

// Column `i` of a row as a number, whatever numeric (or numeric text) type the driver chose.
double row_number(const soci::row& row, std::size_t i);

// Column `i` of a row as text ("" for NULL).
std::string row_text(const soci::row& row, std::size_t i);

// Whether `table` is in information_schema.tables of the schema that the SQL expression
// `schema_sql` names (PostgreSQL "current_schema()", MySQL "DATABASE()").
bool information_schema_has_table(soci::session& s, std::string_view schema_sql,
                                  const std::string& table);

// The open transactions that `sql` lists, one row each: id, age in seconds, own (1 or 0), state.
std::vector<OpenTransaction> read_open_transactions(soci::session& s, const std::string& sql);

// `sql` with its SOCI :name placeholders numbered $1, $2, ... in order of first appearance
// (PostgreSQL PREPARE); quoted text and :: casts are left alone.
struct NumberedSql {
  std::string sql;
  int count = 0;
};
NumberedSql number_placeholders(const std::string& sql);

// `sql` with every :name placeholder replaced by `literal`.
std::string literal_placeholders(const std::string& sql, const std::string& literal);

// The implementation for a backend; lives for the whole program.
const HealthQueries& health_queries_for(BackendKind kind);

}  // namespace v5store::detail
