// The declared side of a migration: which entities live in a database of the spec, their
// indexes (declared ones and those that unique fields imply) and their defaults in the
// comparable form of normalize_default().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/spec.hpp"

namespace v5store::detail {

// The database named `name` (empty: the first). Throws Error(config) when there is none.
const DatabaseSpec& resolve_database(const SystemSpec& spec, std::string_view name);

// The entities stored in `database`: those its store components use; entities no component
// uses belong to the first database. Declaration order.
std::vector<const EntitySpec*> entities_of(const SystemSpec& spec, const DatabaseSpec& database);

// The secondary indexes an entity declares: its `indexes` (names defaulted as the dialect
// does, "ix_<table>_<fields>") and a unique index "<table>_<field>_key" per unique field
// that is not the primary key.
std::vector<IndexSpec> declared_indexes(const EntitySpec& entity);

// The field's default as normalize_default() renders a live default: "now", "1"/"0" for
// booleans, canonical numbers, plain text otherwise; nullopt when none.
std::optional<std::string> declared_default(const FieldSpec& field);

// True when a column of this field accepts NULL (nullable and not part of the primary key).
bool declared_nullable(const FieldSpec& field);

// True when `table` matches one of the spec's `migrations.ignore` glob patterns (`*`, `?`,
// `[...]`, as fnmatch(3)): drift and the migrator never look at such a table.
bool ignored_table(const SystemSpec& spec, std::string_view table);

}  // namespace v5store::detail
