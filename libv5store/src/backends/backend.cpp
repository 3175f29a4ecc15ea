// Backend-independent code shared by every backend: the registry, error rethrowing and the
// DDL skeleton whose pieces the dialects fill in.
#include "backends/backend.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "backends/mysql/mysql_backend.hpp"
#include "backends/postgresql/postgresql_backend.hpp"
#include "backends/sqlite/sqlite_backend.hpp"
#include "v5store/dsn.hpp"

namespace v5store::detail {

const Backend& backend_for(BackendKind kind) {
  switch (kind) {
    case BackendKind::sqlite: return sqlite_backend();
    case BackendKind::postgresql: return postgresql_backend();
    case BackendKind::mysql: return mysql_backend();
  }
  throw Error(ErrorCode::config, "unknown backend kind");
}

void rethrow_mapped(const Backend& backend, std::string_view dsn, std::string_view context) {
  try {
    throw;
  } catch (Error& e) {
    e.add_context(std::string(context));
    throw;
  } catch (const soci::soci_error& e) {
    const MappedError mapped = backend.map_error(e);
    // SOCI's what() appends the statement with its bound values: kept only on request.
    const std::string message = parameter_values_in_messages()
                                    ? std::string(e.what())
                                    : (mapped.message.empty() ? e.get_error_message() : mapped.message);
    Error error(mapped.code, redact_secrets(message, dsn), mapped.backend_code);
    error.set_details(ErrorDetails{mapped.constraint, mapped.table, mapped.columns, {}});
    error.add_context(std::string(context));
    throw error;
  } catch (const std::exception& e) {
    Error error(ErrorCode::unknown, redact_secrets(e.what(), dsn));
    error.add_context(std::string(context));
    throw error;
  }
}

void rethrow_connection_error(const Backend& backend, std::string_view dsn) {
  const std::string context = "opening " + std::string(to_string(backend.kind())) + " session";
  try {
    throw;
  } catch (const Error& e) {
    Error error(ErrorCode::connection, e.what(), e.backend_code());
    error.add_context(context);
    throw error;
  } catch (const soci::soci_error& e) {
    Error error(ErrorCode::connection, redact_secrets(e.what(), dsn),
                backend.map_error(e).backend_code);
    error.add_context(context);
    throw error;
  } catch (const std::exception& e) {
    Error error(ErrorCode::connection, redact_secrets(e.what(), dsn));
    error.add_context(context);
    throw error;
  }
}

namespace {
std::atomic<bool> parameter_values{false};
}  // namespace

bool parameter_values_in_messages() noexcept { return parameter_values.load(std::memory_order_relaxed); }

void set_parameter_values_in_messages(bool on) noexcept { parameter_values.store(on); }

std::string text_between(std::string_view text, std::string_view marker, char open, char close) {
  const std::size_t at = text.find(marker);
  if (at == std::string_view::npos) return {};
  const std::size_t begin = text.find(open, at + marker.size());
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find(close, begin + 1);
  if (end == std::string_view::npos) return {};
  return std::string(text.substr(begin + 1, end - begin - 1));
}

std::vector<std::string> split_names(std::string_view text, std::string_view quotes) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string name;
    for (char c : text.substr(begin, end - begin)) {
      if (c != ' ' && quotes.find(c) == std::string_view::npos) name += c;
    }
    if (!name.empty()) out.push_back(std::move(name));
    begin = end + 1;
  }
  return out;
}

SlotKind slot_kind(FieldType type) noexcept {
  switch (type) {
    case FieldType::boolean:
    case FieldType::int32:
    case FieldType::int64:
      return SlotKind::integer;
    case FieldType::float64:
      return SlotKind::real;
    default:
      return SlotKind::text;
  }
}

std::string sql_string_literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string hex_encode(const Bytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const auto byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string join_quoted(const Backend& backend, const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += backend.quote(name);
  }
  return out;
}

bool is_numeric(FieldType type) {
  return type == FieldType::int32 || type == FieldType::int64 || type == FieldType::float64 ||
         type == FieldType::decimal;
}

std::string number_literal(double value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return buf;
}

std::string_view on_delete_sql(OnDelete action) {
  switch (action) {
    case OnDelete::cascade: return " ON DELETE CASCADE";
    case OnDelete::restrict: return " ON DELETE RESTRICT";
    case OnDelete::set_null: return " ON DELETE SET NULL";
    case OnDelete::no_action: return "";
  }
  return "";
}

}  // namespace

Bytes hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) {
    throw Error(ErrorCode::validation, "hex text of odd length " + std::to_string(text.size()));
  }
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) {
      throw Error(ErrorCode::validation, "not a hex digit at offset " + std::to_string(i));
    }
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

const std::string& table_name(const EntitySpec& entity) noexcept {
  return entity.table.empty() ? entity.name : entity.table;
}

