// PostgreSQL introspection: pg_catalog queries over the tables of current_schema().
#include <map>
#include <string>

#include "backends/postgresql/postgresql_backend.hpp"
#include "introspection/catalog_extras.hpp"
#include "introspection/catalog_reader.hpp"
#include "introspection/type_text.hpp"

namespace v5store::detail {

namespace {

constexpr CatalogQueries kQueries = {
    .tables =
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname",
    // Generated: an identity column, or a serial one (its default draws from a sequence).
    .columns =
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
        "CASE WHEN a.attnotnull THEN 0 ELSE 1 END, pg_get_expr(d.adbin, d.adrelid), "
        "CASE WHEN a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%' "
        "THEN 1 ELSE 0 END "
        "FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
    .indexes =
        "SELECT t.relname, ic.relname, CASE WHEN i.indisunique THEN 1 ELSE 0 END, "
        "CASE WHEN i.indisprimary THEN 1 ELSE 0 END, a.attname "
        "FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "JOIN pg_class ic ON ic.oid = i.indexrelid "
        "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
        "WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') "
        "ORDER BY t.relname, ic.relname, k.ord",
    // pg_constraint.confdeltype: c cascade, n set null, r restrict, a no action, d set default.
    .foreign_keys =
        "SELECT t.relname, con.conname, a.attname, rt.relname, ra.attname, "
        "CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' "
        "WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END "
        "FROM pg_constraint con "
        "JOIN pg_class t ON t.oid = con.conrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "JOIN pg_class rt ON rt.oid = con.confrelid "
        "CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, rattnum, "
        "ord) "
        "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
        "JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.rattnum "
        "WHERE con.contype = 'f' AND n.nspname = current_schema() "
        "ORDER BY t.relname, con.conname, k.ord",
    .checks =
        "SELECT t.relname, con.conname, "
        "CASE WHEN array_length(con.conkey, 1) = 1 THEN (SELECT a.attname FROM pg_attribute a "
        "WHERE a.attrelid = con.conrelid AND a.attnum = con.conkey[1]) END, "
        "pg_get_expr(con.conbin, con.conrelid) "
        "FROM pg_constraint con "
        "JOIN pg_class t ON t.oid = con.conrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE con.contype = 'c' AND n.nspname = current_schema() "
        "ORDER BY t.relname, con.conname",
};

// Sequences that belong to a serial or identity column (pg_depend 'a' / 'i') are the
// column's, not objects of their own.
constexpr ExtrasQueries kExtras = {
    .objects =
        "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' "
        "WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'partition' END, c.relname "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND (c.relkind IN ('v', 'm', 'f') "
        "OR (c.relkind IN ('r', 'p') AND c.relispartition) "
        "OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
        "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))) "
        "UNION ALL "
        "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' "
        "ELSE 'function' END, p.proname "
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() "
        "UNION ALL "
        "SELECT 'trigger', t.tgname || ' on ' || c.relname FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT t.tgisinternal "
        "ORDER BY 1, 2",
    .enum_labels =
        "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
        "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = current_schema() "
        "ORDER BY t.typname, e.enumsortorder",
    .domains =
        "SELECT t.typname, format_type(t.typbasetype, t.typtypmod), "
        "CASE WHEN t.typnotnull THEN 1 ELSE 0 END, pg_get_constraintdef(con.oid) "
        "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "LEFT JOIN pg_constraint con ON con.contypid = t.oid AND con.contype = 'c' "
        "WHERE t.typtype = 'd' AND n.nspname = current_schema() ORDER BY t.typname, con.conname",
};

}  // namespace

CatalogExtras PostgresqlBackend::introspect_extras(soci::session& session) const {
  try {
    return read_extras(session, kExtras);
  } catch (...) {
    rethrow_mapped(*this, {}, "reading the PostgreSQL catalog's views, functions and types");
  }
}

LiveSchema PostgresqlBackend::introspect(soci::session& session) const {
  try {
    return read_catalog(
        kind(), [this](std::string_view type) { return normalize_type(type); }, session, kQueries);
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
