// The schema comparison behind drift and the declarative planner: declared entities against
// the live schema, as a list of differences.
#pragma once

#include <vector>

#include "v5store/internal/backend.hpp"
#include "v5store/introspection.hpp"
#include "v5store/migrator.hpp"

namespace v5store::detail {

// Compares `entities` (of `spec`) with `live`. Types are compared after
// Backend::normalize_type on both sides; defaults after normalize_default; indexes by their
// columns and uniqueness, not their names; foreign keys by columns, target and ON DELETE
// (RESTRICT and NO ACTION are the same); a column's checks by check_signature() of its
// declared conditions and of the live checks on it. The history table and tables matching
// `migrations.ignore` are skipped. A live table no entity declares is an extra_table
// difference when the spec owns the schema (`migrations.owns_schema`); otherwise it is
// unmanaged: not a difference, its name appended to `unmanaged` (when given). Sorted by table,
// then kind, then object.
std::vector<SchemaDifference> diff_schema(const Backend& backend, const SystemSpec& spec,
                                          const std::vector<const EntitySpec*>& entities,
                                          const LiveSchema& live,
                                          std::vector<std::string>* unmanaged = nullptr);

// The live checks on `column` of `table` (those whose LiveCheck::column is `column`).
std::vector<LiveCheck> checks_on_column(const LiveTable& table, std::string_view column);

// The live foreign key that matches `fk`, a foreign key of `entity`
// (SystemSpec::foreign_keys_of): the same columns, referenced table and columns in order, and
// on_delete (restrict and no action alike); or nullptr.
const LiveForeignKey* matching_foreign_key(const SystemSpec& spec, const EntitySpec& entity,
                                           const ForeignKeySpec& fk, const LiveTable& table);

// A readable rendering of a live foreign key ("(customer_id) -> customers(id) ON DELETE
// CASCADE"), used as the object of foreign-key differences.
std::string describe_foreign_key(const LiveForeignKey& fk);

// The same for a declared one.
std::string describe_foreign_key(const SystemSpec& spec, const EntitySpec& entity,
                                 const ForeignKeySpec& fk);

}  // namespace v5store::detail
