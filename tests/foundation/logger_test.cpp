// The logger hook: entries reach the application's logger with level, category, message and
// fields; an empty logger restores the default; the parameter-value switch is off by default.
#include "v5store/logger.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

struct Entry {
  v5store::LogLevel level;
  std::string category;
  std::string message;
  v5store::LogFields fields;
};

TEST(Logger, EntriesReachTheApplicationsLogger) {
  std::vector<Entry> entries;
  v5store::set_logger([&](v5store::LogLevel level, std::string_view category,
                          std::string_view message, const v5store::LogFields& fields) {
    entries.push_back({level, std::string(category), std::string(message), fields});
  });
  v5store::log(v5store::LogLevel::warning, "leak", "possible connection leak",
               {{"database", "main"}, {"held_ms", "5012"}});
  v5store::set_logger({});
  v5store::log(v5store::LogLevel::debug, "test", "to standard error, not to the hook");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].level, v5store::LogLevel::warning);
  EXPECT_EQ(entries[0].category, "leak");
  EXPECT_EQ(entries[0].message, "possible connection leak");
  EXPECT_EQ(entries[0].fields, (v5store::LogFields{{"database", "main"}, {"held_ms", "5012"}}));
  EXPECT_EQ(v5store::to_string(v5store::LogLevel::critical), "critical");
}

TEST(Logger, AThrowingLoggerDoesNotFailTheCaller) {
  v5store::set_logger([](v5store::LogLevel, std::string_view, std::string_view,
                         const v5store::LogFields&) { throw std::runtime_error("full disk"); });
  EXPECT_NO_THROW(v5store::log(v5store::LogLevel::error, "test", "x"));
  v5store::set_logger({});
}

TEST(Logger, ParameterValuesAreOffByDefault) {
  EXPECT_FALSE(v5store::log_parameter_values());
  v5store::set_log_parameter_values(true);
  EXPECT_TRUE(v5store::log_parameter_values());
  v5store::set_log_parameter_values(false);
}

}  // namespace
