// The program both consumer projects build: it uses the public API through the umbrella header
// and checks that the library it linked is the version the package announced.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <v5store/v5store.hpp>

int main() {
  const char* linked = v5store::version_string();
  std::printf("v5store %s (package %s)\n", linked, EXPECTED_VERSION);
  if (std::strcmp(linked, EXPECTED_VERSION) != 0) {
    std::fprintf(stderr, "version mismatch: library %s, package %s\n", linked, EXPECTED_VERSION);
    return 1;
  }
#ifdef V5GEN_PATH
  // The installed generator runs and reports the same version.
  std::fflush(stdout);
  const std::string command = std::string("\"") + V5GEN_PATH + "\" --version";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "%s failed\n", command.c_str());
    return 1;
  }
#endif
  return 0;
}
