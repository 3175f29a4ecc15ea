#include "v5store/version.hpp"

#define V5_STR2(x) #x
#define V5_STR(x) V5_STR2(x)

namespace v5store {

const char* version_string() noexcept {
  return V5_STR(V5STORE_VERSION_MAJOR) "." V5_STR(V5STORE_VERSION_MINOR) "." V5_STR(
      V5STORE_VERSION_PATCH);
}

}  // namespace v5store
