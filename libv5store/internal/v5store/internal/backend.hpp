// The private backend interface: one implementation per folder under src/backends/<name>/,
// each with the same file set (backend.cpp: session opening and server version; dialect.cpp:
// type mapping, quoting and DDL; error_mapping.cpp; locking.cpp; introspection.cpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "v5store/error.hpp"
#include "v5store/internal/catalog_objects.hpp"
#include "v5store/internal/names.hpp"
#include "v5store/introspection.hpp"
#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace v5store::detail {

// A mapped backend error: the portable code, the backend's own code as text, and what the
// server's message says about the object concerned (never the values: a message that quotes
// them has them replaced by '?').
struct MappedError {
  MappedError() = default;
  MappedError(ErrorCode c, std::string code_text) : code(c), backend_code(std::move(code_text)) {}

  ErrorCode code = ErrorCode::unknown;
  std::string backend_code;
  std::string message;              // the driver's message without values; empty: none given
  std::string constraint;           // the constraint (or MySQL key) name the server reported
  std::string table;                // the table it reported
  std::vector<std::string> columns; // the columns it reported, in order
};

// The exchange slot a field type travels in between C++ and the driver: a 64-bit integer, a
// double, or text (decimal, strings, bytes encoded by the dialect, dates, timestamps, uuid,
// json, enum).
enum class SlotKind { integer, real, text };

// One parameter or result column of a prepared statement: its value in the member of its
// kind, and whether it is NULL (soci::i_null) or not (soci::i_ok).
struct StatementSlot {
  SlotKind kind = SlotKind::text;
  long long integer = 0;
  double real = 0;
  std::string text;
  soci::indicator indicator = soci::i_null;
};

// A statement prepared on one session by Backend::prepare, bound for its whole life to its
// owner's parameter and result slots: execute() reads the parameter slots, and every row it
// or fetch() reaches is written into the result slots. Used by one thread at a time (the
// session's). Members that throw throw soci::soci_error, which the caller maps (map_error).
class PreparedStatement {
 public:
  virtual ~PreparedStatement() = default;

  // Runs the statement with the values of the parameter slots and reads its first row into
  // the result slots. Returns whether there was a row (false for statements without result).
  virtual bool execute() = 0;

  // Reads the next row into the result slots; false at the end of the result.
  virtual bool fetch() = 0;

  // Ends a result that was not read to its end without fetching further, releasing what the
  // driver holds for it (SQLite: sqlite3_reset, which ends the read transaction). The
  // statement stays prepared. Never throws.
  virtual void end_result() noexcept = 0;

  // Rows changed by the last execute() of an INSERT/UPDATE/DELETE.
  virtual long long affected_rows() = 0;
};

// One parameter value of a row of a bulk INSERT, viewing its owner's storage: NULL, or the
// member of `kind`.
struct BulkValue {
  SlotKind kind = SlotKind::text;
  bool null = true;
  long long integer = 0;
  double real = 0;
  std::string_view text;
};

// What a bulk INSERT writes: the statement (placeholders :p1..:pN), and, for a backend that
// loads rows another way (PostgreSQL's COPY), the quoted table, the quoted columns in
// parameter order and each column's field type.
struct BulkInsert {
  std::string sql;
  std::string table;
  std::vector<std::string> columns;
  std::vector<FieldType> types;
};

// The rows of a bulk INSERT as Backend::insert_rows reads them: size() rows of width()
// parameters each.
class BulkRows {
 public:
  virtual ~BulkRows() = default;
  virtual std::size_t size() const noexcept = 0;
  virtual std::size_t width() const noexcept = 0;
  // Parameter `column` of row `row`; its text stays valid as long as the rows.
  virtual BulkValue value(std::size_t row, std::size_t column) const noexcept = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual BackendKind kind() const noexcept = 0;

