// MySQL / MariaDB introspection: information_schema over the tables of DATABASE().
#include <map>
#include <set>
#include <string>

#include "backends/mysql/mysql_backend.hpp"
#include "migrate/live_schema_builder.hpp"
#include "migrate/type_text.hpp"

namespace v5store::detail {

namespace {

constexpr const char* kTablesSql =
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
    "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME";

constexpr const char* kColumnsSql =
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA "
    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
    "ORDER BY TABLE_NAME, ORDINAL_POSITION";

constexpr const char* kIndexesSql =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME "
    "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
    "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

constexpr const char* kForeignKeysSql =
    "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
    "k.REFERENCED_COLUMN_NAME, r.DELETE_RULE "
    "FROM information_schema.KEY_COLUMN_USAGE k "
    "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
    "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
    "AND r.TABLE_NAME = k.TABLE_NAME "
    "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
    "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

// InnoDB creates an index for a foreign key that no other index serves, named after the
// constraint or its first column. It is part of the foreign key, not a declared index: drop it
// from the list.
void drop_foreign_key_indexes(LiveSchema& schema) {
  for (auto& table : schema.tables) {
    std::erase_if(table.indexes, [&](const LiveIndex& index) {
      if (index.unique) return false;
      for (const auto& fk : table.foreign_keys) {
        if (index.columns == fk.columns &&
            (index.name == fk.name || index.name == fk.columns.front())) {
          return true;
        }
      }
      return false;
    });
  }
}

}  // namespace

LiveSchema MysqlBackend::introspect(soci::session& session) const {
  try {
    LiveSchemaBuilder builder(BackendKind::mysql);
    std::string table;
    {
      soci::statement st = (session.prepare << kTablesSql, soci::into(table));
      st.execute();
      while (st.fetch()) builder.table(table);
    }
    {
      std::string name;
      std::string type;
      std::string nullable;
      std::string default_value;
      std::string extra;
      soci::indicator default_ind = soci::i_ok;
      soci::indicator extra_ind = soci::i_ok;
      soci::statement st = (session.prepare << kColumnsSql, soci::into(table), soci::into(name),
                            soci::into(type), soci::into(nullable),
                            soci::into(default_value, default_ind), soci::into(extra, extra_ind));
      st.execute();
      while (st.fetch()) {
        LiveColumn column;
        column.name = name;
        column.raw_type = type;
        column.type = normalize_type(type);
        column.nullable = nullable == "YES";
        // MariaDB reports the absent default of a nullable column as the text NULL.
        if (default_ind == soci::i_ok && default_value != "NULL") {
          column.default_value = default_value;
        }
        column.generated = extra_ind == soci::i_ok &&
                           lower_collapsed(extra).find("auto_increment") != std::string::npos;
        builder.add_column(table, std::move(column));
      }
    }
    {
      std::string index;
      std::string column;
      int non_unique = 0;
      soci::statement st = (session.prepare << kIndexesSql, soci::into(table), soci::into(index),
                            soci::into(non_unique), soci::into(column));
      st.execute();
      while (st.fetch()) {
        if (index == "PRIMARY") {
          builder.add_primary_key_column(table, column);
        } else {
          builder.add_index_column(table, index, non_unique == 0, column);
        }
      }
    }
    {
      std::string name;
      std::string column;
      std::string referenced_table;
      std::string referenced_column;
      std::string rule;
      soci::statement st =
          (session.prepare << kForeignKeysSql, soci::into(table), soci::into(name),
           soci::into(column), soci::into(referenced_table), soci::into(referenced_column),
           soci::into(rule));
      st.execute();
      while (st.fetch()) {
        builder.add_foreign_key_column(table, name, name, column, referenced_table,
                                       referenced_column, parse_on_delete(rule));
      }
    }
    LiveSchema schema = builder.finish();
    drop_foreign_key_indexes(schema);
    return schema;
  } catch (...) {
    rethrow_mapped(*this, {}, "introspecting the MySQL schema");
  }
}

std::string MysqlBackend::normalize_type(std::string_view type) const {
  static const std::map<std::string, std::string> kAliases = {
      {"integer", "int"},         {"bool", "tinyint"},      {"boolean", "tinyint"},
      {"numeric", "decimal"},     {"dec", "decimal"},       {"fixed", "decimal"},
      {"double precision", "double"}, {"real", "double"},   {"character varying", "varchar"},
      {"character", "char"},      {"json", "longtext"},
  };
  static const std::set<std::string> kIntegers = {"tinyint", "smallint", "mediumint", "int",
                                                  "bigint"};
  TypeParts parts = split_type(lower_collapsed(type));
  const bool boolean = parts.base == "bool" || parts.base == "boolean";
  if (const auto it = kAliases.find(parts.base); it != kAliases.end()) parts.base = it->second;
  if (kIntegers.count(parts.base) != 0) {
    // Display widths mean nothing, except tinyint(1), MySQL's spelling of BOOLEAN.
    const bool tinyint1 = parts.base == "tinyint" && parts.args == std::vector<std::string>{"1"};
    parts.args.clear();
    if (boolean || tinyint1) parts.args = {"1"};
  }
  if (parts.base == "decimal" && parts.args.empty()) parts.args = {"10", "0"};
  if (parts.base == "decimal" && parts.args.size() == 1) parts.args.push_back("0");
  return join_type(parts);
}

}  // namespace v5store::detail
