// Names and C++ types of the generated glue.
#pragma once

#include <string>
#include <string_view>

#include "v5store/spec.hpp"

namespace v5gen {

// "order_line" -> "OrderLine".
std::string pascal_case(std::string_view snake);

// Appends '_' to C++ keywords ("new" -> "new_", "delete" -> "delete_").
std::string cpp_identifier(std::string_view name);

// The C++ enum class of an enum field: "OrderStatus" for order.status.
std::string enum_type_name(const v5store::EntitySpec& entity, const v5store::FieldSpec& field);

// The value type of a field without optional: "std::int64_t", "std::string", "OrderStatus".
std::string value_type(const v5store::EntitySpec& entity, const v5store::FieldSpec& field);

// The member type: value_type wrapped in std::optional when the field is nullable or the
// database fills it in (a default); generated keys stay plain (set by insert).
std::string member_type(const v5store::EntitySpec& entity, const v5store::FieldSpec& field);

// The parameter type for passing a field value: "std::int64_t", "const std::string&".
std::string parameter_type(const v5store::EntitySpec& entity, const v5store::FieldSpec& field);

}  // namespace v5gen
