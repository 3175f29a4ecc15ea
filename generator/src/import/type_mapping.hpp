// How v5gen import maps one live column to a spec field: the closest field type with its
// bounds, its default, and the rules a CHECK constraint or a PostgreSQL domain states.
#pragma once

#include <string>
#include <vector>

#include "v5store/internal/backend.hpp"
#include "v5store/introspection.hpp"
#include "v5store/spec.hpp"

namespace v5gen::import {

// A field mapped from a column; `notes` say what the mapping could not keep exactly.
struct MappedField {
  v5store::FieldSpec field;
  std::vector<std::string> notes;
};

// Maps `column` of `table` (read from a `backend` database whose enum types and domains are in
// `extras`): type, bounds (length, precision/scale, integer range), nullability, default (a
// literal kept; now; generated; anything else verbatim as default_sql), and the values / min /
// max its CHECKs, enum type or domain state. A type v5store cannot represent becomes opaque. The
// field's `sql_type` is set to the column's own type whenever the usual column type would
// differ from it or the column has CHECKs, so that DDL and drift agree with the live column.
// Sets neither name nor keys nor references. Pure.
MappedField map_column(const v5store::detail::Backend& backend, const v5store::LiveTable& table,
                       const v5store::LiveColumn& column,
                       const v5store::detail::CatalogExtras& extras);

}  // namespace v5gen::import
