// The naming rules of the objects v5store creates.
#include "v5store/internal/names.hpp"

namespace v5store::detail {

const std::string& table_name(const EntitySpec& entity) noexcept {
  return entity.table.empty() ? entity.name : entity.table;
}

std::string index_name(std::string_view table, const std::vector<std::string>& fields) {
  std::string name = "ix_";
  name += table;
  for (const std::string& field : fields) name += "_" + field;
  return name;
}

std::string unique_key_name(std::string_view table, std::string_view field) {
  std::string name(table);
  name += "_";
  name += field;
  name += "_key";
  return name;
}

}  // namespace v5store::detail
