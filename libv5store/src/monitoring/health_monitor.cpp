// HealthMonitor: one thread per category running its check on its own interval, a watchdog
// that reports checks running past their timeout, the v5store_health_status gauges and the
// alerts.
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "v5store/error.hpp"
#include "v5store/version.hpp"

namespace v5store {

namespace {

using detail::SteadyClock;

struct CategorySlot {
  HealthCategory category = HealthCategory::connectivity;
  HealthCategoryOptions options;
  Gauge* status_gauge = nullptr;
  std::mutex run_mutex;  // one run of a category at a time (its thread, check(), check_all())
  std::thread thread;
  bool wake = false;  // guarded by Impl::mutex
  // Guarded by Impl::mutex:
  std::optional<CategoryResult> last;
  std::optional<SteadyClock::time_point> running_since;
  bool timeout_reported = false;
};

CategoryResult not_checked(HealthCategory category) {
  CategoryResult r;
  r.category = category;
  r.status = HealthStatus::unknown;
  r.message = "Not checked yet: the monitor's first round of checks has not reached this category.";
  return r;
}

}  // namespace

struct HealthMonitor::Impl {
  Impl(HealthMonitorOptions o, HealthSources s) : options(std::move(o)), sources(std::move(s)) {
    for (const auto& [name, category_options] : options.monitoring.categories) {
      if (!parse_health_category(name)) {
        throw Error(ErrorCode::config,
                    fmt::format("monitoring: unknown health category '{}'", name));
      }
    }
    if (sources.metrics != nullptr) {
      sources.metrics
          ->gauge(metric_names::kBuildInfo, "Build information of v5store; always 1",
                  {{"version", version_string()}})
          .set(1);
    }
    std::size_t i = 0;
    for (auto category : all_health_categories()) {
      auto& slot = slots[i++];
      slot.category = category;
      slot.options = detail::resolve_category_options(category, options.monitoring);
      if (sources.metrics != nullptr) {
        slot.status_gauge = &sources.metrics->gauge(
            metric_names::kHealthStatus,
            "Health status by category: 0 healthy, 1 warning, 2 critical, 3 unknown",
            {{"category", std::string(to_string(category))}});
        slot.status_gauge->set(static_cast<double>(HealthStatus::unknown));
      }
    }
  }

  CategorySlot& slot(HealthCategory category) { return slots[static_cast<std::size_t>(category)]; }

  void publish(CategorySlot& s, const CategoryResult& result) {
    if (s.status_gauge != nullptr) s.status_gauge->set(static_cast<double>(result.status));
    if (sources.alerts != nullptr) {
      sources.alerts->evaluate(result, s.options.critical_category);
    }
  }

  CategoryResult run(CategorySlot& s) {
    std::lock_guard run_lock(s.run_mutex);
    {
      std::lock_guard lock(mutex);
      s.running_since = SteadyClock::now();
      s.timeout_reported = false;
    }
    const auto started = SteadyClock::now();
    detail::CheckContext context{options, sources, s.options, memory};
    CategoryResult result;
    try {
      result = detail::run_check(s.category, context);
    } catch (const std::exception& e) {
      result = detail::finish(s.category, {}, std::string("The check itself failed: ") + e.what());
    }
    result.checked_at = std::chrono::system_clock::now();
    result.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
    {
      std::lock_guard lock(mutex);
      s.last = result;
      s.running_since.reset();
    }
    publish(s, result);
    return result;
  }

  void loop(CategorySlot& s) {
    for (;;) {
      run(s);
      std::unique_lock lock(mutex);
      cv.wait_for(lock, std::chrono::milliseconds(s.options.interval_ms),
                  [&] { return stopping || s.wake; });
      s.wake = false;
      if (stopping) return;
    }
  }

  // Reports checks that run past their timeout as critical (the check itself cannot be
  // interrupted: a blocking database call returns when the driver gives up).
  void watchdog() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      cv.wait_for(lock, std::chrono::milliseconds(50));
      if (stopping) return;
      const auto now = SteadyClock::now();
      for (auto& s : slots) {
        if (!s.running_since || s.timeout_reported) continue;
        const auto running = now - *s.running_since;
        if (running < std::chrono::milliseconds(s.options.timeout_ms)) continue;
        s.timeout_reported = true;
        auto result = detail::finish(
            s.category,
            {detail::threshold_check(
                "check_duration_ms", {}, std::chrono::duration<double, std::milli>(running).count(),
                std::nullopt, static_cast<double>(s.options.timeout_ms), "The check timed out.")},
            fmt::format("The check has been running for longer than its {} ms timeout; a "
                        "database call is probably hanging.",
                        s.options.timeout_ms));
        result.checked_at = std::chrono::system_clock::now();
        s.last = result;
        lock.unlock();
        publish(s, result);
        lock.lock();
      }
    }
  }

  HealthMonitorOptions options;
  HealthSources sources;
  detail::MonitorMemory memory;
  std::array<CategorySlot, 8> slots;
  std::mutex lifecycle_mutex;  // start/stop
  std::mutex mutex;
  std::condition_variable cv;
  bool stopping = false;
  bool running = false;
  std::thread watchdog_thread;
};

HealthMonitor::HealthMonitor(HealthMonitorOptions options, HealthSources sources)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(sources))) {}

HealthMonitor::~HealthMonitor() { stop(); }

void HealthMonitor::start() {
  std::lock_guard lifecycle(impl_->lifecycle_mutex);
  if (impl_->running || !impl_->options.monitoring.enabled) return;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = false;
  }
  impl_->running = true;
  for (auto& s : impl_->slots) {
    s.thread = std::thread([this, &s] { impl_->loop(s); });
  }
  impl_->watchdog_thread = std::thread([this] { impl_->watchdog(); });
}

void HealthMonitor::stop() noexcept {
  std::lock_guard lifecycle(impl_->lifecycle_mutex);
  if (!impl_->running) return;
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  for (auto& s : impl_->slots) {
    if (s.thread.joinable()) s.thread.join();
  }
  if (impl_->watchdog_thread.joinable()) impl_->watchdog_thread.join();
  impl_->running = false;
}

HealthReport HealthMonitor::report() const {
  std::vector<CategoryResult> results;
  bool complete = true;
  {
    std::lock_guard lock(impl_->mutex);
    for (const auto& s : impl_->slots) {
      complete = complete && s.last.has_value();
      results.push_back(s.last ? *s.last : not_checked(s.category));
    }
  }
  HealthReport report = make_report(std::move(results));
  report.complete = complete;
  // Nothing is known to be fine before every category has answered once.
  if (!complete && report.overall != HealthStatus::critical) report.overall = HealthStatus::unknown;
  return report;
}

CategoryResult HealthMonitor::check(HealthCategory category) {
  return impl_->run(impl_->slot(category));
}

HealthReport HealthMonitor::check_all() {
  std::vector<CategoryResult> results;
  for (auto category : all_health_categories()) results.push_back(check(category));
  return make_report(std::move(results));
}

HealthCategoryOptions HealthMonitor::options_for(HealthCategory category) const {
  return impl_->slot(category).options;
}

}  // namespace v5store
