// The stage runner.
#include "new/pipeline.hpp"

#include <chrono>
#include <exception>

namespace v5gen::words {

void Pipeline::add(std::string name, std::function<StageResult()> run) {
  stages_.push_back({std::move(name), std::move(run)});
}

int Pipeline::run() {
  const auto total_start = std::chrono::steady_clock::now();
  const std::size_t n = stages_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Stage& stage = stages_[i];
    std::fprintf(out_, "[%zu/%zu] %s ...\n", i + 1, n, stage.name.c_str());
    std::fflush(out_);
    const auto start = std::chrono::steady_clock::now();
    StageResult result;
    try {
      result = stage.run();
    } catch (const std::exception& e) {
      result = failed(e.what());
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    outcomes_.push_back({stage.name, result.ok, s, result.detail});
    std::fprintf(out_, "[%zu/%zu] %s: %s (%.2f s) %s\n", i + 1, n, stage.name.c_str(),
                 result.ok ? "ok" : "FAILED", s, result.detail.c_str());
    std::fflush(out_);
    if (!result.ok) {
      std::fprintf(stderr, "v5gen new: stage %zu (%s) failed: %s\n", i + 1, stage.name.c_str(),
                   result.detail.c_str());
      return result.exit_code == 0 ? 1 : result.exit_code;
    }
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - total_start).count();
  std::fprintf(out_, "all %zu stages passed in %.2f s\n", n, total);
  std::fflush(out_);
  return 0;
}

}  // namespace v5gen::words
