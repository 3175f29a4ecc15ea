// The naming rules of the objects v5store creates, one function each, so the spec parser, the
// schema registry, the DDL builders, the migration planner and the index advice all spell a
// name the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "v5store/spec.hpp"

namespace v5store::detail {

// The table of an entity: its `table`, else its name. Thread-safe.
const std::string& table_name(const EntitySpec& entity) noexcept;

// The column of a field: its `column`, else its name. Thread-safe.
const std::string& column_name(const FieldSpec& field) noexcept;

// The columns of `fields` (field names of `entity`), in order; a name that is not a field of
// the entity is kept as it is. Thread-safe.
std::vector<std::string> column_names(const EntitySpec& entity,
                                      const std::vector<std::string>& fields);

// The column of the field named `field` of `entity`, or `field` itself when there is none.
std::string column_of(const EntitySpec& entity, std::string_view field);

// The name of an index that the spec leaves unnamed: "ix_<table>_<field>_<field>...".
// Thread-safe.
std::string index_name(std::string_view table, const std::vector<std::string>& fields);

// The name PostgreSQL gives the unique constraint of a `unique: true` field, which the other
// backends are declared with too: "<table>_<field>_key". Thread-safe.
std::string unique_key_name(std::string_view table, std::string_view field);

}  // namespace v5store::detail
