// The one exception root of v5store, with a portable error code.
//
// Example:
//   try {
//     records.insert("customer", row);
//   } catch (const v5store::Error& e) {
//     if (e.code() == v5store::ErrorCode::unique_violation) { /* the e-mail is taken */ }
//   }
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace v5store {

// Portable error categories. Backend errors are mapped to these from SQLSTATE (PostgreSQL),
// errno (MySQL/MariaDB) and result codes (SQLite), never from message text.
enum class ErrorCode {
  connection,            // the database cannot be reached or the connection broke
  pool_timeout,          // no connection became available within acquire_timeout
  circuit_open,          // the pool's circuit breaker is open: failing fast
  unique_violation,      // constraint_violation: unique or primary key
  foreign_key_violation, // constraint_violation: foreign key
  not_null_violation,    // constraint_violation: NOT NULL
  check_violation,       // constraint_violation: CHECK
  serialization_failure, // the transaction could not be serialized; retryable
  deadlock,              // the transaction was chosen as a deadlock victim; retryable
  commit_unknown,        // the connection broke while COMMIT was in flight: outcome unknown
  validation,            // a record broke a rule of the schema registry
  schema,                // the schema or the registry does not allow the operation
  migration,             // a migration was refused or failed
  config,                // the spec or an option is invalid
  not_found,             // the requested row or object does not exist
  misuse,                // the API was called in a state that does not allow it (a bug)
  cancelled,             // the work was cancelled before it ran (the store is shutting down)
  unknown,               // anything else
};

// Returns the stable lower-case name of a code, e.g. "pool_timeout". Thread-safe.
std::string_view to_string(ErrorCode code) noexcept;

// True for the four constraint-violation codes.
bool is_constraint_violation(ErrorCode code) noexcept;

// What a backend said about the object an error concerns, where it said it. Empty strings
// where unknown.
struct ErrorDetails {
  std::string constraint;  // the constraint's name, the same on every backend ("ux_customer_email")
  std::string table;       // the table
  std::vector<std::string> columns;  // the columns, in the constraint's order
  std::string field;       // the registry's "entity.field" the column belongs to
};

// The root of every exception v5store throws. Carries the portable code, the backend's own
// code (SQLSTATE, MySQL errno or SQLite result code) where there is one, and the context it
// passed through ("insert into orders", "database main"). Messages never contain passwords.
class Error : public std::runtime_error {
 public:
  // Creates an error with a message (already redacted by the caller) and optional backend code.
  Error(ErrorCode code, std::string message, std::string backend_code = {});

  // The portable category of the error.
  ErrorCode code() const noexcept { return code_; }

  // SQLSTATE (PostgreSQL), errno (MySQL) or extended result code (SQLite) as text; empty if
  // none.
  const std::string& backend_code() const noexcept { return backend_code_; }

  // The name of the violated constraint, its table and columns, and the registry field they
  // map to ("customer.email"), where the backend reports them; empty otherwise.
  const std::string& constraint() const noexcept { return details_.constraint; }
  const std::string& table() const noexcept { return details_.table; }
  // The first column (the only one but for a constraint over several); empty if unknown.
  std::string column() const { return details_.columns.empty() ? std::string() : details_.columns.front(); }
  const std::string& field() const noexcept { return details_.field; }
  const ErrorDetails& details() const noexcept { return details_; }

  // Replaces the details (used where a backend error is mapped). Returns *this.
  Error& set_details(ErrorDetails details);

  // The contexts added on the way up, innermost first.
  const std::vector<std::string>& context() const noexcept { return context_; }

  // True for serialization failures, deadlocks, pool timeouts and broken connections:
  // repeating the whole unit of work may succeed. False for commit_unknown.
  bool retryable() const noexcept;

  // Adds a context line ("while inserting into orders") and returns *this for rethrow.
  Error& add_context(std::string context);

  // The message with every context appended: "msg (while x; while y)".
  const char* what() const noexcept override;

 private:
  ErrorCode code_;
  std::string backend_code_;
  ErrorDetails details_;
  std::vector<std::string> context_;
  std::string what_;
};

}  // namespace v5store
