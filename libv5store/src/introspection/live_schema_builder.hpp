// LiveSchemaBuilder: assembles a LiveSchema from the flat rows that catalog queries return
// (one row per column, per index column, per foreign-key column), so each backend's
// introspection only runs its queries.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "v5store/introspection.hpp"

namespace v5store::detail {

class LiveSchemaBuilder {
 public:
  explicit LiveSchemaBuilder(BackendKind backend) { schema_.backend = backend; }

  // Registers a table (tables without columns are kept too).
  LiveTable& table(const std::string& name);

  void add_column(const std::string& table_name, LiveColumn column);

  // Appends `column` to the primary key of `table_name`.
  void add_primary_key_column(const std::string& table_name, const std::string& column);

  // Appends `column` to index `index` of `table_name` (created on first use).
  void add_index_column(const std::string& table_name, const std::string& index, bool unique,
                        const std::string& column);

  // Appends a column pair to the foreign key identified by `key` within `table_name`
  // (created on first use with `name`, `referenced_table` and `on_delete`).
  void add_foreign_key_column(const std::string& table_name, const std::string& key,
                              const std::string& name, const std::string& column,
                              const std::string& referenced_table,
                              const std::string& referenced_column, OnDelete on_delete);

  // The schema, tables sorted by name. The builder is left empty.
  LiveSchema finish();

 private:
  LiveSchema schema_;
  std::map<std::string, LiveTable> tables_;
  std::map<std::pair<std::string, std::string>, std::size_t> indexes_;
  std::map<std::pair<std::string, std::string>, std::size_t> foreign_keys_;
};

// Parses an ON DELETE rule as catalogs spell it ("CASCADE", "SET NULL", "RESTRICT",
// "NO ACTION"; case-insensitive). Anything else is no_action.
OnDelete parse_on_delete(std::string_view rule) noexcept;

}  // namespace v5store::detail
