// The MySQL and MariaDB backend: one implementation of detail::Backend, split over the files of this
// folder (backend.cpp: sessions; dialect.cpp: types and DDL; error_mapping.cpp: errors;
// introspection.cpp: the live schema; locking.cpp: the migration lock). Its member
// declarations are the ones every backend shares, in backends/backend_overrides.inc.
#pragma once

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

class MysqlBackend final : public Backend {
 public:
#include "backends/backend_overrides.inc"
};

// The one MySQL and MariaDB backend object (the factory behind backend_for()).
const Backend& mysql_backend();

}  // namespace v5store::detail
