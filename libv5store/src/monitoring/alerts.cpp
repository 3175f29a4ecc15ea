// AlertManager: health results in, alerts out, with cooldown, escalation and trend warnings.
#include "v5store/alerts.hpp"
#include "v5store/logger.hpp"

#include <deque>
#include <map>
#include <mutex>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace v5store {

namespace {

using Clock = std::chrono::steady_clock;

// healthy and unknown rank 0: an unmeasurable category is neither a degradation nor a recovery.
int rank(HealthStatus status) {
  switch (status) {
    case HealthStatus::warning:
      return 1;
    case HealthStatus::critical:
      return 2;
    default:
      return 0;
  }
}

AlertLevel raise_level(AlertLevel level) {
  return level == AlertLevel::emergency ? level
                                        : static_cast<AlertLevel>(static_cast<int>(level) + 1);
}

// The check that decided the category's status (the first with that status).
const HealthCheck* worst_check(const CategoryResult& result) {
  for (const auto& check : result.checks) {
    if (check.status == result.status) return &check;
  }
  return nullptr;
}

struct CategoryState {
  HealthStatus last = HealthStatus::unknown;
  int consecutive = 0;
  Clock::time_point since{};  // when the current condition began
  bool escalated = false;
  std::deque<Clock::time_point> degradations;
};

}  // namespace

std::string_view to_string(AlertLevel level) noexcept {
  switch (level) {
    case AlertLevel::info:
      return "INFO";
    case AlertLevel::warning:
      return "WARNING";
    case AlertLevel::critical:
      return "CRITICAL";
    case AlertLevel::emergency:
      return "EMERGENCY";
  }
  return "INFO";
}

std::string Alert::to_string() const {
  std::string out = fmt::format("[{}] {}: {}", v5store::to_string(level),
                                v5store::to_string(category), message);
  std::vector<std::string> details;
  if (value) {
    details.push_back(threshold ? fmt::format("value {:.6g}, threshold {:.6g}", *value, *threshold)
                                : fmt::format("value {:.6g}", *value));
  }
  if (!database.empty()) details.push_back("database " + database);
  if (consecutive > 1) details.push_back(fmt::format("{} checks in a row", consecutive));
  if (escalated) details.push_back("escalated");
  if (trend) details.push_back("trend");
  if (!details.empty()) out += fmt::format(" ({})", fmt::join(details, ", "));
  return out;
}

struct AlertManager::Impl {
  explicit Impl(AlertOptions o) : options(std::move(o)) {}

  // Decides under the lock whether the alert passes the cooldown and records it.
  bool admit(const Alert& alert, Clock::time_point now) {
    const auto key = std::make_tuple(alert.category, alert.level, alert.trend);
    auto it = last_sent.find(key);
    if (it != last_sent.end() && now - it->second < options.cooldown) return false;
    last_sent[key] = now;
    history.push_back(alert);
    while (history.size() > options.history_size) history.pop_front();
    return true;
  }

  void deliver(const std::vector<Alert>& alerts) {
    if (alerts.empty()) return;
    std::vector<std::pair<int, AlertCallback>> targets;
    {
      std::lock_guard lock(mutex);
      targets.assign(callbacks.begin(), callbacks.end());
    }
    for (const auto& alert : alerts) {
      if (options.log) {
        log(alert.level >= AlertLevel::critical ? LogLevel::critical
            : alert.level == AlertLevel::warning ? LogLevel::warning
                                                 : LogLevel::info,
            "alert", alert.to_string(), {{"database", alert.database}});
      }
      for (const auto& [id, callback] : targets) {
        try {
          callback(alert);
        } catch (const std::exception& e) {
          log(LogLevel::error, "alert", "an alert callback threw",
              {{"callback", std::to_string(id)}, {"error", e.what()}});
        }
      }
    }
  }

