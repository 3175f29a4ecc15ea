// The canonical text of a schema, which the registry's checksum is computed over.
#pragma once

#include <string>
#include <vector>

#include "v5store/schema.hpp"

namespace v5store::detail {

// One line per entity, field and index; entities sorted by name, fields and indexes in
// declaration order; every rule that affects storage or validation, no descriptions.
std::string canonical_form(const std::vector<EntitySchema>& entities);

}  // namespace v5store::detail
