// The public introspection entry points: lookups on the live model and introspect(), which
// dispatches to the backend's catalog queries.
#include "v5store/introspection.hpp"

#include "backends/backend.hpp"

namespace v5store {

const LiveColumn* LiveTable::find_column(std::string_view name) const noexcept {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

const LiveTable* LiveSchema::find_table(std::string_view name) const noexcept {
  for (const auto& table : tables) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

LiveSchema introspect(soci::session& session, BackendKind backend) {
  return detail::backend_for(backend).introspect(session);
}

}  // namespace v5store
