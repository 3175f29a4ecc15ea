// LiveSchemaBuilder: grouping of catalog rows into tables, indexes and foreign keys.
#include "introspection/live_schema_builder.hpp"

#include <algorithm>
#include <cctype>

namespace v5store::detail {

LiveTable& LiveSchemaBuilder::table(const std::string& name) {
  LiveTable& table = tables_[name];
  table.name = name;
  return table;
}

void LiveSchemaBuilder::add_column(const std::string& table_name, LiveColumn column) {
  table(table_name).columns.push_back(std::move(column));
}

void LiveSchemaBuilder::add_primary_key_column(const std::string& table_name,
                                               const std::string& column) {
  table(table_name).primary_key.push_back(column);
}

void LiveSchemaBuilder::add_index_column(const std::string& table_name, const std::string& index,
                                         bool unique, const std::string& column) {
  LiveTable& live = table(table_name);
  auto [it, inserted] = indexes_.try_emplace({table_name, index}, live.indexes.size());
  if (inserted) live.indexes.push_back(LiveIndex{index, {}, unique});
  live.indexes[it->second].columns.push_back(column);
}

void LiveSchemaBuilder::add_foreign_key_column(const std::string& table_name,
                                               const std::string& key, const std::string& name,
                                               const std::string& column,
                                               const std::string& referenced_table,
                                               const std::string& referenced_column,
                                               OnDelete on_delete) {
  LiveTable& live = table(table_name);
  auto [it, inserted] = foreign_keys_.try_emplace({table_name, key}, live.foreign_keys.size());
  if (inserted) {
    live.foreign_keys.push_back(LiveForeignKey{name, {}, referenced_table, {}, on_delete});
  }
  LiveForeignKey& fk = live.foreign_keys[it->second];
  fk.columns.push_back(column);
  fk.referenced_columns.push_back(referenced_column);
}

LiveSchema LiveSchemaBuilder::finish() {
  LiveSchema out = std::move(schema_);
  out.tables.clear();
  for (auto& [name, table] : tables_) out.tables.push_back(std::move(table));
  tables_.clear();
  indexes_.clear();
  foreign_keys_.clear();
  return out;
}

OnDelete parse_on_delete(std::string_view rule) noexcept {
  std::string upper;
  for (const char c : rule) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "CASCADE") return OnDelete::cascade;
  if (upper == "SET NULL") return OnDelete::set_null;
  if (upper == "RESTRICT") return OnDelete::restrict;
  return OnDelete::no_action;
}

}  // namespace v5store::detail
