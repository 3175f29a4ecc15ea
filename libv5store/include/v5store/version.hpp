// The one version number of v5store; CMake reads it from here.
//
// Example:
//   std::cout << "v5store " << v5store::version_string() << '\n';   // "0.1.0"
#pragma once

#define V5STORE_VERSION_MAJOR 0
#define V5STORE_VERSION_MINOR 1
#define V5STORE_VERSION_PATCH 0

namespace v5store {

// Returns the library version as "MAJOR.MINOR.PATCH". Thread-safe.
const char* version_string() noexcept;

}  // namespace v5store
