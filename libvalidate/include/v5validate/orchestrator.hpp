// The entry point of libvalidate: runs the four levels over a spec, fail-hard.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "v5validate/report.hpp"

namespace v5validate {

// What to run and the numbers the checks are held against.
struct Options {
  // Stop after this level (1..4). Levels 1, 2 and 4 run offline.
  int max_level = 4;
  // Run level 3 against every database of the spec (implied when max_level >= 3 is asked for
  // explicitly by the CLI; here it is a separate switch).
  bool live = false;
  // Level 3: how long to wait for each database connection.
  std::chrono::milliseconds connect_timeout{5000};
  // Level 3: connection slots kept free for administrators and other clients when pool
  // max_size is compared with the server's connection limit.
  int reserved_connections = 3;
  // Level 4 pool sizing rule (connections = cores * 2 + spindles) of the database server.
  // 0 cores: this machine's hardware concurrency.
  int server_cores = 0;
  int server_spindles = 1;
};

// Runs the levels in order 1, 2, 3 (when live), 4 and stops after the first level that
// reported an error, so a spec with a level-1 error has no level-2 findings.
class Orchestrator {
 public:
  // Validates the spec file at `spec_file`. An unreadable file is finding V100. Never throws
  // for any content of the file (findings describe every problem); throws std::bad_alloc only.
  // Thread-safe: runs share no state.
  static Report run(const std::filesystem::path& spec_file, const Options& options);

  // Validates spec text; `source_name` names it in findings. Relative paths in the spec
  // (versioned migrations) resolve against `base_dir`. Same guarantees as above.
  static Report run_text(std::string_view yaml, const Options& options,
                         std::string source_name = "<string>",
                         const std::filesystem::path& base_dir = {});
};

}  // namespace v5validate
