// SQLite dialect: type affinities, CHECK constraints for what SQLite does not enforce itself
// (booleans, int32 range, string length, JSON), identity keys as INTEGER PRIMARY KEY.
#include "backends/sqlite/sqlite_backend.hpp"

namespace v5store::detail {

// strftime's %f has milliseconds; three zeros make the form every timestamp is stored in
// ("YYYY-MM-DD HH:MM:SS.ffffff"), so text order is time order.
std::string_view SqliteBackend::now_sql() const noexcept {
  return "(strftime('%Y-%m-%d %H:%M:%f', 'now') || '000')";
}

std::string SqliteBackend::quote(std::string_view identifier) const {
  std::string out = "\"";
  for (const char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string SqliteBackend::column_type(const FieldSpec& field) const {
  if (!field.sql_type.empty()) return field.sql_type;
  switch (field.type) {
    case FieldType::boolean:
    case FieldType::int32:
    case FieldType::int64:
      return "INTEGER";
    case FieldType::float64:
      return "REAL";
    case FieldType::string:
      return field.max_length ? "VARCHAR(" + std::to_string(*field.max_length) + ")" : "TEXT";
    case FieldType::bytes:
      return "BLOB";
    case FieldType::decimal:
    case FieldType::text:
    case FieldType::date:
    case FieldType::timestamp:
    case FieldType::uuid:
    case FieldType::json:
    case FieldType::enumeration:
    case FieldType::opaque:
      return "TEXT";
  }
  return "TEXT";
}

std::string SqliteBackend::column_definition(const EntitySpec& entity,
                                             const FieldSpec& field) const {
  if (field.primary_key && has_generated_key(entity)) {
    return "INTEGER PRIMARY KEY AUTOINCREMENT";
  }
  return column_type(field) + (field.nullable ? "" : " NOT NULL") +
         default_clause(field, now_sql(), "1", "0") + check_clause(column_checks(entity, field));
}

std::vector<std::string> SqliteBackend::column_checks(const EntitySpec& entity,
                                                      const FieldSpec& field) const {
  if (field.primary_key && has_generated_key(entity)) return {};
  if (!field.sql_type.empty()) return {};  // the database's own type constrains it
  const std::string column = quote(column_name(field));
  // Decimals are stored as text (exactly as given); min/max compare their numeric value.
  const std::string numeric =
      field.type == FieldType::decimal ? "CAST(" + column + " AS REAL)" : std::string();
  std::vector<std::string> checks;
  if (auto portable = portable_checks(*this, field, numeric); !portable.empty()) {
    checks.push_back(std::move(portable));
  }
  switch (field.type) {
    case FieldType::boolean:
      checks.push_back(column + " IN (0, 1)");
      break;
    case FieldType::int32:
      checks.push_back(column + " BETWEEN -2147483648 AND 2147483647");
      break;
    case FieldType::string:
      if (field.max_length) {
        checks.push_back(text_length(column) + " <= " + std::to_string(*field.max_length));
      }
      break;
    case FieldType::json:
      // json_valid(NULL) is 0 in SQLite 3.40, so NULL is let through explicitly.
      checks.push_back("(" + column + " IS NULL OR json_valid(" + column + "))");
      break;
    default:
      break;
  }
  return checks;
}

std::string SqliteBackend::create_table(const SystemSpec& spec, const EntitySpec& entity) const {
  return build_create_table(*this, spec, entity, has_generated_key(entity), "");
}

std::string SqliteBackend::create_index(const EntitySpec& entity, const IndexSpec& index) const {
  return build_create_index(*this, entity, index);
}

std::string SqliteBackend::select_expression(FieldType type, std::string_view column_sql) const {
  const std::string column(column_sql);
  if (type == FieldType::bytes) {
    // hex(NULL) is '' in SQLite, which would read back as empty bytes.
    return "CASE WHEN " + column + " IS NULL THEN NULL ELSE hex(" + column + ") END";
  }
  return column;
}

std::string SqliteBackend::bind_expression(FieldType type, std::string_view placeholder) const {
  if (type == FieldType::bytes) return "v5_unhex(" + std::string(placeholder) + ")";
  return std::string(placeholder);
}

std::string SqliteBackend::text_length(std::string_view column_sql) const {
  return "length(" + std::string(column_sql) + ")";
}

std::optional<std::string> SqliteBackend::refuses_text(std::string_view) const {
  return std::nullopt;  // any bytes, NUL included
}

std::string SqliteBackend::like_condition(std::string_view column_sql,
                                         std::string_view placeholder, bool ignore_case) const {
  // SQLite's LIKE ignores ASCII case; GLOB is its case-sensitive form.
  return std::string(column_sql) + (ignore_case ? " LIKE " : " GLOB ") + std::string(placeholder);
}

std::string SqliteBackend::like_pattern(std::string_view pattern, bool ignore_case) const {
  if (ignore_case) return std::string(pattern);
  std::string glob;
  for (const char c : pattern) {
    switch (c) {
      case '%': glob += '*'; break;
      case '_': glob += '?'; break;
      case '*': glob += "[*]"; break;
      case '?': glob += "[?]"; break;
      case '[': glob += "[[]"; break;
      default: glob += c;
    }
  }
  return glob;
}

std::string SqliteBackend::encode_bytes(const Bytes& bytes) const { return hex_encode(bytes); }

Bytes SqliteBackend::decode_bytes(std::string_view text) const { return hex_decode(text); }

std::string SqliteBackend::drop_index(std::string_view, std::string_view index) const {
  return "DROP INDEX " + quote(index);
}

bool SqliteBackend::alters_tables_in_place() const noexcept { return false; }

std::vector<std::string> SqliteBackend::alter_column(const EntitySpec& entity, const FieldSpec& field,
                                                     ColumnChanges) const {
  throw Error(ErrorCode::schema, "SQLite cannot alter column " + table_name(entity) + "." +
                                     field.name + " in place; the migrator rebuilds the table");
}

std::string SqliteBackend::drop_foreign_key(std::string_view table, std::string_view) const {
  throw Error(ErrorCode::schema, "SQLite cannot drop a foreign key of " + std::string(table) +
                                     " in place; the migrator rebuilds the table");
}

}  // namespace v5store::detail
