// Column to field: type and bounds, default, and the rules CHECKs and domains state.
#include "import/type_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <regex>

namespace v5gen::import {

namespace {

using v5store::FieldSpec;
using v5store::FieldType;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// A catalog type split as "base(args) suffix": "int(10) unsigned" -> {"int", {"10"}, "unsigned"}.
struct TypeText {
  std::string base;
  std::vector<std::string> args;  // raw, trimmed; quoted members kept quoted
  std::string suffix;
  bool array = false;
};

TypeText parse_type(std::string_view raw) {
  TypeText out;
  std::string text = lower(trim(raw));
  while (text.size() >= 2 && text.compare(text.size() - 2, 2, "[]") == 0) {
    out.array = true;
    text.resize(text.size() - 2);
  }
  const auto open = text.find('(');
  if (open == std::string::npos) {
    out.base = trim(text);
  } else {
    out.base = trim(text.substr(0, open));
    std::string arg;
    bool quoted = false;
    std::size_t i = open + 1;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\'') quoted = !quoted;
      if (!quoted && (c == ',' || c == ')')) {
        out.args.push_back(trim(arg));
        arg.clear();
        if (c == ')') break;
        continue;
      }
      arg += c;
    }
    out.suffix = i + 1 < text.size() ? trim(text.substr(i + 1)) : std::string();
  }
  // "timestamp(6) with time zone" keeps its suffix; "character varying" is its base.
  return out;
}

std::optional<std::int64_t> int_arg(const TypeText& type, std::size_t i) {
  if (i >= type.args.size()) return std::nullopt;
  char* end = nullptr;
  const long long value = std::strtoll(type.args[i].c_str(), &end, 10);
  if (end == type.args[i].c_str() || *end != '\0') return std::nullopt;
  return value;
}

// The members of "enum('a','b')" / "set(...)" args, quotes removed, '' undoubled.
std::vector<std::string> quoted_members(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& arg : args) {
    if (arg.size() < 2 || arg.front() != '\'' || arg.back() != '\'') continue;
    std::string value;
    for (std::size_t i = 1; i + 1 < arg.size(); ++i) {
      value += arg[i];
      if (arg[i] == '\'' && i + 2 < arg.size() && arg[i + 1] == '\'') ++i;
    }
    out.push_back(value);
  }
  return out;
}

constexpr int kWidestPrecision = 1000;  // the spec's limit (V218)
constexpr int kWidestScale = 500;

void set_range(FieldSpec& field, double min, double max) {
  field.min = min;
  field.max = max;
}

// An example for an opaque type, where one is known (smoke tests need a value), in the text
// form the database reads it back in.
std::optional<std::string> opaque_example(v5store::BackendKind backend, const TypeText& type) {
  if (backend == v5store::BackendKind::sqlite) return "v5";
  if (type.array) return "{}";
  if (type.base == "set") {
    const std::vector<std::string> members = quoted_members(type.args);
    if (!members.empty()) return members.front();
  }
  static const std::map<std::string, std::string> kExamples = {
      {"tsvector", "'v5'"},         {"tsquery", "'v5'"},
      {"interval", "1 day"},        {"inet", "127.0.0.1"},
      {"cidr", "10.0.0.0/8"},       {"macaddr", "08:00:2b:01:02:03"},
      {"point", "(0,0)"},           {"time", "12:00:00"},
      {"time without time zone", "12:00:00"},
      {"time with time zone", "12:00:00+00"},
      {"xml", "<v5/>"},
      {"citext", "v5"},             {"year", "2000"},
  };
  if (const auto it = kExamples.find(type.base); it != kExamples.end()) return it->second;
  return std::nullopt;
}

