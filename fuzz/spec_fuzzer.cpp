// libFuzzer target: a spec file through libvalidate levels 1 (syntax, spec parser) and 2
// (semantic checks). Any input must end in a report, never a crash or an escaped exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "v5validate/orchestrator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto path = std::filesystem::temp_directory_path() /
                           ("v5_spec_fuzz_" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  v5validate::Options options;
  options.max_level = 2;
  options.live = false;
  v5validate::Orchestrator::run(path, options);
  return 0;
}
