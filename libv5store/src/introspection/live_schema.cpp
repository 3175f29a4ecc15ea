// The live model's look-ups (introspect() itself dispatches to the backend, in
// backends/backend.cpp beside the registry).
#include "v5store/introspection.hpp"

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

}  // namespace v5store
