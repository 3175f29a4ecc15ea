#include "generate/naming.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace v5gen {

namespace {

constexpr std::array<std::string_view, 97> kCppKeywords = {
    "alignas",   "alignof",      "and",         "and_eq",       "asm",
    "auto",      "bitand",       "bitor",       "bool",         "break",
    "case",      "catch",        "char",        "char8_t",      "char16_t",
    "char32_t",  "class",        "compl",       "concept",      "const",
    "consteval", "constexpr",    "constinit",   "const_cast",   "continue",
    "co_await",  "co_return",    "co_yield",    "decltype",     "default",
    "delete",    "do",           "double",      "dynamic_cast", "else",
    "enum",      "explicit",     "export",      "extern",       "false",
    "float",     "for",          "friend",      "goto",         "if",
    "inline",    "int",          "long",        "mutable",      "namespace",
    "new",       "noexcept",     "not",         "not_eq",       "nullptr",
    "operator",  "or",           "or_eq",       "private",      "protected",
    "public",    "register",     "reinterpret_cast", "requires", "return",
    "short",     "signed",       "sizeof",      "static",       "static_assert",
    "static_cast", "struct",     "switch",      "template",     "this",
    "thread_local", "throw",     "true",        "try",          "typedef",
    "typeid",    "typename",     "union",       "unsigned",     "using",
    "virtual",   "void",         "volatile",    "wchar_t",      "while",
    "xor",       "xor_eq",       "final",       "override",     "import",
    "module",    "assert"};

bool needs_storage_default(const v5store::FieldSpec& field) {
  return field.default_value.has_value() && !field.primary_key;
}

}  // namespace

std::string pascal_case(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string cpp_identifier(std::string_view name) {
  std::string out(name);
  if (std::find(kCppKeywords.begin(), kCppKeywords.end(), name) != kCppKeywords.end()) {
    out += '_';
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out.front()))) {
    out.insert(out.begin(), '_');
  }
  return out;
}

std::string enum_type_name(const v5store::EntitySpec& entity, const v5store::FieldSpec& field) {
  return pascal_case(entity.name) + pascal_case(field.name);
}

std::string value_type(const v5store::EntitySpec& entity, const v5store::FieldSpec& field) {
  using v5store::FieldType;
  switch (field.type) {
    case FieldType::boolean:
      return "bool";
    case FieldType::int32:
      return "std::int32_t";
    case FieldType::int64:
      return "std::int64_t";
    case FieldType::float64:
      return "double";
    case FieldType::bytes:
      return "v5store::Bytes";
    case FieldType::date:
      return "v5store::Date";
    case FieldType::timestamp:
      return "v5store::Timestamp";
    case FieldType::enumeration:
      return enum_type_name(entity, field);
    case FieldType::decimal:
    case FieldType::string:
    case FieldType::text:
    case FieldType::uuid:
    case FieldType::json:
      return "std::string";
  }
  return "std::string";
}

std::string member_type(const v5store::EntitySpec& entity, const v5store::FieldSpec& field) {
  std::string type = value_type(entity, field);
  if (field.nullable || needs_storage_default(field)) return "std::optional<" + type + ">";
  return type;
}

std::string parameter_type(const v5store::EntitySpec& entity, const v5store::FieldSpec& field) {
  std::string type = value_type(entity, field);
  switch (field.type) {
    case v5store::FieldType::boolean:
    case v5store::FieldType::int32:
    case v5store::FieldType::int64:
    case v5store::FieldType::float64:
    case v5store::FieldType::enumeration:
    case v5store::FieldType::date:
    case v5store::FieldType::timestamp:
      return type;
    default:
      return "const " + type + "&";
  }
}

}  // namespace v5gen