const EntitySpec& referenced_entity(const SystemSpec& spec, const FieldSpec& field) {
  if (!field.references_entity) {
    throw Error(ErrorCode::schema, "field '" + field.name + "' references nothing");
  }
  for (const auto& entity : spec.entities) {
    if (entity.name != *field.references_entity) continue;
    for (const auto& target : entity.fields) {
      if (target.name == field.references_field.value_or("")) return entity;
    }
    throw Error(ErrorCode::schema, "field '" + field.name + "' references unknown field '" +
                                       *field.references_entity + "." +
                                       field.references_field.value_or("") + "'");
  }
  throw Error(ErrorCode::schema, "field '" + field.name + "' references unknown entity '" +
                                     *field.references_entity + "'");
}

std::string portable_checks(const Backend& backend, const FieldSpec& field,
                            std::string_view numeric_sql) {
  const std::string column = backend.quote(field.name);
  const std::string number = numeric_sql.empty() ? column : std::string(numeric_sql);
  std::vector<std::string> conditions;
  if (field.type == FieldType::enumeration && !field.values.empty()) {
    std::string members;
    for (const auto& value : field.values) {
      if (!members.empty()) members += ", ";
      members += sql_string_literal(value);
    }
    conditions.push_back(column + " IN (" + members + ")");
  }
  if (is_numeric(field.type) && field.min) {
    conditions.push_back(number + " >= " + number_literal(*field.min));
  }
  if (is_numeric(field.type) && field.max) {
    conditions.push_back(number + " <= " + number_literal(*field.max));
  }
  return and_conditions(conditions);
}

std::string and_conditions(const std::vector<std::string>& conditions) {
  std::string joined;
  for (const auto& condition : conditions) {
    if (condition.empty()) continue;
    if (!joined.empty()) joined += " AND ";
    joined += condition;
  }
  return joined;
}

std::string default_clause(const FieldSpec& field, std::string_view now_sql,
                           std::string_view true_sql, std::string_view false_sql) {
  if (!field.default_value) return {};
  const std::string& value = *field.default_value;
  if (field.type == FieldType::timestamp && value == "now") {
    return " DEFAULT " + std::string(now_sql);
  }
  if (field.type == FieldType::boolean) {
    return " DEFAULT " + std::string(value == "true" ? true_sql : false_sql);
  }
  if (is_numeric(field.type) && field.type != FieldType::decimal) {
    char* end = nullptr;
    std::strtod(value.c_str(), &end);
    if (!value.empty() && end == value.c_str() + value.size()) return " DEFAULT " + value;
  }
  return " DEFAULT " + sql_string_literal(value);
}

std::string check_clause(const std::vector<std::string>& conditions) {
  const std::string joined = and_conditions(conditions);
  return joined.empty() ? std::string() : " CHECK (" + joined + ")";
}

bool has_generated_key(const EntitySpec& entity) noexcept {
  const FieldSpec* key = nullptr;
  for (const auto& field : entity.fields) {
    if (!field.primary_key) continue;
    if (key != nullptr) return false;
    key = &field;
  }
  return key != nullptr && key->generated;
}

std::string build_create_table(const Backend& backend, const SystemSpec& spec,
                               const EntitySpec& entity, bool primary_key_inline,
                               std::string_view suffix) {
  std::vector<std::string> parts;
  std::vector<std::string> key;
  for (const auto& field : entity.fields) {
    parts.push_back(backend.quote(field.name) + " " + backend.column_definition(entity, field));
    if (field.primary_key) key.push_back(field.name);
  }
  if (!key.empty() && !primary_key_inline) {
    parts.push_back("PRIMARY KEY (" + join_quoted(backend, key) + ")");
  }
  for (const auto& field : entity.fields) {
    if (field.unique && !field.primary_key) {
      parts.push_back("UNIQUE (" + backend.quote(field.name) + ")");
    }
  }
  for (const auto& field : entity.fields) {
    if (field.references_entity) parts.push_back(foreign_key_clause(backend, spec, field));
  }
  std::string sql = "CREATE TABLE " + backend.quote(table_name(entity)) + " (\n";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    sql += "  " + parts[i] + (i + 1 < parts.size() ? ",\n" : "\n");
  }
  sql += ")";
  sql += suffix;
  return sql;
}

std::string foreign_key_clause(const Backend& backend, const SystemSpec& spec,
                               const FieldSpec& field) {
  const EntitySpec& target = referenced_entity(spec, field);
  return "FOREIGN KEY (" + backend.quote(field.name) + ") REFERENCES " +
         backend.quote(table_name(target)) + " (" + backend.quote(*field.references_field) + ")" +
         std::string(on_delete_sql(field.on_delete));
}

std::string build_create_index(const Backend& backend, const EntitySpec& entity,
                               const IndexSpec& index) {
  std::string name = index.name;
  if (name.empty()) {
    name = "ix_" + table_name(entity);
    for (const auto& field : index.fields) name += "_" + field;
  }
  return std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
         backend.quote(name) + " ON " + backend.quote(table_name(entity)) + " (" +
         join_quoted(backend, index.fields) + ")";
}

}  // namespace v5store::detail