  AlertOptions options;
  std::mutex mutex;
  std::map<int, AlertCallback> callbacks;
  int next_id = 1;
  std::map<HealthCategory, CategoryState> states;
  std::map<std::tuple<HealthCategory, AlertLevel, bool>, Clock::time_point> last_sent;
  std::deque<Alert> history;
};

AlertManager::AlertManager(AlertOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
AlertManager::~AlertManager() = default;

int AlertManager::subscribe(AlertCallback callback) {
  std::lock_guard lock(impl_->mutex);
  const int id = impl_->next_id++;
  impl_->callbacks.emplace(id, std::move(callback));
  return id;
}

void AlertManager::unsubscribe(int id) {
  std::lock_guard lock(impl_->mutex);
  impl_->callbacks.erase(id);
}

std::vector<Alert> AlertManager::evaluate(const CategoryResult& result, bool critical_category) {
  const auto now = Clock::now();
  std::vector<Alert> raised;
  {
    std::lock_guard lock(impl_->mutex);
    auto& state = impl_->states[result.category];
    const HealthStatus previous = state.last;
    const HealthStatus current = result.status;
    state.last = current;

    Alert alert;
    alert.category = result.category;
    alert.status = current;
    alert.message = result.message;
    alert.raised_at = std::chrono::system_clock::now();
    if (const auto* check = worst_check(result)) {
      alert.database = check->database;
      alert.value = check->value;
      alert.threshold = current == HealthStatus::critical && check->critical_threshold
                            ? check->critical_threshold
                            : check->warning_threshold;
      if (alert.message.empty()) alert.message = check->message;
    }

    if (rank(current) > 0) {
      if (current == previous) {
        ++state.consecutive;
      } else {
        state.consecutive = 1;
        state.since = now;
        state.escalated = false;
      }
      if (rank(current) > rank(previous)) {
        state.degradations.push_back(now);
      }
      alert.consecutive = state.consecutive;
      alert.level = current == HealthStatus::critical
                        ? (critical_category ? AlertLevel::emergency : AlertLevel::critical)
                        : AlertLevel::warning;
      const auto& options = impl_->options;
      if (state.consecutive >= options.escalate_after_checks &&
          now - state.since >= options.escalate_after && !state.escalated &&
          alert.level != AlertLevel::emergency &&
          (alert.level == AlertLevel::critical || options.escalate_warnings)) {
        alert.level = raise_level(alert.level);
        alert.escalated = true;
        state.escalated = true;
      }
      if (impl_->admit(alert, now)) raised.push_back(alert);
    } else if (current == HealthStatus::healthy && rank(previous) > 0) {
      state.consecutive = 0;
      state.escalated = false;
      alert.level = AlertLevel::info;
      alert.message =
          fmt::format("Recovered: it was {} and is healthy again.", to_string(previous));
      if (impl_->admit(alert, now)) raised.push_back(alert);
    }

    while (!state.degradations.empty() &&
           now - state.degradations.front() > impl_->options.trend_window) {
      state.degradations.pop_front();
    }
    if (static_cast<int>(state.degradations.size()) >= impl_->options.trend_degradations) {
      Alert trend = alert;
      trend.level = AlertLevel::warning;
      trend.trend = true;
      trend.escalated = false;
      trend.message = fmt::format("degraded {} times within {}", state.degradations.size(),
                                  std::chrono::duration_cast<std::chrono::seconds>(
                                      impl_->options.trend_window));
      state.degradations.clear();
      if (impl_->admit(trend, now)) raised.push_back(trend);
    }
  }
  impl_->deliver(raised);
  return raised;
}

bool AlertManager::raise(Alert alert) {
  if (alert.raised_at.time_since_epoch().count() == 0) {
    alert.raised_at = std::chrono::system_clock::now();
  }
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->admit(alert, Clock::now())) return false;
  }
  impl_->deliver({alert});
  return true;
}

std::vector<Alert> AlertManager::history() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->history.begin(), impl_->history.end()};
}

}  // namespace v5store