  // Opens a new SOCI session. Throws Error(connection) whose message has the DSN redacted.
  virtual std::unique_ptr<soci::session> open(const std::string& dsn,
                                              std::chrono::milliseconds connect_timeout) const = 0;

  // The server's version as text ("15.18", "10.11.19-MariaDB", "3.40.1").
  virtual std::string server_version(soci::session& session) const = 0;

  // A cheap round trip used to validate a connection ("SELECT 1").
  virtual void ping(soci::session& session) const = 0;

  // Prepares `sql` (placeholders :p1..:pN) on `session`, bound to `params` and `results`,
  // which must outlive the statement and keep their size. The default is SOCI's statement
  // (SociStatement); SQLite prepares natively, skipping SOCI's exchange layer. Throws
  // soci::soci_error (for map_error) when the statement does not prepare.
  virtual std::unique_ptr<PreparedStatement> prepare(soci::session& session,
                                                     const std::string& sql,
                                                     std::vector<StatementSlot>& params,
                                                     std::vector<StatementSlot>& results) const;

  // Inserts every row of `rows` (rows.width() == insert.columns.size()) in the caller's
  // transaction. The default runs insert.sql with one vector bound per column (SOCI bulk
  // binding, soci_bulk_insert.cpp); SQLite steps its native statement once per row, binding
  // the values in place; PostgreSQL streams the rows with COPY FROM STDIN. Throws
  // soci::soci_error (for map_error); when the backend knows the row that failed,
  // `failed_row` is set to its index.
  virtual void insert_rows(soci::session& session, const BulkInsert& insert, const BulkRows& rows,
                           std::optional<std::size_t>& failed_row) const;

  // Prepares `sql` on a SOCI statement (its use and into elements exchanged) as this
  // backend's statements that are executed more than once: by default SOCI's repeatable
  // statement (PostgreSQL: a named server-side statement, freed by SQL DEALLOCATE). The
  // PostgreSQL backend behind a transaction pooler prepares nothing on the server: an
  // unnamed statement goes with every execution (PQexecParams). Throws soci::soci_error.
  virtual void prepare_statement(soci::statement& statement, const std::string& sql) const;

  // --- dialect ---------------------------------------------------------------------------
  // Quotes an identifier that comes from the schema registry (never from a caller).
  virtual std::string quote(std::string_view identifier) const = 0;

  // The column type for a field, e.g. "BIGINT", "VARCHAR(254)", "NUMERIC(10,2)".
  virtual std::string column_type(const FieldSpec& field) const = 0;

  // The full column definition of a field inside CREATE TABLE / ADD COLUMN: type,
  // NOT NULL, DEFAULT, identity/auto-increment for generated keys, CHECK (column_checks).
  virtual std::string column_definition(const EntitySpec& entity, const FieldSpec& field) const = 0;

  // The CHECK conditions column_definition() declares for `field`: portable_checks() and what
  // the backend adds (SQLite: booleans, int32 range, string length, JSON; MySQL: booleans,
  // JSON).
  // Empty when the column has none. Drift compares them with the live checks.
  virtual std::vector<std::string> column_checks(const EntitySpec& entity,
                                                 const FieldSpec& field) const = 0;

  // CREATE TABLE for an entity, including its primary key, unique and foreign-key constraints.
  // `spec` resolves references to other entities' tables.
  virtual std::string create_table(const SystemSpec& spec, const EntitySpec& entity) const = 0;

  // CREATE [UNIQUE] INDEX for one declared index.
  virtual std::string create_index(const EntitySpec& entity, const IndexSpec& index) const = 0;

  // The SQL expression that reads column `column_sql` (already quoted) of type `type` as
  // text or number in the form the value exchange expects; usually the column itself.
  virtual std::string select_expression(FieldType type, std::string_view column_sql) const = 0;

  // The SQL expression that writes placeholder `placeholder` (":p1") into a column of `type`;
  // usually the placeholder itself.
  virtual std::string bind_expression(FieldType type, std::string_view placeholder) const = 0;

