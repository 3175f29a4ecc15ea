// v5gen import's core: a live catalog to a spec model. One entity and one store component per
// table; what cannot be imported is listed with its reason, never dropped silently.
#pragma once

#include <string>
#include <vector>

#include <soci/soci.h>

#include "v5store/internal/backend.hpp"
#include "v5store/spec.hpp"

namespace v5gen::import {

struct ImportOptions {
  std::string system;                 // the spec's system name (snake_case)
  std::vector<std::string> include;   // table globs (fnmatch); empty: every table
  std::vector<std::string> exclude;   // table globs left out
};

// An object of the catalog the spec does not declare, and why.
struct NotImported {
  std::string kind;  // "view", "table", "column", "foreign key", ...
  std::string name;
  std::string reason;
};

struct ImportResult {
  v5store::SystemSpec spec;  // one database "main" with dsn "${<SYSTEM>_DSN}"
  std::string dsn_variable;  // "<SYSTEM>_DSN"
  std::vector<NotImported> not_imported;
  // Differences drift still finds between the imported entities and the database (none when
  // the import is exact).
  std::vector<std::string> drift;
};

// Reads the catalog of the database `session` is connected to (a `backend` database; its
// current schema) and builds the spec. Read-only. Throws the mapped v5store::Error when the
// catalog cannot be read. Not thread-safe with respect to `session`.
ImportResult import_catalog(const v5store::detail::Backend& backend, soci::session& session,
                            const ImportOptions& options);

}  // namespace v5gen::import
