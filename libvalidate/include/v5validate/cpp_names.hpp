// The C++ names v5gen derives from a spec's names. They live here, beside validation, so that
// level 2 can refuse a spec whose names would collide in the generated code (V224): whatever
// validates, builds.
//
// **Example**
//   pascal_case("order_line")          == "OrderLine"
//   cpp_identifier("class")            == "class_"
//   enum_members({"in-progress", "new", "new_"}) == {"in_progress", "new_", "new__2"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace v5validate {

// "order_line" -> "OrderLine": every '_' is dropped and the letter after it upper-cased.
// Pure; two names may map to the same result ("foo_bar", "foo__bar"): see V224.
std::string pascal_case(std::string_view snake);

// A spec name (entity, field, component, system: [a-z_][a-z0-9_]*) as a C++ identifier: a C++
// keyword, an alternative token or an object-like macro of the C library (errno, stdin,
// unix, ...) gets a trailing '_' ("new" -> "new_"); a leading digit gets a leading '_'. Pure.
std::string cpp_identifier(std::string_view name);

// The C++ enumerators of an enum field's values, in order: any text becomes a valid identifier
// (a character outside [A-Za-z0-9_] becomes '_', runs of '_' shrink to one, a leading digit or
// an empty result gets a 'v' prefix, keywords and macros get a trailing '_', and so does a
// value without a lower-case letter, since upper-case names are the preprocessor's); a value
// whose identifier an earlier value already took gets "_2", "_3", ... Never collides. Pure.
std::vector<std::string> enum_members(const std::vector<std::string>& values);

// The C++ enum class of field `field` of entity `entity`: "OrderStatus" for order.status.
std::string enum_type_name(std::string_view entity, std::string_view field);

}  // namespace v5validate