  // The SQL expression for the length in characters (not bytes) of text column `column_sql`
  // (already quoted): "length(c)" on SQLite, "char_length(c)" on PostgreSQL, "CHAR_LENGTH(c)"
  // on MySQL, whose length() counts bytes.
  virtual std::string text_length(std::string_view column_sql) const = 0;

  // Why the backend cannot store `text` in a text column exactly as it is, or nullopt when it
  // can: PostgreSQL cuts text at a NUL character ("a\0b" would come back "a"), so it refuses
  // text holding one; SQLite and MySQL store any bytes. Writes check it so that a value is
  // refused (Error(validation)) instead of truncated.
  virtual std::optional<std::string> refuses_text(std::string_view text) const = 0;
  // The condition `column_sql` LIKE `placeholder` (a pattern with '%' and '_', no escape
  // character), case-sensitive, or ignoring ASCII case when `ignore_case`, the same on every
  // backend. The pattern is bound as like_pattern() returns it.
  virtual std::string like_condition(std::string_view column_sql, std::string_view placeholder,
                                     bool ignore_case) const = 0;
  virtual std::string like_pattern(std::string_view pattern, bool ignore_case) const {
    static_cast<void>(ignore_case);
    return std::string(pattern);
  }

  // Encodes bytes into the text form bound to bind_expression(bytes), and decodes the text
  // that select_expression(bytes) returns.
  virtual std::string encode_bytes(const Bytes& bytes) const = 0;
  virtual Bytes decode_bytes(std::string_view text) const = 0;

  // The statements that begin a transaction with these options (isolation, read-only).
  virtual std::vector<std::string> begin_transaction(const TransactionOptions& options) const = 0;

  // Appends " RETURNING <cols>" style support: true when INSERT ... RETURNING works.
  virtual bool supports_returning() const noexcept = 0;

  // The SQL expression of the database's current time at the precision timestamps are stored
  // in: the DEFAULT of a `now` field, and what a typed insert binds for an empty `now` field,
  // so every write path takes the database's clock.
  virtual std::string_view now_sql() const noexcept = 0;

  // The id generated by the last insert on this session (MySQL LAST_INSERT_ID(), SQLite
  // last_insert_rowid()); unused where supports_returning().
  virtual std::int64_t last_insert_id(soci::session& session) const = 0;

  // --- schema changes (dialect.cpp) ------------------------------------------------------
  // DROP INDEX for an index of `table`.
  virtual std::string drop_index(std::string_view table, std::string_view index) const = 0;

  // True when ALTER TABLE can change a column's type, nullability or default and drop a
  // foreign key in place. False on SQLite: the migrator then rebuilds the table
  // (https://sqlite.org/lang_altertable.html#otheralter) and never calls alter_column or
  // drop_foreign_key, which throw Error(schema) there.
  virtual bool alters_tables_in_place() const noexcept = 0;

  // What alter_column changes.
  struct ColumnChanges {
    bool type = false;
    bool nullability = false;
    bool default_value = false;
    bool checks = false;
    std::vector<LiveCheck> live_checks;  // the live checks on the column, replaced when `checks`
  };

  // The statements that bring column `field` of `entity` to its declared type, nullability,
  // default and checks; `changes` says which of them differ from the live column. A check is
  // added so that the database verifies the rows already there.
  virtual std::vector<std::string> alter_column(const EntitySpec& entity, const FieldSpec& field,
                                                ColumnChanges changes) const = 0;

  // ALTER TABLE ... DROP the foreign key named `constraint` of `table`.
  virtual std::string drop_foreign_key(std::string_view table,
                                       std::string_view constraint) const = 0;

  // --- introspection (introspection.cpp) -------------------------------------------------
  // The tables of the session's current schema with their columns, keys, indexes and
  // foreign keys. Throws the mapped Error.
  virtual LiveSchema introspect(soci::session& session) const = 0;

