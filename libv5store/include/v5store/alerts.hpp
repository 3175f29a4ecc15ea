// Alerts raised from health results: INFO, WARNING, CRITICAL, EMERGENCY, delivered to
// registered callbacks and the log, with cooldown, escalation and trend warnings.
//
// Example:
//   int id = store.alerts().subscribe([](const v5store::Alert& a) {
//     std::cerr << a.to_string() << '\n';
//   });
//   store.alerts().unsubscribe(id);
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/health.hpp"

namespace v5store {

// INFO: a category recovered. WARNING: a category is in warning, or degrades repeatedly.
// CRITICAL: a category is critical. EMERGENCY: a category marked critical_category is
// critical, or a CRITICAL condition persisted past escalation (AlertOptions).
enum class AlertLevel { info = 0, warning = 1, critical = 2, emergency = 3 };

// "INFO", "WARNING", "CRITICAL" or "EMERGENCY". Thread-safe.
std::string_view to_string(AlertLevel level) noexcept;

struct Alert {
  AlertLevel level = AlertLevel::info;
  HealthCategory category = HealthCategory::connectivity;
  HealthStatus status = HealthStatus::unknown;  // the category's status that raised it
  std::string message;                          // the category's message and worst check
  std::string database;                         // of the worst check; empty when none
  std::optional<double> value;                  // the worst check's measured value
  std::optional<double> threshold;              // and the threshold it crossed
  int consecutive = 0;     // checks in a row the condition has held
  bool escalated = false;  // raised one level because the condition persisted
  bool trend = false;      // a trend warning (the category degraded repeatedly)
  std::chrono::system_clock::time_point raised_at{};

  // "[CRITICAL] connectivity: ... (value 1200 >= 1000, main)".
  std::string to_string() const;
};

using AlertCallback = std::function<void(const Alert&)>;

struct AlertOptions {
  // The same level for the same category is not raised again within the cooldown.
  std::chrono::milliseconds cooldown{std::chrono::minutes(5)};
  // A CRITICAL condition that holds for escalate_after_checks checks in a row and for at least
  // escalate_after is raised once more as EMERGENCY, once per episode. Both are needed: a
  // category checked every second would otherwise escalate after ten seconds.
  int escalate_after_checks = 10;
  std::chrono::milliseconds escalate_after{std::chrono::minutes(10)};
  // Also escalate a persistent WARNING to CRITICAL (off: a warning that lasts, such as a
  // superuser connection, is still a warning; the anchors' rules never promote one by time).
  bool escalate_warnings = false;
  // A category that got worse this many times within trend_window raises a trend WARNING.
  int trend_degradations = 3;
  std::chrono::milliseconds trend_window{std::chrono::minutes(30)};
  // Write every alert to the log (standard error) as well as to the callbacks.
  bool log = true;
  // Alerts kept for history().
  std::size_t history_size = 256;
};

// Turns a stream of category results into alerts. Thread-safe: evaluate() and subscribe()
// may be called concurrently; callbacks run on the evaluating thread, outside the lock, and
// an exception from a callback is caught and logged.
class AlertManager {
 public:
  explicit AlertManager(AlertOptions options = {});
  ~AlertManager();
  AlertManager(const AlertManager&) = delete;
  AlertManager& operator=(const AlertManager&) = delete;

  // Registers a callback; returns an id for unsubscribe().
  int subscribe(AlertCallback callback);
  // Removes a callback. Unknown ids are ignored.
  void unsubscribe(int id);

  // Feeds one category result. `critical_category`: a critical result raises EMERGENCY.
  // Returns the alerts raised (already delivered).
  std::vector<Alert> evaluate(const CategoryResult& result, bool critical_category);

  // Delivers an alert as is (recovery actions report what they did), subject to cooldown.
  // Returns false when the cooldown suppressed it.
  bool raise(Alert alert);

  // The most recent alerts, oldest first.
  std::vector<Alert> history() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store
