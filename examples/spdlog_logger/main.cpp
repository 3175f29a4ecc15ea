// An adapter that routes v5store's log to spdlog: each category becomes the logger name
// "v5store.<category>", the structured fields are appended as key=value. Then it provokes one
// entry (a connection held past leak_detection_ms) to show the adapter at work.
#include <chrono>
#include <thread>

#include <spdlog/spdlog.h>

#include "v5store/logger.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"

namespace {

spdlog::level::level_enum to_spdlog(v5store::LogLevel level) {
  switch (level) {
    case v5store::LogLevel::debug: return spdlog::level::debug;
    case v5store::LogLevel::info: return spdlog::level::info;
    case v5store::LogLevel::warning: return spdlog::level::warn;
    case v5store::LogLevel::error: return spdlog::level::err;
    case v5store::LogLevel::critical: return spdlog::level::critical;
  }
  return spdlog::level::info;
}

// Installs the adapter: call once at start-up, before opening the store.
void route_v5store_log_to_spdlog() {
  v5store::set_logger([](v5store::LogLevel level, std::string_view category,
                         std::string_view message, const v5store::LogFields& fields) {
    std::string line(message);
    for (const auto& [key, value] : fields) line += " " + key + "=" + value;
    spdlog::log(to_spdlog(level), "[v5store.{}] {}", category, line);
  });
}

}  // namespace

int main() {
  spdlog::set_pattern("[%l] %v");
  route_v5store_log_to_spdlog();
  v5store::DatabaseSpec db;
  db.name = "main";
  db.backend = v5store::BackendKind::sqlite;
  db.dsn = ":memory:";
  db.pool.max_size = 1;
  db.pool.min_idle = 0;
  db.pool.leak_detection_ms = 50;
  v5store::ConnectionPool pool(db);
  v5store::Lease lease = pool.acquire("held-on-purpose");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  pool.run_maintenance();  // what the pool's timer does periodically: reports the leak
  return 0;
}
