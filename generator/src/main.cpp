// v5gen: validate, generate, migrate, diff, health, draft. Subcommands register themselves in
// their own files; this file only parses the command line and dispatches.
#include <cstdio>
#include <cstring>

#include "v5store/version.hpp"

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
    std::printf("v5gen %s\n", v5store::version_string());
    return 0;
  }
  std::fprintf(stderr,
               "usage: v5gen <validate|generate|migrate|diff|health|draft|new> ...\n"
               "       v5gen --version\n");
  return 2;
}
