// MetricsRegistry: owns the metrics of a store and renders them in the Prometheus text format.
#include "v5store/metrics.hpp"

#include <memory>
#include <mutex>
#include <shared_mutex>

#include <fmt/format.h>

#include "metrics/prometheus_text.hpp"
#include "v5store/error.hpp"

namespace v5store {

namespace {

enum class MetricType { counter, gauge, histogram };

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

using Callback = std::shared_ptr<std::function<double()>>;

struct Family {
  MetricType type;
  std::string help;
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
  std::map<Labels, Callback> callbacks;
};

// What render_prometheus() copies out of the lock: the text of the plain samples and the
// callbacks still to be read.
struct FamilyView {
  std::string name;
  std::string header;
  std::string samples;
  std::vector<std::pair<Labels, Callback>> callbacks;
};

void render_histogram(const std::string& name, const Labels& labels, const Histogram& h,
                      std::string& out) {
  const auto snap = h.snapshot();
  for (std::size_t i = 0; i < snap.upper_bounds.size(); ++i) {
    out += fmt::format("{}_bucket{} {}\n", name,
                       detail::format_labels(labels, "le",
                                             detail::format_value(snap.upper_bounds[i])),
                       snap.cumulative_counts[i]);
  }
  out += fmt::format("{}_bucket{} {}\n", name, detail::format_labels(labels, "le", "+Inf"),
                     snap.count);
  out += fmt::format("{}_sum{} {}\n", name, detail::format_labels(labels),
                     detail::format_value(snap.sum));
  out += fmt::format("{}_count{} {}\n", name, detail::format_labels(labels), snap.count);
}

}  // namespace

struct MetricsRegistry::Impl {
  // Lock order: callbacks_mutex before mutex. callbacks_mutex is held shared while callbacks
  // run, so remove_callbacks() returns only once no scrape can still call the removed ones.
  std::shared_mutex callbacks_mutex;
  std::mutex mutex;
  std::map<std::string, Family, std::less<>> families;

  // Returns the family `name`, creating it; throws when it exists with another type.
  Family& family(std::string_view name, std::string_view help, MetricType type,
                 const Labels& labels) {
    if (!detail::valid_metric_name(name)) {
      throw Error(ErrorCode::config, fmt::format("invalid metric name '{}'", name));
    }
    for (const auto& [label, value] : labels) {
      if (!detail::valid_label_name(label) ||
          (type == MetricType::histogram && label == "le")) {
        throw Error(ErrorCode::config,
                    fmt::format("invalid label name '{}' on metric '{}'", label, name));
      }
    }
    auto it = families.find(name);
    if (it == families.end()) {
      it = families.emplace(std::string(name), Family{type, std::string(help), {}, {}, {}, {}})
               .first;
    } else if (it->second.type != type) {
      throw Error(ErrorCode::config,
                  fmt::format("metric '{}' is already registered as a {}", name,
                              type_name(it->second.type)));
    }
    return it->second;
  }
};

MetricsRegistry::MetricsRegistry() : impl_(std::make_unique<Impl>()) {}
MetricsRegistry::~MetricsRegistry() = default;

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  const Labels& labels) {
  std::lock_guard lock(impl_->mutex);
  auto& slot = impl_->family(name, help, MetricType::counter, labels).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help,
                              const Labels& labels) {
  std::lock_guard lock(impl_->mutex);
  auto& slot = impl_->family(name, help, MetricType::gauge, labels).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      const Labels& labels, std::vector<double> upper_bounds) {
  std::lock_guard lock(impl_->mutex);
  auto& slot = impl_->family(name, help, MetricType::histogram, labels).histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(std::move(upper_bounds));
  return *slot;
}

void MetricsRegistry::gauge_callback(std::string_view name, std::string_view help,
                                     const Labels& labels, std::function<double()> read) {
  std::unique_lock callbacks_lock(impl_->callbacks_mutex);
  std::lock_guard lock(impl_->mutex);
  impl_->family(name, help, MetricType::gauge, labels).callbacks[labels] =
      std::make_shared<std::function<double()>>(std::move(read));
}

void MetricsRegistry::remove_callbacks(std::string_view name, const Labels& labels) {
  std::unique_lock callbacks_lock(impl_->callbacks_mutex);
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->families.find(name);
  if (it != impl_->families.end()) it->second.callbacks.erase(labels);
}

std::vector<std::pair<Labels, double>> MetricsRegistry::counter_values(
    std::string_view name) const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::pair<Labels, double>> out;
  auto it = impl_->families.find(name);
  if (it == impl_->families.end()) return out;
  for (const auto& [labels, c] : it->second.counters) out.emplace_back(labels, c->value());
  return out;
}

std::vector<std::pair<Labels, Histogram::Snapshot>> MetricsRegistry::histogram_snapshots(
    std::string_view name) const {
  std::lock_guard lock(impl_->mutex);
  std::vector<std::pair<Labels, Histogram::Snapshot>> out;
  auto it = impl_->families.find(name);
  if (it == impl_->families.end()) return out;
  for (const auto& [labels, h] : it->second.histograms) out.emplace_back(labels, h->snapshot());
  return out;
}

std::string MetricsRegistry::render_prometheus() const {
  std::shared_lock callbacks_lock(impl_->callbacks_mutex);
  std::vector<FamilyView> views;
  {
    std::lock_guard lock(impl_->mutex);
    views.reserve(impl_->families.size());
    for (const auto& [name, family] : impl_->families) {
      FamilyView view;
      view.name = name;
      view.header = fmt::format("# HELP {} {}\n# TYPE {} {}\n", name,
                                detail::escape_help(family.help), name, type_name(family.type));
      for (const auto& [labels, c] : family.counters) {
        view.samples += fmt::format("{}{} {}\n", name, detail::format_labels(labels),
                                    detail::format_value(c->value()));
      }
      for (const auto& [labels, g] : family.gauges) {
        view.samples += fmt::format("{}{} {}\n", name, detail::format_labels(labels),
                                    detail::format_value(g->value()));
      }
      for (const auto& [labels, h] : family.histograms) {
        render_histogram(name, labels, *h, view.samples);
      }
      view.callbacks.assign(family.callbacks.begin(), family.callbacks.end());
      views.push_back(std::move(view));
    }
  }
  std::string out;
  for (auto& view : views) {
    for (const auto& [labels, read] : view.callbacks) {
      try {
        view.samples += fmt::format("{}{} {}\n", view.name, detail::format_labels(labels),
                                    detail::format_value((*read)()));
      } catch (const std::exception&) {
        // A failing reader (a pool being torn down) drops its sample from this scrape only.
      }
    }
    if (view.samples.empty()) continue;
    out += view.header;
    out += view.samples;
  }
  return out;
}

}  // namespace v5store
