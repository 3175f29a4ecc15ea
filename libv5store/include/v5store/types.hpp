// Field types, backends and the dynamic Value that carries one field of one row.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace v5store {

// The three supported database backends.
enum class BackendKind { sqlite, postgresql, mysql };

// Returns "sqlite", "postgresql" or "mysql".
std::string_view to_string(BackendKind kind) noexcept;

// Parses "sqlite" | "postgresql" | "mysql" (also "sqlite3", "postgres", "mariadb").
// Returns nullopt for anything else.
std::optional<BackendKind> parse_backend(std::string_view name) noexcept;

// A connection pooler between the application and a PostgreSQL server (`pooler:` of a
// database, docs/scaling.md). pgbouncer: PgBouncer in transaction pooling mode, which gives
// each transaction (each statement outside one) any server connection, so nothing may be
// prepared or set on a server connection outside a transaction.
enum class Pooler { none, pgbouncer };

// Returns "none" or "pgbouncer".
std::string_view to_string(Pooler pooler) noexcept;

// The field types of the spec format (docs/spec.md).
enum class FieldType {
  boolean,    // "bool"
  int32,
  int64,
  float64,
  decimal,    // exact; exchanged as a string such as "12.50"
  string,     // bounded by max_length
  text,
  bytes,
  date,
  timestamp,  // UTC, microsecond precision
  uuid,       // canonical lower-case 8-4-4-4-12 text
  json,       // JSON text
  enumeration, // "enum": one of the declared values, exchanged as the value's text
  opaque       // a column of a type v5store cannot represent (arrays, tsvector, geometry...),
               // read and written as its text form; its real type is FieldSpec::sql_type
};

// Returns the spec name of a field type ("bool", "int64", "enum", ...).
std::string_view to_string(FieldType type) noexcept;

// Parses a spec type name. Returns nullopt for an unknown name.
std::optional<FieldType> parse_field_type(std::string_view name) noexcept;

// Raw bytes (may contain NUL).
using Bytes = std::vector<std::uint8_t>;

// A calendar date without a time zone.
using Date = std::chrono::year_month_day;

// A UTC point in time with microsecond precision.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// One field value. Which alternative a field uses follows from its FieldType:
//   boolean -> bool; int32, int64 -> std::int64_t; float64 -> double;
//   decimal, string, text, uuid, json, enumeration -> std::string; bytes -> Bytes;
//   date -> Date; timestamp -> Timestamp. NULL is std::monostate.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, Bytes, Date,
                           Timestamp>;

// True when the value is NULL.
inline bool is_null(const Value& v) noexcept { return std::holds_alternative<std::monostate>(v); }

// Renders a value for messages and logs ("NULL", "42", "'abc'", "2024-01-02T03:04:05.000006Z").
std::string to_display_string(const Value& v);

// Formats a date as YYYY-MM-DD.
std::string format_date(Date d);

// Formats a timestamp as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC, the form every backend accepts).
std::string format_timestamp(Timestamp t);

// True when every backend stores `d` and reads it back: a real calendar date (not 2023-02-30)
// from 0001-01-01 to 9999-12-31 (four-digit years; PostgreSQL has no year 0). Thread-safe.
bool storable_date(Date d) noexcept;

// True when every backend stores `t` and reads it back: from 0001-01-01 00:00:00 to
// 9999-12-31 23:59:59.999999 UTC (Timestamp::min() and max() are far outside). Thread-safe.
bool storable_timestamp(Timestamp t) noexcept;

// Parses YYYY-MM-DD. Throws v5store::Error(validation) naming the text when it is malformed.
Date parse_date(std::string_view text);

// Parses "YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|+00:00|+00]". Throws v5store::Error(validation).
Timestamp parse_timestamp(std::string_view text);

}  // namespace v5store
