// The naming rules of the objects v5store creates.
#include "v5store/internal/names.hpp"

namespace v5store::detail {

const std::string& table_name(const EntitySpec& entity) noexcept {
  return entity.table.empty() ? entity.name : entity.table;
}

const std::string& column_name(const FieldSpec& field) noexcept {
  return field.column.empty() ? field.name : field.column;
}

std::string column_of(const EntitySpec& entity, std::string_view field) {
  const FieldSpec* spec = entity.find_field(field);
  return spec != nullptr ? column_name(*spec) : std::string(field);
}

std::vector<std::string> column_names(const EntitySpec& entity,
                                      const std::vector<std::string>& fields) {
  std::vector<std::string> out;
  out.reserve(fields.size());
  for (const std::string& field : fields) out.push_back(column_of(entity, field));
  return out;
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
