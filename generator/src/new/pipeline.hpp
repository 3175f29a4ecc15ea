// The staged run of `v5gen new`: each stage is timed and printed with its outcome; the first
// failing stage stops the run.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace v5gen::words {

// What one stage reports: whether it passed, a one-line account of what it did, and on
// failure the exit code of the run (command.hpp: 1 a check failed, 2 usage or unreadable input).
struct StageResult {
  bool ok = true;
  std::string detail;
  int exit_code = 1;
};

// A passed stage with `detail`.
inline StageResult passed(std::string detail) { return {true, std::move(detail), 0}; }
// A failed stage with `detail` and the run's exit code.
inline StageResult failed(std::string detail, int exit_code = 1) {
  return {false, std::move(detail), exit_code};
}

// The outcome of one stage after it ran.
struct StageOutcome {
  std::string name;
  bool ok = false;
  double seconds = 0;
  std::string detail;
};

class Pipeline {
 public:
  // Stage lines go to `out` (stdout by default); the failure line also goes to stderr.
  explicit Pipeline(std::FILE* out = stdout) : out_(out) {}

  // Adds a stage; stages run in the order added. `run` may throw: the exception's message
  // becomes the stage's failure detail (exit code 1).
  void add(std::string name, std::function<StageResult()> run);

  // Runs the stages in order, printing "[n/N] name ..." before and
  // "[n/N] name: ok|FAILED (seconds s) detail" after each. Returns 0 when every stage passed,
  // else the exit code of the failed stage (never 0). Not thread-safe.
  int run();

  // The stages that ran so far, in order.
  const std::vector<StageOutcome>& outcomes() const noexcept { return outcomes_; }

 private:
  struct Stage {
    std::string name;
    std::function<StageResult()> run;
  };
  std::FILE* out_;
  std::vector<Stage> stages_;
  std::vector<StageOutcome> outcomes_;
};

}  // namespace v5gen::words