  // Normalises a type as the catalog reports it, or as column_type() writes it, so that both
  // compare equal: lower case, aliases resolved ("int8" -> "bigint"), display widths dropped.
  virtual std::string normalize_type(std::string_view type) const = 0;

  // The objects of the session's current schema that introspect() does not report as tables
  // (partitions are reported by both) and the schema's enum types and domains. Read-only.
  // Throws the mapped Error.
  virtual CatalogExtras introspect_extras(soci::session& session) const = 0;

  // --- migration locking (locking.cpp) ---------------------------------------------------
  // How a migration is made atomic on this backend.
  enum class MigrationAtomicity {
    transaction,  // each migration runs in its own transaction (PostgreSQL)
    savepoint,    // the lock is a transaction; each migration runs in a savepoint (SQLite)
    none,         // DDL commits implicitly: a failure is recorded and needs repair (MySQL)
  };
  virtual MigrationAtomicity migration_atomicity() const noexcept = 0;

  // Takes the cross-process migration lock of the session's database on this session,
  // waiting up to `timeout` (PostgreSQL advisory lock, MySQL GET_LOCK, SQLite BEGIN
  // IMMEDIATE). Throws Error(migration) on timeout, and without taking the lock when the
  // session reads string literals otherwise than dialect.cpp writes them (MySQL:
  // NO_BACKSLASH_ESCAPES; PostgreSQL: standard_conforming_strings off); the mapped Error
  // when the server fails.
  virtual void acquire_migration_lock(soci::session& session,
                                      std::chrono::milliseconds timeout) const = 0;

  // Checks, before a migration inside the lock is kept, what the lock suspended: SQLite runs
  // PRAGMA foreign_key_check and throws Error(foreign_key_violation) naming the first
  // offending table; the other backends check nothing.
  virtual void verify_migration(soci::session& session) const = 0;

  // Releases the lock taken by acquire_migration_lock. With MigrationAtomicity::savepoint the
  // lock's transaction is committed when `commit`, else rolled back. Never throws.
  virtual void release_migration_lock(soci::session& session, bool commit) const noexcept = 0;

  // --- errors ------------------------------------------------------------------------------
  // Maps a SOCI error to a portable code from SQLSTATE / errno / result code, never text.
  virtual MappedError map_error(const soci::soci_error& error) const = 0;
};

// The backend implementation for a kind. The returned object lives for the whole program and
// holds no state, so it may be used from any thread (each session from one thread at a time).
// With Pooler::pgbouncer (PostgreSQL only; other kinds ignore it) the backend's statements
// leave no state on a server connection outside a transaction (prepare_statement).
const Backend& backend_for(BackendKind kind, Pooler pooler = Pooler::none);

// Runs `fn`, translating any soci::soci_error (and std::exception from drivers) into
// v5store::Error with the mapped code; secrets of `dsn` are scrubbed from the message.
// `context` ("insert into orders") is added to the error.
[[noreturn]] void rethrow_mapped(const Backend& backend, std::string_view dsn,
                                 std::string_view context);

// Like rethrow_mapped, for failures while opening a session: always Error(connection) (the
// backend code is kept), message redacted, context "opening <backend> session".
[[noreturn]] void rethrow_connection_error(const Backend& backend, std::string_view dsn);

// --- shared, backend-independent helpers (backend.cpp) ----------------------------------------

// The text between the first `open` after `marker` in `text` and the next `close`; empty when
// absent. ("... constraint \"x_key\"", "constraint ", '"', '"') -> "x_key".
std::string text_between(std::string_view text, std::string_view marker, char open, char close);

// Splits "a, b" at commas, trimming spaces and the quote characters `quotes`.
std::vector<std::string> split_names(std::string_view text, std::string_view quotes = "\"`'");

