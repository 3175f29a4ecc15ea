// QueryMetrics: the query histogram and counters of each record operation, looked up once.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

#include "v5store/metrics.hpp"

namespace v5store::detail {

enum class Operation : std::size_t { insert, get, update, remove, find, count, query, execute };
inline constexpr std::size_t kOperationCount = 8;

class QueryMetrics {
 public:
  // No metrics when `registry` is null: every call is then a no-op.
  QueryMetrics(MetricsRegistry* registry, const std::string& database);

  // Times one operation; finish() records its duration and outcome (success unless fail()).
  class Timer {
   public:
    Timer(const QueryMetrics& metrics, Operation operation) noexcept;
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    // Marks the operation successful; a Timer destroyed without it counts an error.
    void succeed() noexcept { success_ = true; }

   private:
    const QueryMetrics& metrics_;
    Operation operation_;
    std::chrono::steady_clock::time_point start_;
    bool success_ = false;
  };

 private:
  struct Instruments {
    Histogram* duration = nullptr;
    Counter* success = nullptr;
    Counter* error = nullptr;
  };
  bool enabled_ = false;
  std::array<Instruments, kOperationCount> instruments_{};
};

}  // namespace v5store::detail
