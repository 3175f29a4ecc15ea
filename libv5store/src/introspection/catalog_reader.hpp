// The catalog reader shared by the backends whose catalog answers its schema-wide queries
// (PostgreSQL's pg_catalog, MySQL's information_schema): each backend writes its own queries in
// its folder, in the row layout below, and this reader turns the rows into a LiveSchema.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include "v5store/introspection.hpp"

namespace v5store::detail {

// A backend's catalog queries. Each returns the rows of the session's current schema, ordered
// by table and then as the builder should see them (columns in table order, index and
// foreign-key columns in key order), in exactly these columns:
struct CatalogQueries {
  // table
  const char* tables = nullptr;
  // table, column, type as written, nullable (0/1), default expression or NULL, generated (0/1)
  const char* columns = nullptr;
  // table, index, unique (0/1), primary key (0/1), column
  const char* indexes = nullptr;
  // table, constraint, column, referenced table, referenced column,
  // ON DELETE rule ("CASCADE", "SET NULL", "RESTRICT", "NO ACTION")
  const char* foreign_keys = nullptr;
  // table, constraint, the one column it constrains or NULL, condition (without CHECK);
  // nullptr when the backend reads its checks otherwise
  const char* checks = nullptr;
};

// A backend's type normaliser: a column type as the catalog writes it, in the backend's
// canonical spelling (Backend::normalize_type).
using TypeNormalizer = std::function<std::string(std::string_view)>;

// Runs `queries` on `session` and assembles the tables of a `kind` database with their columns
// (types normalised by `normalize_type`), primary keys, indexes, foreign keys and checks. Throws
// what SOCI throws; the caller maps it.
LiveSchema read_catalog(BackendKind kind, const TypeNormalizer& normalize_type,
                        soci::session& session, const CatalogQueries& queries);

}  // namespace v5store::detail
