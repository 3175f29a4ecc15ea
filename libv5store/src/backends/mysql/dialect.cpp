// MySQL / MariaDB dialect: InnoDB tables in utf8mb4 with a binary collation (comparisons and
// unique keys are exact, as on the other backends), DATETIME(6) in UTC, CHECK constraints.
#include "backends/mysql/mysql_backend.hpp"

namespace v5store::detail {

namespace {

constexpr std::string_view kTableOptions =
    " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
constexpr int kDefaultVarcharLength = 255;

// `sql` (a column definition with standard SQL literals: 'it''s', a backslash is itself) with
// its literals written for the session's sql_mode, which backend.cpp sets without
// NO_BACKSLASH_ESCAPES: a backslash inside a literal is doubled and NUL becomes \0, so
// 'C:\new' stays a backslash and an n, and a value ending in a backslash cannot escape its
// closing quote. The same form MariaDB prints in SHOW CREATE TABLE. Names in backquotes and
// text outside literals are copied as they are.
std::string backslash_escaped_literals(std::string_view sql) {
  return rewrite_string_literals(sql, [](std::string_view text, std::size_t i, std::string& out) {
    const char c = text[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\0') {
      out += "\\0";
    } else {
      out += c;
    }
    return i;
  });
}

}  // namespace

std::string rewrite_string_literals(std::string_view sql, const LiteralRewrite& inside) {
  std::string out;
  out.reserve(sql.size());
  bool in_literal = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (!in_literal && c == '`') {  // a quoted name: copied as is
      const auto close = sql.find('`', i + 1);
      const auto end = close == std::string_view::npos ? sql.size() : close + 1;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (!in_literal) {
      in_literal = c == '\'';
      out += c;
    } else if (c == '\'' && i + 1 < sql.size() && sql[i + 1] == '\'') {
      out += "''";
      ++i;
    } else if (c == '\'') {
      in_literal = false;
      out += c;
    } else {
      i = inside(sql, i, out);
    }
  }
  return out;
}

std::string MysqlBackend::quote(std::string_view identifier) const {
  std::string out = "`";
  for (const char c : identifier) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string MysqlBackend::column_type(const FieldSpec& field) const {
  if (!field.sql_type.empty()) return field.sql_type;
  switch (field.type) {
    case FieldType::boolean: return "TINYINT(1)";
    case FieldType::int32: return "INT";
    case FieldType::int64: return "BIGINT";
    case FieldType::float64: return "DOUBLE";
    case FieldType::decimal:
      return "DECIMAL(" + std::to_string(field.precision > 0 ? field.precision : 65) + "," +
             std::to_string(field.precision > 0 ? field.scale : 30) + ")";
    case FieldType::string:
      return "VARCHAR(" + std::to_string(field.max_length.value_or(kDefaultVarcharLength)) + ")";
    case FieldType::text: return "LONGTEXT";
    case FieldType::bytes: return "LONGBLOB";
    case FieldType::date: return "DATE";
    case FieldType::timestamp: return "DATETIME(6)";
    case FieldType::uuid: return "CHAR(36)";
    case FieldType::json: return "JSON";
    case FieldType::enumeration: return "VARCHAR(" + std::to_string(kDefaultVarcharLength) + ")";
    case FieldType::opaque: return "LONGTEXT";
  }
  return "LONGTEXT";
}

std::string MysqlBackend::column_definition(const EntitySpec& entity,
                                            const FieldSpec& field) const {
  std::string definition = column_type(field);
  if (field.primary_key && field.generated && has_generated_key(entity)) {
    return definition + " NOT NULL AUTO_INCREMENT";
  }
  return backslash_escaped_literals(definition + (field.nullable ? "" : " NOT NULL") +
                                    default_clause(field, now_sql(), "1", "0") +
                                    check_clause(column_checks(entity, field)));
}

std::vector<std::string> MysqlBackend::column_checks(const EntitySpec& entity,
                                                     const FieldSpec& field) const {
  if (field.primary_key && field.generated && has_generated_key(entity)) return {};
  if (!field.sql_type.empty()) return {};  // the database's own type constrains it
  std::vector<std::string> checks;
  if (auto portable = portable_checks(*this, field); !portable.empty()) {
    checks.push_back(std::move(portable));
  }
  if (field.type == FieldType::boolean) checks.push_back(quote(column_name(field)) + " IN (0, 1)");
  // MariaDB's JSON is LONGTEXT with this check, added by the server when it is not declared;
  // declaring it keeps DDL, catalog and drift saying the same thing (MySQL 8 keeps it as is).
  if (field.type == FieldType::json) checks.push_back("json_valid(" + quote(column_name(field)) + ")");
  return checks;
}

std::string MysqlBackend::create_table(const SystemSpec& spec, const EntitySpec& entity) const {
  return build_create_table(*this, spec, entity, false, kTableOptions);
}

std::string MysqlBackend::create_index(const EntitySpec& entity, const IndexSpec& index) const {
  return build_create_index(*this, entity, index);
}

std::string MysqlBackend::select_expression(FieldType type, std::string_view column_sql) const {
  if (type == FieldType::bytes) return "HEX(" + std::string(column_sql) + ")";
  return std::string(column_sql);
}

std::string MysqlBackend::bind_expression(FieldType type, std::string_view placeholder) const {
  if (type == FieldType::bytes) return "UNHEX(" + std::string(placeholder) + ")";
  return std::string(placeholder);
}

std::string MysqlBackend::text_length(std::string_view column_sql) const {
  return "CHAR_LENGTH(" + std::string(column_sql) + ")";
}

std::optional<std::string> MysqlBackend::refuses_text(std::string_view) const {
  return std::nullopt;  // any bytes, NUL included
}

std::string MysqlBackend::like_condition(std::string_view column_sql,
                                        std::string_view placeholder, bool ignore_case) const {
  // The column's collation decides LIKE's case rules: compare lower-cased text, or bytes.
  if (ignore_case) {
    return "LOWER(" + std::string(column_sql) + ") LIKE LOWER(" + std::string(placeholder) +
           ") ESCAPE ''";
  }
  return std::string(column_sql) + " LIKE BINARY " + std::string(placeholder) + " ESCAPE ''";
}

std::string MysqlBackend::encode_bytes(const Bytes& bytes) const { return hex_encode(bytes); }

Bytes MysqlBackend::decode_bytes(std::string_view text) const { return hex_decode(text); }

std::string MysqlBackend::drop_index(std::string_view table, std::string_view index) const {
  return "DROP INDEX " + quote(index) + " ON " + quote(table);
}

bool MysqlBackend::alters_tables_in_place() const noexcept { return true; }

std::vector<std::string> MysqlBackend::alter_column(const EntitySpec& entity,
                                                    const FieldSpec& field,
                                                    ColumnChanges changes) const {
  // MODIFY restates the whole column: type, nullability, default and the checks declared in
  // it. Checks kept as table constraints (MySQL 8, or added by hand) are dropped by name in
  // the same statement. ALGORITHM=COPY makes MariaDB verify the rows against a changed check
  // (an in-place change would not look at them).
  std::string sql = "ALTER TABLE " + quote(table_name(entity)) + " MODIFY COLUMN " +
                    quote(column_name(field)) + " " + column_definition(entity, field);
  if (changes.checks) {
    for (const auto& check : changes.live_checks) {
      if (!check.part_of_column) sql += ", DROP CONSTRAINT " + quote(check.name);
    }
    sql += ", ALGORITHM=COPY";
  }
  return {sql};
}

std::string MysqlBackend::drop_foreign_key(std::string_view table,
                                           std::string_view constraint) const {
  return "ALTER TABLE " + quote(table) + " DROP FOREIGN KEY " + quote(constraint);
}

}  // namespace v5store::detail
