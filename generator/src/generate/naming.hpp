// Names and C++ types of the generated glue.
#pragma once

#include <string>
#include <string_view>

#include "v5store/spec.hpp"
#include "v5validate/cpp_names.hpp"

namespace v5gen {

// The mapping of spec names to C++ names is libvalidate's, so that validation refuses a spec
// whose names would collide in the generated code (V224).
using v5validate::cpp_identifier;
using v5validate::enum_members;
using v5validate::pascal_case;

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
