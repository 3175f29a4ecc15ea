// The shared catalog reader: the catalog queries' rows fed to a LiveSchemaBuilder.
#include "introspection/catalog_reader.hpp"

#include <string>
#include <utility>

#include "introspection/check_constraints.hpp"
#include "introspection/live_schema_builder.hpp"

namespace v5store::detail {

namespace {

void read_tables(soci::session& session, const char* sql, LiveSchemaBuilder& builder) {
  std::string table;
  soci::statement st = (session.prepare << sql, soci::into(table));
  st.execute();
  while (st.fetch()) builder.table(table);
}

void read_columns(const TypeNormalizer& normalize_type, soci::session& session, const char* sql,
                  LiveSchemaBuilder& builder) {
  std::string table;
  std::string name;
  std::string type;
  int nullable = 0;
  std::string default_value;
  soci::indicator default_ind = soci::i_ok;
  int generated = 0;
  soci::statement st =
      (session.prepare << sql, soci::into(table), soci::into(name), soci::into(type),
       soci::into(nullable), soci::into(default_value, default_ind), soci::into(generated));
  st.execute();
  while (st.fetch()) {
    LiveColumn column;
    column.name = name;
    column.raw_type = type;
    column.type = normalize_type(type);
    column.nullable = nullable != 0;
    if (default_ind == soci::i_ok) column.default_value = default_value;
    column.generated = generated != 0;
    builder.add_column(table, std::move(column));
  }
}

void read_indexes(soci::session& session, const char* sql, LiveSchemaBuilder& builder) {
  std::string table;
  std::string index;
  int unique = 0;
  int primary = 0;
  std::string column;
  soci::statement st = (session.prepare << sql, soci::into(table), soci::into(index),
                        soci::into(unique), soci::into(primary), soci::into(column));
  st.execute();
  while (st.fetch()) {
    if (primary != 0) {
      builder.add_primary_key_column(table, column);
    } else {
      builder.add_index_column(table, index, unique != 0, column);
    }
  }
}

void read_foreign_keys(soci::session& session, const char* sql, LiveSchemaBuilder& builder) {
  std::string table;
  std::string name;
  std::string column;
  std::string referenced_table;
  std::string referenced_column;
  std::string rule;
  soci::statement st =
      (session.prepare << sql, soci::into(table), soci::into(name), soci::into(column),
       soci::into(referenced_table), soci::into(referenced_column), soci::into(rule));
  st.execute();
  while (st.fetch()) {
    builder.add_foreign_key_column(table, name, name, column, referenced_table, referenced_column,
                                   parse_on_delete(rule));
  }
}

void read_checks(soci::session& session, const char* sql, LiveSchema& schema) {
  std::string table;
  std::string name;
  std::string column;
  soci::indicator column_ind = soci::i_ok;
  std::string expression;
  soci::statement st = (session.prepare << sql, soci::into(table), soci::into(name),
                        soci::into(column, column_ind), soci::into(expression));
  st.execute();
  while (st.fetch()) {
    for (auto& live : schema.tables) {
      if (live.name != table) continue;
      add_check(live, LiveCheck{name, expression, column_ind == soci::i_ok ? column : "", false});
    }
  }
}

}  // namespace

LiveSchema read_catalog(BackendKind kind, const TypeNormalizer& normalize_type,
                        soci::session& session, const CatalogQueries& queries) {
  LiveSchemaBuilder builder(kind);
  read_tables(session, queries.tables, builder);
  read_columns(normalize_type, session, queries.columns, builder);
  read_indexes(session, queries.indexes, builder);
  read_foreign_keys(session, queries.foreign_keys, builder);
  LiveSchema schema = builder.finish();
  if (queries.checks != nullptr) read_checks(session, queries.checks, schema);
  return schema;
}

}  // namespace v5store::detail
