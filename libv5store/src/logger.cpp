// The process-wide logger hook and its standard-error default.
#include "v5store/logger.hpp"

#include <cstdio>
#include <memory>
#include <mutex>

#include "v5store/internal/backend.hpp"

namespace v5store {
namespace {

std::mutex logger_mutex;
std::shared_ptr<const Logger> current;  // guarded by logger_mutex; null: the default

void write_stderr(LogLevel level, std::string_view category, std::string_view message,
                  const LogFields& fields) {
  std::string line = "v5store " + std::string(to_string(level)) + " " + std::string(category) +
                     ": " + std::string(message);
  for (const auto& [key, value] : fields) line += " " + key + "=" + value;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
    case LogLevel::critical: return "critical";
  }
  return "info";
}

void set_logger(Logger logger) {
  auto next = logger ? std::make_shared<const Logger>(std::move(logger)) : nullptr;
  std::lock_guard lock(logger_mutex);
  current = std::move(next);
}

void log(LogLevel level, std::string_view category, std::string_view message,
         const LogFields& fields) noexcept {
  try {
    std::shared_ptr<const Logger> logger;
    {
      std::lock_guard lock(logger_mutex);
      logger = current;
    }
    if (logger) {
      (*logger)(level, category, message, fields);
    } else {
      write_stderr(level, category, message, fields);
    }
  } catch (...) {
    // A failing logger must not fail the library's work.
  }
}

void set_log_parameter_values(bool on) noexcept { detail::set_parameter_values_in_messages(on); }

bool log_parameter_values() noexcept { return detail::parameter_values_in_messages(); }

}  // namespace v5store
