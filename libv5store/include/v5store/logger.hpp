// The log of v5store: one hook that receives everything the library writes (alerts, leak
// reports, slow statements, long transactions, a monitoring endpoint that did not start), with
// a level, a category, a message and structured fields. The default writes one line per entry
// to standard error. Bound values of statements never reach the log unless
// set_log_parameter_values(true).
//
// Example (an spdlog adapter is in examples/spdlog_logger/):
//   v5store::set_logger([](v5store::LogLevel level, std::string_view category,
//                          std::string_view message, const v5store::LogFields& fields) {
//     my_log(level, category, message, fields);
//   });
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace v5store {

enum class LogLevel { debug, info, warning, error, critical };

// The stable lower-case name of a level ("warning").
std::string_view to_string(LogLevel level) noexcept;

// Structured fields of an entry: ("database", "main"), ("held_ms", "5012"), ...
using LogFields = std::vector<std::pair<std::string, std::string>>;

// Receives every entry. Called on the thread that logs, possibly concurrently: it must be
// thread-safe. An exception it throws is swallowed.
using Logger = std::function<void(LogLevel level, std::string_view category,
                                  std::string_view message, const LogFields& fields)>;

// Replaces the process-wide logger; an empty function restores the default (standard error:
// "v5store <level> <category>: <message> key=value ..."). Thread-safe.
void set_logger(Logger logger);

// Writes an entry through the current logger. Never throws. Thread-safe.
void log(LogLevel level, std::string_view category, std::string_view message,
         const LogFields& fields = {}) noexcept;

// Whether error messages and logs may show the values bound to statements (SOCI's
// "with :p1=..." context). Off by default, so personal data stays out of logs; switch it on
// only for debugging (or per store: StoreOptions::log_parameter_values). Thread-safe.
void set_log_parameter_values(bool on) noexcept;
// True when set_log_parameter_values(true) is in force or a living store asked for the values.
bool log_parameter_values() noexcept;

}  // namespace v5store
