// The DDL skeleton whose pieces the dialects fill in (CREATE TABLE and INDEX, column defaults,
// portable CHECKs, foreign keys) and the SQL literals it writes, shared by every backend.
#include "v5store/internal/backend.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/error.hpp"

namespace v5store::detail {

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

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
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

const EntitySpec& referenced_entity(const SystemSpec& spec, const ForeignKeySpec& fk) {
  const EntitySpec* target = spec.find_entity(fk.references);
  if (target == nullptr) {
    throw Error(ErrorCode::schema, "foreign key (" + join_names(fk.fields) +
                                       ") references unknown entity '" + fk.references + "'");
  }
  for (const auto& name : fk.referenced_fields) {
    if (target->find_field(name) == nullptr) {
      throw Error(ErrorCode::schema, "foreign key (" + join_names(fk.fields) +
                                         ") references unknown field '" + fk.references + "." +
                                         name + "'");
    }
  }
  if (fk.referenced_fields.size() != fk.fields.size()) {
    throw Error(ErrorCode::schema, "foreign key (" + join_names(fk.fields) + ") names " +
                                       std::to_string(fk.fields.size()) + " fields but " +
                                       std::to_string(fk.referenced_fields.size()) + " of " +
                                       fk.references);
  }
  return *target;
}

std::string portable_checks(const Backend& backend, const FieldSpec& field,
                            std::string_view numeric_sql) {
  const std::string column = backend.quote(column_name(field));
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
  if (field.default_sql) return " DEFAULT " + *field.default_sql;
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
    parts.push_back(backend.quote(column_name(field)) + " " +
                    backend.column_definition(entity, field));
    if (field.primary_key) key.push_back(column_name(field));
  }
  if (!key.empty() && !primary_key_inline) {
    parts.push_back("PRIMARY KEY (" + join_quoted(backend, key) + ")");
  }
  for (const auto& field : entity.fields) {
    if (field.unique && !field.primary_key) {
      parts.push_back("UNIQUE (" + backend.quote(column_name(field)) + ")");
    }
  }
  for (const auto& fk : spec.foreign_keys_of(entity)) {
    parts.push_back(foreign_key_clause(backend, spec, entity, fk));
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
                               const EntitySpec& entity, const ForeignKeySpec& fk) {
  const EntitySpec& target = referenced_entity(spec, fk);
  return "FOREIGN KEY (" + join_quoted(backend, column_names(entity, fk.fields)) +
         ") REFERENCES " + backend.quote(table_name(target)) + " (" +
         join_quoted(backend, column_names(target, fk.referenced_fields)) + ")" +
         std::string(on_delete_sql(fk.on_delete));
}

std::string build_create_index(const Backend& backend, const EntitySpec& entity,
                               const IndexSpec& index) {
  const std::string name = index.name.empty() ? index_name(table_name(entity), index.fields)
                                               : index.name;
  return std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
         backend.quote(name) + " ON " + backend.quote(table_name(entity)) + " (" +
         join_quoted(backend, column_names(entity, index.fields)) + ")";
}

}  // namespace v5store::detail