// Maps a base type to a field type with bounds; false when v5store cannot represent it.
bool map_type(v5store::BackendKind backend, const TypeText& type, FieldSpec& field) {
  const std::string& base = type.base;
  const bool is_unsigned = type.suffix.find("unsigned") != std::string::npos;
  const auto length = int_arg(type, 0);
  if (type.array) return false;
  if (base == "bool" || base == "boolean" || (base == "tinyint" && length == 1 && !is_unsigned)) {
    field.type = FieldType::boolean;
  } else if (base == "tinyint") {
    field.type = FieldType::int32;
    is_unsigned ? set_range(field, 0, 255) : set_range(field, -128, 127);
  } else if (base == "smallint" || base == "int2") {
    field.type = FieldType::int32;
    is_unsigned ? set_range(field, 0, 65535) : set_range(field, -32768, 32767);
  } else if (base == "mediumint") {
    field.type = FieldType::int32;
    is_unsigned ? set_range(field, 0, 16777215) : set_range(field, -8388608, 8388607);
  } else if (base == "int" || base == "integer" || base == "int4") {
    const bool wide = backend == v5store::BackendKind::sqlite || is_unsigned;
    field.type = wide ? FieldType::int64 : FieldType::int32;
    if (is_unsigned) set_range(field, 0, 4294967295.0);
  } else if (base == "bigint" || base == "int8") {
    field.type = FieldType::int64;
    if (is_unsigned) field.min = 0;
  } else if (base == "year") {
    field.type = FieldType::int32;
    set_range(field, 1901, 2155);
  } else if (base == "real" || base == "float" || base == "float4" || base == "float8" ||
             base == "double" || base == "double precision") {
    field.type = FieldType::float64;
  } else if (base == "numeric" || base == "decimal") {
    field.type = FieldType::decimal;
    // Without a precision (PostgreSQL and SQLite NUMERIC): the widest digits v5store checks.
    field.precision = static_cast<int>(int_arg(type, 0).value_or(kWidestPrecision));
    field.scale = static_cast<int>(int_arg(type, 1).value_or(type.args.empty() ? kWidestScale : 0));
  } else if (base == "varchar" || base == "character varying" || base == "nvarchar" ||
             base == "char" || base == "character" || base == "nchar" ||
             base == "varying character" || base == "native character" ||
             base == "national character varying" || base == "national char" ||
             base == "bpchar") {
    field.type = length ? FieldType::string : FieldType::text;
    if (length) field.max_length = *length;
    // PostgreSQL pads character(n) to n on read: only values of exactly n characters read
    // back as written.
    const bool padded = base == "character" || base == "char" || base == "bpchar";
    if (length && padded && backend == v5store::BackendKind::postgresql) field.min_length = *length;
  } else if (base == "text" || base == "clob" || base == "tinytext" || base == "mediumtext" ||
             base == "longtext" || base.empty()) {
    field.type = FieldType::text;
    if (base == "tinytext") field.max_length = 255;
  } else if (base == "bytea" || base == "blob" || base == "tinyblob" || base == "mediumblob" ||
             base == "longblob" || base == "binary" || base == "varbinary") {
    field.type = FieldType::bytes;
  } else if (base == "date") {
    field.type = FieldType::date;
  } else if (base.starts_with("timestamp") || base == "datetime" || base == "timestamptz") {
    field.type = FieldType::timestamp;
    // Whole seconds (MySQL DATETIME without fractions, PostgreSQL timestamp(0)): an example
    // without microseconds, which the column would drop.
    const bool seconds = backend == v5store::BackendKind::mysql ? int_arg(type, 0).value_or(0) == 0
                                                                 : int_arg(type, 0) == 0;
    if (seconds) field.example = "2024-01-15 10:30:00";
  } else if (base == "uuid") {
    field.type = FieldType::uuid;
  } else if (base == "json" || base == "jsonb") {
    field.type = FieldType::json;
  } else if (base == "enum") {
    field.type = FieldType::enumeration;
    field.values = quoted_members(type.args);
  } else {
    return false;
  }
  return true;
}

// ---- CHECK conditions --------------------------------------------------------------------

std::optional<double> number(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return value;
}

