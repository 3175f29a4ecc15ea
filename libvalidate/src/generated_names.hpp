// Level 2, V224: the C++ names v5gen derives from the spec (v5validate/cpp_names.hpp) are
// unique where the generated code declares them, so every valid spec generates code that
// compiles.
#pragma once

#include "sink.hpp"
#include "v5store/spec.hpp"

namespace v5validate::detail {

// Reports V224 for each pair of spec names that become the same C++ name in one scope: the
// members of an entity's struct, the types of the system's namespace (entity structs, enum
// classes, repositories, `System`), the enum parsers `<entity>_<field>_from_string`, the
// repositories held by `System`, and a system name that cannot be a namespace.
void check_generated_names(const v5store::SystemSpec& spec, Sink& sink);

}  // namespace v5validate::detail
