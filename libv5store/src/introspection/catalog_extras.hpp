// The shared reader of Backend::introspect_extras(): each backend writes its catalog queries
// in its folder, in the row layouts below, and this reader turns the rows into CatalogExtras.
#pragma once

#include <soci/soci.h>

#include "v5store/internal/catalog_objects.hpp"

namespace v5store::detail {

// A backend's extras queries; nullptr where the backend has no such objects.
struct ExtrasQueries {
  // kind, name; ordered by kind, then name
  const char* objects = nullptr;
  // enum type, label; ordered by type, then label position
  const char* enum_labels = nullptr;
  // domain, base type as written, not null (0/1), CHECK definition or NULL; ordered by domain
  const char* domains = nullptr;
};

// Runs `queries` on `session`. Throws what SOCI throws; the caller maps it.
CatalogExtras read_extras(soci::session& session, const ExtrasQueries& queries);

}  // namespace v5store::detail
