#include "generate/naming.hpp"

namespace v5gen {

namespace {

bool needs_storage_default(const v5store::FieldSpec& field) {
  return field.default_value.has_value() && !field.primary_key;
}

}  // namespace

std::string enum_type_name(const v5store::EntitySpec& entity, const v5store::FieldSpec& field) {
  return v5validate::enum_type_name(entity.name, field.name);
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
    case FieldType::opaque:
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
