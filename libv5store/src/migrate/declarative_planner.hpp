// The declarative planner: turns the differences between the declared entities and the live
// schema into ordered, labelled migration steps.
#pragma once

#include <vector>

#include "v5store/internal/backend.hpp"
#include "v5store/introspection.hpp"
#include "v5store/migrator.hpp"

namespace v5store::detail {

// Plans the steps that make `live` match `entities`, in this order: drop foreign keys, drop
// indexes, create tables (referenced tables first), rebuild tables (backends that cannot
// alter in place), add columns, alter columns, create indexes, add foreign keys, drop
// columns, drop tables (referencing tables first). Each step is labelled safe,
// data-dependent or destructive. Throws Error(migration) for a change it cannot plan (a
// primary key change on a backend that alters in place).
std::vector<MigrationStep> plan_declarative(const Backend& backend, const SystemSpec& spec,
                                            const std::vector<const EntitySpec*>& entities,
                                            const LiveSchema& live,
                                            const std::vector<SchemaDifference>& differences);

}  // namespace v5store::detail
