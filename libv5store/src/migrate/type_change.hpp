// Classifies a change of a column's type as widening (every old value fits the new type) or
// not (narrowing or a different kind: values may be lost or the change may fail).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "v5store/internal/backend.hpp"
#include "v5store/migrator.hpp"

namespace v5store::detail {

// `from` and `to` are normalised types (Backend::normalize_type). Widening: a longer
// varchar/char/varbinary, a larger integer, numeric(p,s) with room for every old value,
// real -> double, a string type to an unbounded text type, text to a larger text type.
bool is_widening(std::string_view from, std::string_view to);

// The condition (SQL over the live column) that holds for the rows whose value the change of
// `field`'s column to its declared type would alter: a string longer than the declared
// max_length (cut on PostgreSQL, refused by MariaDB, by a CHECK on SQLite), an integer outside
// int32, a decimal with more integer or fraction digits than declared. Empty when the
// declared type bounds nothing the migrator can count, or when `live_type` (normalised) is of
// another kind (text to int32: the conversion itself is left to the database).
std::string changed_rows_condition(const Backend& backend, const FieldSpec& field,
                                   std::string_view live_type);

// For every column_type difference of `differences` that is not a widening, counts the rows
// whose value would change (changed_rows_condition) on `session`; one reason per column with
// such rows, naming table, column, both types and the count ("narrowing orders.note from text
// to varchar(3) would change 2 rows ..."). Empty when no row would change. Throws the
// driver's error when a count fails.
std::vector<std::string> narrowing_blockers(const Backend& backend, soci::session& session,
                                            const std::vector<const EntitySpec*>& entities,
                                            const std::vector<SchemaDifference>& differences);

}  // namespace v5store::detail