// Applies the values / min / max a CHECK condition on one column states ("x IN ('a','b')",
// "x = ANY (ARRAY['a'::text, ...])", "x >= 0", "x BETWEEN 1 AND 5", "(x >= 1) AND (x <= 5)").
// Anything else is kept by the database only (the column keeps its sql_type). Returns whether
// the condition said something v5store keeps.
bool apply_check(const std::string& condition, FieldSpec& field) {
  const std::string text = lower(condition);
  bool used = false;
  static const std::regex kAnyArray(R"(any\s*\(+\s*array\[)");
  const bool is_list = text.find(" in (") != std::string::npos || std::regex_search(text, kAnyArray);
  if (is_list && text.find(" or ") == std::string::npos && text.find(" not ") == std::string::npos) {
    static const std::regex kLiteral("'((?:[^']|'')*)'");
    std::vector<std::string> values;
    for (auto it = std::sregex_iterator(condition.begin(), condition.end(), kLiteral);
         it != std::sregex_iterator(); ++it) {
      values.push_back(std::regex_replace((*it)[1].str(), std::regex("''"), "'"));
    }
    if (!values.empty() && (field.type == FieldType::string || field.type == FieldType::text ||
                            field.type == FieldType::enumeration)) {
      field.type = FieldType::enumeration;
      field.values = values;
      field.max_length.reset();
      used = true;
    }
  }
  // MariaDB's JSON is LONGTEXT with this check.
  if (field.type == FieldType::text && text.find("json_valid(") != std::string::npos) {
    field.type = FieldType::json;
    return true;
  }
  const bool numeric = field.type == FieldType::int32 || field.type == FieldType::int64 ||
                       field.type == FieldType::float64 || field.type == FieldType::decimal;
  if (!numeric || text.find(" or ") != std::string::npos) return used;
  static const std::regex kBetween(R"(between\s+\(?(-?[0-9.]+)\)?\s+and\s+\(?(-?[0-9.]+))");
  static const std::regex kCompare(R"((>=|<=|>|<)\s*\(?\s*'?(-?[0-9.]+)'?)");
  std::smatch m;
  if (std::regex_search(text, m, kBetween)) {
    field.min = number(m[1].str());
    field.max = number(m[2].str());
    return true;
  }
  const bool integer = field.type == FieldType::int32 || field.type == FieldType::int64;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kCompare);
       it != std::sregex_iterator(); ++it) {
    const std::string op = (*it)[1].str();
    const std::optional<double> value = number((*it)[2].str());
    if (!value) continue;
    if (op == ">=") field.min = value;
    if (op == "<=") field.max = value;
    if (op == ">" && integer) field.min = *value + 1;
    if (op == "<" && integer) field.max = *value - 1;
    used = used || op.size() == 2 || integer;
  }
  return used;
}

// ---- defaults ----------------------------------------------------------------------------

bool is_now(const std::string& text) {
  static const std::regex kNow(
      R"(^\(?\s*(now\(\)|current_timestamp(\(\d*\))?|localtimestamp(\(\d*\))?|current_date|curdate\(\))\s*\)?(::.*)?$)");
  return std::regex_match(lower(text), kNow);
}

// The literal of a default written as a literal ("'abc'::character varying", "'a''b'", "42",
// "(-1)", "true"), or nullopt for an expression.
std::optional<std::string> literal(std::string text) {
  text = trim(text);
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    text = trim(text.substr(1, text.size() - 2));
  }
  if (!text.empty() && text.front() == '\'') {
    std::string value;
    std::size_t i = 1;
    for (; i < text.size(); ++i) {
      if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          value += '\'';
          ++i;
          continue;
        }
        break;
      }
      value += text[i];
    }
    if (i >= text.size()) return std::nullopt;
    const std::string rest = trim(text.substr(i + 1));
    if (!rest.empty() && !rest.starts_with("::")) return std::nullopt;
    return value;
  }
  const auto cast = text.find("::");
  if (cast != std::string::npos) text = trim(text.substr(0, cast));
  while (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
    text = trim(text.substr(1, text.size() - 2));
  }
  if (number(text)) return text;
  const std::string word = lower(text);
  if (word == "true" || word == "false") return word;
  return std::nullopt;
}

