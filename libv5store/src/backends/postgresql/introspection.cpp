// PostgreSQL introspection: pg_catalog queries over the tables of current_schema().
#include <map>
#include <string>

#include "backends/postgresql/postgresql_backend.hpp"
#include "migrate/live_schema_builder.hpp"
#include "migrate/type_text.hpp"

namespace v5store::detail {

namespace {

constexpr const char* kTablesSql =
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname";

constexpr const char* kColumnsSql =
    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
    "CASE WHEN a.attnotnull THEN 1 ELSE 0 END, pg_get_expr(d.adbin, d.adrelid), "
    "CASE WHEN a.attidentity <> '' THEN 1 ELSE 0 END "
    "FROM pg_attribute a "
    "JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
    "AND NOT a.attisdropped ORDER BY c.relname, a.attnum";

constexpr const char* kIndexesSql =
    "SELECT t.relname, ic.relname, CASE WHEN i.indisunique THEN 1 ELSE 0 END, "
    "CASE WHEN i.indisprimary THEN 1 ELSE 0 END, a.attname "
    "FROM pg_index i "
    "JOIN pg_class t ON t.oid = i.indrelid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace "
    "JOIN pg_class ic ON ic.oid = i.indexrelid "
    "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
    "WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') "
    "ORDER BY t.relname, ic.relname, k.ord";

constexpr const char* kForeignKeysSql =
    "SELECT t.relname, con.conname, con.confdeltype::text, rt.relname, a.attname, ra.attname "
    "FROM pg_constraint con "
    "JOIN pg_class t ON t.oid = con.conrelid "
    "JOIN pg_namespace n ON n.oid = t.relnamespace "
    "JOIN pg_class rt ON rt.oid = con.confrelid "
    "CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, rattnum, ord) "
    "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
    "JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.rattnum "
    "WHERE con.contype = 'f' AND n.nspname = current_schema() "
    "ORDER BY t.relname, con.conname, k.ord";

OnDelete on_delete_of(const std::string& code) {
  if (code == "c") return OnDelete::cascade;
  if (code == "n") return OnDelete::set_null;
  if (code == "r") return OnDelete::restrict;
  return OnDelete::no_action;
}

}  // namespace

LiveSchema PostgresqlBackend::introspect(soci::session& session) const {
  try {
    LiveSchemaBuilder builder(BackendKind::postgresql);
    std::string table;
    {
      soci::statement st = (session.prepare << kTablesSql, soci::into(table));
      st.execute();
      while (st.fetch()) builder.table(table);
    }
    {
      std::string name;
      std::string type;
      std::string default_value;
      soci::indicator default_ind = soci::i_ok;
      int not_null = 0;
      int identity = 0;
      soci::statement st = (session.prepare << kColumnsSql, soci::into(table), soci::into(name),
                            soci::into(type), soci::into(not_null),
                            soci::into(default_value, default_ind), soci::into(identity));
      st.execute();
      while (st.fetch()) {
        LiveColumn column;
        column.name = name;
        column.raw_type = type;
        column.type = normalize_type(type);
        column.nullable = not_null == 0;
        if (default_ind == soci::i_ok) column.default_value = default_value;
        column.generated = identity != 0 || (column.default_value &&
                                             column.default_value->starts_with("nextval("));
        builder.add_column(table, std::move(column));
      }
    }
    {
      std::string index;
      std::string column;
      int unique = 0;
      int primary = 0;
      soci::statement st = (session.prepare << kIndexesSql, soci::into(table), soci::into(index),
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
    {
      std::string name;
      std::string rule;
      std::string referenced_table;
      std::string column;
      std::string referenced_column;
      soci::statement st =
          (session.prepare << kForeignKeysSql, soci::into(table), soci::into(name),
           soci::into(rule), soci::into(referenced_table), soci::into(column),
           soci::into(referenced_column));
      st.execute();
      while (st.fetch()) {
        builder.add_foreign_key_column(table, name, name, column, referenced_table,
                                       referenced_column, on_delete_of(rule));
      }
    }
    return builder.finish();
  } catch (...) {
    rethrow_mapped(*this, {}, "introspecting the PostgreSQL schema");
  }
}

std::string PostgresqlBackend::normalize_type(std::string_view type) const {
  static const std::map<std::string, std::string> kAliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"serial", "integer"},
      {"serial4", "integer"},
      {"int8", "bigint"},
      {"bigserial", "bigint"},
      {"serial8", "bigint"},
      {"int2", "smallint"},
      {"smallserial", "smallint"},
      {"bool", "boolean"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"decimal", "numeric"},
      {"varchar", "character varying"},
      {"char", "character"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"},
      {"timetz", "time with time zone"},
      {"time", "time without time zone"},
  };
  TypeParts parts = split_type(lower_collapsed(type));
  // "timestamp(6) with time zone" -> base "timestamp", suffix "with time zone".
  if (!parts.suffix.empty()) {
    parts.base += " " + parts.suffix;
    parts.suffix.clear();
  }
  if (const auto it = kAliases.find(parts.base); it != kAliases.end()) parts.base = it->second;
  // format_type() omits the default precision of timestamps (6).
  if (parts.base.starts_with("timestamp") && parts.args == std::vector<std::string>{"6"}) {
    parts.args.clear();
  }
  return join_type(parts);
}

}  // namespace v5store::detail