// Whether SOCI's context (the statement and its bound values) is kept in error messages: the
// process-wide switch behind StoreOptions::log_parameter_values. Off by default.
bool parameter_values_in_messages() noexcept;
void set_parameter_values_in_messages(bool on) noexcept;

// Keeps parameter values in messages on for its lifetime when constructed with `on` (a store
// with StoreOptions::log_parameter_values); the switch is off again once every holder and
// set_parameter_values_in_messages(true) are gone. Thread-safe.
class ParameterValuesInMessages {
 public:
  explicit ParameterValuesInMessages(bool on) noexcept;
  ~ParameterValuesInMessages();
  ParameterValuesInMessages(const ParameterValuesInMessages&) = delete;
  ParameterValuesInMessages& operator=(const ParameterValuesInMessages&) = delete;

 private:
  bool on_;
};

// The exchange slot of a field type (see SlotKind).
SlotKind slot_kind(FieldType type) noexcept;

// A SQL string literal: 'text' with embedded quotes doubled.
std::string sql_string_literal(std::string_view text);

// Lower-case hex of `bytes`, and its inverse (accepts either case). hex_decode throws
// Error(validation) on an odd length or a non-hex character.
std::string hex_encode(const Bytes& bytes);
Bytes hex_decode(std::string_view text);

// The entity that `fk` (an entry of SystemSpec::foreign_keys_of) references. Throws
// Error(schema) when the entity or one of its referenced fields does not exist in `spec`, or
// the field counts differ.
const EntitySpec& referenced_entity(const SystemSpec& spec, const ForeignKeySpec& fk);

// The CHECK conditions of a field that every backend enforces the same way: enum members and
// min/max for numeric fields ("col IN ('a','b')", "col >= 0"). Joined with AND; empty if none.
// `numeric_sql` is the expression min/max compare (default: the quoted column); SQLite passes
// a CAST for decimals, which it stores as text.
std::string portable_checks(const Backend& backend, const FieldSpec& field,
                            std::string_view numeric_sql = {});

// The non-empty `conditions` joined with AND ("" when there are none).
std::string and_conditions(const std::vector<std::string>& conditions);

// " DEFAULT <literal>" for a field with a default, else "". `now_sql` is the expression for a
// timestamp default of "now"; `true_sql`/`false_sql` spell booleans. Numbers are written as
// numbers, everything else as a string literal.
std::string default_clause(const FieldSpec& field, std::string_view now_sql,
                           std::string_view true_sql, std::string_view false_sql);

// " CHECK (a AND b)" joining the non-empty conditions, or "" when all are empty.
std::string check_clause(const std::vector<std::string>& conditions);

// True when the entity's primary key is one generated field (an identity column).
bool has_generated_key(const EntitySpec& entity) noexcept;

// Builds CREATE TABLE from the backend's column definitions, the primary key (unless
// `primary_key_inline`, where the column definition carries it), UNIQUE for unique fields and
// FOREIGN KEY ... ON DELETE for references. `suffix` is appended after the closing parenthesis
// (MySQL's table options).
std::string build_create_table(const Backend& backend, const SystemSpec& spec,
                               const EntitySpec& entity, bool primary_key_inline,
                               std::string_view suffix);

// "FOREIGN KEY (col, ...) REFERENCES table (col, ...) [ON DELETE ...]" for a foreign key of
// `entity` (SystemSpec::foreign_keys_of), as CREATE TABLE and the migrator's ALTER TABLE ...
// ADD write it. Throws like referenced_entity.
std::string foreign_key_clause(const Backend& backend, const SystemSpec& spec,
                               const EntitySpec& entity, const ForeignKeySpec& fk);

// CREATE [UNIQUE] INDEX; the name defaults to "ix_<table>_<field>..." (the spec parser's
// convention) when the index has none.
std::string build_create_index(const Backend& backend, const EntitySpec& entity,
                               const IndexSpec& index);

}  // namespace v5store::detail
