// MySQL / MariaDB introspection: information_schema over the tables of DATABASE().
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "backends/mysql/mysql_backend.hpp"
#include "introspection/catalog_extras.hpp"
#include "introspection/catalog_reader.hpp"
#include "introspection/check_constraints.hpp"
#include "introspection/type_text.hpp"

namespace v5store::detail {

namespace {

constexpr CatalogQueries kQueries = {
    .tables =
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    // MariaDB reports the absent default of a nullable column as the text NULL.
    .columns =
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, "
        "CASE WHEN IS_NULLABLE = 'YES' THEN 1 ELSE 0 END, NULLIF(COLUMN_DEFAULT, 'NULL'), "
        "CASE WHEN EXTRA LIKE '%auto_increment%' THEN 1 ELSE 0 END "
        "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME IN (SELECT TABLE_NAME FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE') "
        "ORDER BY TABLE_NAME, ORDINAL_POSITION",
    .indexes =
        "SELECT TABLE_NAME, INDEX_NAME, CASE WHEN NON_UNIQUE = 0 THEN 1 ELSE 0 END, "
        "CASE WHEN INDEX_NAME = 'PRIMARY' THEN 1 ELSE 0 END, COLUMN_NAME "
        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
        "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
    .foreign_keys =
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
        "k.REFERENCED_COLUMN_NAME, r.DELETE_RULE "
        "FROM information_schema.KEY_COLUMN_USAGE k "
        "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
        "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
        "AND r.TABLE_NAME = k.TABLE_NAME "
        "WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL "
        "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
};

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

// SHOW CREATE TABLE and information_schema.COLUMNS.COLUMN_DEFAULT write string literals with
// backslash escapes ('it\'s', 'C:\\new'), whatever the session's sql_mode; the check parser,
// normalize_default and the declared checks use standard SQL ('it''s', a backslash is itself).
// Rewrites the former into the latter; text outside single quotes (names in backquotes too) is
// unchanged.
std::string standard_string_literals(std::string_view sql) {
  return rewrite_string_literals(sql, [](std::string_view text, std::size_t i, std::string& out) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i];
      return i;
    }
    switch (text[++i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'Z': out += '\x1a'; break;
      case '\'': out += "''"; break;
      default: out += text[i]; break;
    }
    return i;
  });
}

// A partitioned table is one table (imported); its partitions are listed. MariaDB's
// sequences are tables of TABLE_TYPE 'SEQUENCE'.
constexpr ExtrasQueries kExtras = {
    .objects =
        "SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' ELSE 'sequence' END, TABLE_NAME "
        "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_TYPE IN ('VIEW', 'SEQUENCE') "
        "UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME FROM information_schema.ROUTINES "
        "WHERE ROUTINE_SCHEMA = DATABASE() "
        "UNION ALL SELECT 'trigger', CONCAT(TRIGGER_NAME, ' on ', EVENT_OBJECT_TABLE) "
        "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
        "UNION ALL SELECT 'partition', CONCAT(TABLE_NAME, '.', PARTITION_NAME) "
        "FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() "
        "AND PARTITION_NAME IS NOT NULL "
        "ORDER BY 1, 2",
};

}  // namespace

CatalogExtras MysqlBackend::introspect_extras(soci::session& session) const {
  try {
    return read_extras(session, kExtras);
  } catch (...) {
    rethrow_mapped(*this, {}, "reading the MySQL catalog's views, routines and triggers");
  }
}

LiveSchema MysqlBackend::introspect(soci::session& session) const {
  try {
    LiveSchema schema = read_catalog(
        kind(), [this](std::string_view type) { return normalize_type(type); }, session, kQueries);
    drop_foreign_key_indexes(schema);
    for (auto& table : schema.tables) {
      for (auto& column : table.columns) {
        if (!column.default_value) continue;
        column.default_value = standard_string_literals(*column.default_value);
      }
    }
    // information_schema.CHECK_CONSTRAINTS differs between MariaDB and MySQL 8 (and MariaDB's
    // column checks share their column's name across tables): read the CREATE TABLE text.
    add_checks_from_create_table(schema, [&](const std::string& table) {
      std::string name;
      std::string sql;
      session << "SHOW CREATE TABLE " + quote(table), soci::into(name), soci::into(sql);
      return standard_string_literals(sql);
    });
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
