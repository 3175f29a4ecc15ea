// The stage runner.
#include "words/pipeline.hpp"

#include <chrono>
#include <cstdio>
#include <exception>

namespace v5gen::words {

void Pipeline::add(std::string name, std::function<StageResult()> run) {
  stages_.push_back({std::move(name), std::move(run)});
}

int Pipeline::run() {
  const auto total_start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    std::printf("[%zu/%zu] %s ...\n", i + 1, stages_.size(), stages_[i].name.c_str());
    std::fflush(stdout);
    const auto start = std::chrono::steady_clock::now();
    StageResult result;
    try {
      result = stages_[i].run();
    } catch (const std::exception& e) {
      result = {false, e.what()};
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    seconds_.push_back(s);
    std::printf("[%zu/%zu] %s: %s (%.2f s) %s\n", i + 1, stages_.size(), stages_[i].name.c_str(),
                result.ok ? "ok" : "FAILED", s, result.detail.c_str());
    std::fflush(stdout);
    if (!result.ok) {
      std::fprintf(stderr, "v5gen new: stage %zu (%s) failed: %s\n", i + 1, stages_[i].name.c_str(),
                   result.detail.c_str());
      return static_cast<int>(i + 1);
    }
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - total_start).count();
  std::printf("all %zu stages passed in %.2f s\n", stages_.size(), total);
  return 0;
}

}  // namespace v5gen::words