// Sets the field's default from the catalog's default expression.
void map_default(const std::string& expression, FieldSpec& field) {
  const std::string word = lower(trim(expression));
  if (word == "null" || word.starts_with("null::")) return;
  if ((field.type == FieldType::timestamp || field.type == FieldType::date) && is_now(expression)) {
    field.default_value = "now";
    return;
  }
  const std::optional<std::string> value = literal(expression);
  std::optional<std::string> kept;
  if (value) {
    switch (field.type) {
      case FieldType::boolean:
        if (*value == "true" || *value == "1") kept = "true";
        if (*value == "false" || *value == "0") kept = "false";
        break;
      case FieldType::int32:
      case FieldType::int64:
      case FieldType::float64:
      case FieldType::decimal:
        if (number(*value)) kept = value;
        break;
      case FieldType::string:
      case FieldType::text:
        if (!field.max_length || static_cast<std::int64_t>(value->size()) <= *field.max_length) {
          kept = value;
        }
        break;
      case FieldType::enumeration:
        if (std::find(field.values.begin(), field.values.end(), *value) != field.values.end()) {
          kept = value;
        }
        break;
      default:
        break;
    }
  }
  if (kept) {
    field.default_value = std::move(kept);
  } else {
    field.default_sql = expression;
  }
}

std::string unquoted(std::string_view name) {
  std::string out(name);
  if (out.size() >= 2 && out.front() == '"' && out.back() == '"') out = out.substr(1, out.size() - 2);
  const auto dot = out.rfind('.');
  if (dot != std::string::npos && out.find('"') == std::string::npos) out = out.substr(dot + 1);
  return out;
}

const v5store::detail::CatalogType* user_type(const v5store::detail::CatalogExtras& extras,
                                              std::string_view raw) {
  const std::string name = unquoted(trim(raw));
  for (const auto& type : extras.types) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

}  // namespace

MappedField map_column(const v5store::detail::Backend& backend, const v5store::LiveTable& table,
                       const v5store::LiveColumn& column,
                       const v5store::detail::CatalogExtras& extras) {
  MappedField out;
  FieldSpec& field = out.field;
  field.nullable = column.nullable;
  bool checked = false;
  const v5store::detail::CatalogType* custom = user_type(extras, column.raw_type);
  const TypeText type = parse_type(custom != nullptr && !custom->is_enum ? custom->base_type
                                                                         : column.raw_type);
  if (custom != nullptr && custom->is_enum) {
    field.type = FieldType::enumeration;
    field.values = custom->labels;
    out.notes.push_back("PostgreSQL enum type " + custom->name);
    checked = true;
  } else if (!map_type(backend.kind(), type, field)) {
    field.type = FieldType::opaque;
    field.example = opaque_example(backend.kind(), type);
    out.notes.push_back("type " + column.raw_type +
                        " has no v5store field type: read and written as text, never altered");
  }
  if (custom != nullptr && !custom->is_enum) {
    out.notes.push_back("domain " + custom->name + " over " + custom->base_type);
    for (const auto& check : custom->checks) apply_check(check, field);
    checked = true;
  }
  for (const auto& check : table.checks) {
    if (check.column != column.name) continue;
    checked = true;
    if (field.type == FieldType::opaque || !apply_check(check.expression, field)) {
      out.notes.push_back("CHECK (" + check.expression + ") is kept by the database only");
    }
  }
  if (column.default_value && !column.generated) map_default(*column.default_value, field);
  // The usual column type of the mapped field must be the live type, else the real one is kept.
  const bool same_type = field.type != FieldType::opaque &&
                         backend.normalize_type(backend.column_type(field)) == column.type;
  if (!same_type || checked) field.sql_type = column.raw_type;
  if (field.type == FieldType::opaque && field.sql_type.empty()) field.sql_type = "TEXT";
  return out;
}

}  // namespace v5gen::import
