// The staged run of `v5gen new`: each stage is timed and printed with its outcome; the first
// failing stage stops the run.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace v5gen::words {

// What one stage reports: whether it passed and a one-line account of what it did.
struct StageResult {
  bool ok = true;
  std::string detail;
};

class Pipeline {
 public:
  // Adds a stage; stages run in the order added. `run` may throw: the exception's message
  // becomes the stage's failure detail.
  void add(std::string name, std::function<StageResult()> run);

  // Runs the stages in order, printing "[n/N] name: ok|FAILED (seconds s) detail" for each to
  // stdout. Returns the 1-based number of the failed stage, or 0 when every stage passed.
  // Not thread-safe.
  int run();

  // The seconds every stage took so far, in order.
  const std::vector<double>& seconds() const noexcept { return seconds_; }

 private:
  struct Stage {
    std::string name;
    std::function<StageResult()> run;
  };
  std::vector<Stage> stages_;
  std::vector<double> seconds_;
};

}  // namespace v5gen::words
