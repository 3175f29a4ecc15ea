// The declared side of a migration, derived from the spec's entities.
#include "migrate/declared_schema.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <set>

#include "introspection/type_text.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/internal/names.hpp"

namespace v5store::detail {

const DatabaseSpec& resolve_database(const SystemSpec& spec, std::string_view name) {
  if (spec.databases.empty()) {
    throw Error(ErrorCode::config, "the spec declares no database");
  }
  if (name.empty()) return spec.databases.front();
  if (const DatabaseSpec* database = spec.find_database(name)) return *database;
  std::string known;
  for (const auto& database : spec.databases) known += (known.empty() ? "" : ", ") + database.name;
  throw Error(ErrorCode::config,
              "unknown database '" + std::string(name) + "' (the spec has: " + known + ")");
}

std::vector<const EntitySpec*> entities_of(const SystemSpec& spec, const DatabaseSpec& database) {
  std::set<std::string> used_here;
  std::set<std::string> used_anywhere;
  for (const auto& component : spec.components) {
    used_anywhere.insert(component.entity);
    if (component.database == database.name) used_here.insert(component.entity);
  }
  const bool first = &database == &spec.databases.front() ||
                     database.name == spec.databases.front().name;
  std::vector<const EntitySpec*> out;
  for (const auto& entity : spec.entities) {
    if (used_here.count(entity.name) != 0 || (first && used_anywhere.count(entity.name) == 0)) {
      out.push_back(&entity);
    }
  }
  return out;
}

std::vector<IndexSpec> declared_indexes(const EntitySpec& entity) {
  std::vector<IndexSpec> out;
  for (const auto& index : entity.indexes) {
    IndexSpec copy = index;
    if (copy.name.empty()) copy.name = index_name(table_name(entity), copy.fields);
    out.push_back(std::move(copy));
  }
  for (const auto& field : entity.fields) {
    if (field.unique && !field.primary_key) {
      out.push_back(
          IndexSpec{unique_key_name(table_name(entity), column_name(field)), {field.name}, true, {}});
    }
  }
  return out;
}

std::optional<std::string> declared_default(const FieldSpec& field) {
  if (field.default_sql) return normalize_default(*field.default_sql);
  if (!field.default_value) return std::nullopt;
  const std::string& value = *field.default_value;
  if (field.type == FieldType::boolean) {
    const std::string lowered = lower_collapsed(value);
    return lowered == "true" || lowered == "1" ? std::string("1") : std::string("0");
  }
  if ((field.type == FieldType::timestamp || field.type == FieldType::date) &&
      lower_collapsed(value) == "now") {
    return std::string("now");
  }
  return value;
}

bool declared_nullable(const FieldSpec& field) { return field.nullable && !field.primary_key; }

bool ignored_table(const SystemSpec& spec, std::string_view table) {
  const std::string name(table);
  return std::any_of(spec.migrations.ignore.begin(), spec.migrations.ignore.end(),
                     [&](const std::string& glob) {
                       return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
                     });
}

}  // namespace v5store::detail
