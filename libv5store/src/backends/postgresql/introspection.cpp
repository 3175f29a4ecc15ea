// PostgreSQL introspection: pg_catalog queries over the tables of current_schema().
#include <map>
#include <string>

#include "backends/postgresql/postgresql_backend.hpp"
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

}  // namespace

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
