// Health statuses, categories and the report: names, ordering, JSON and text.
#include "v5store/health.hpp"

#include <algorithm>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "json/json_writer.hpp"

namespace v5store {

namespace {

int severity(HealthStatus status) noexcept {
  switch (status) {
    case HealthStatus::healthy:
      return 0;
    case HealthStatus::unknown:
      return 1;
    case HealthStatus::warning:
      return 2;
    case HealthStatus::critical:
      return 3;
  }
  return 1;
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  if (t.time_since_epoch().count() == 0) return {};
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                     std::chrono::floor<std::chrono::milliseconds>(t));
}

}  // namespace

std::string_view to_string(HealthStatus status) noexcept {
  switch (status) {
    case HealthStatus::healthy:
      return "healthy";
    case HealthStatus::warning:
      return "warning";
    case HealthStatus::critical:
      return "critical";
    case HealthStatus::unknown:
      return "unknown";
  }
  return "unknown";
}

HealthStatus worse(HealthStatus a, HealthStatus b) noexcept {
  return severity(a) >= severity(b) ? a : b;
}

std::string_view to_string(HealthCategory category) noexcept {
  switch (category) {
    case HealthCategory::connectivity:
      return "connectivity";
    case HealthCategory::pool:
      return "pool";
    case HealthCategory::query_performance:
      return "query_performance";
    case HealthCategory::schema_integrity:
      return "schema_integrity";
    case HealthCategory::transactions:
      return "transactions";
    case HealthCategory::storage:
      return "storage";
    case HealthCategory::backup:
      return "backup";
    case HealthCategory::security:
      return "security";
  }
  return "unknown";
}

const std::array<HealthCategory, 8>& all_health_categories() noexcept {
  static constexpr std::array<HealthCategory, 8> kAll = {
      HealthCategory::connectivity,     HealthCategory::pool,
      HealthCategory::query_performance, HealthCategory::schema_integrity,
      HealthCategory::transactions,     HealthCategory::storage,
      HealthCategory::backup,           HealthCategory::security};
  return kAll;
}

std::optional<HealthCategory> parse_health_category(std::string_view name) noexcept {
  for (auto category : all_health_categories()) {
    if (to_string(category) == name) return category;
  }
  return std::nullopt;
}

bool HealthReport::ready() const noexcept { return complete && overall != HealthStatus::critical; }

HealthReport make_report(std::vector<CategoryResult> categories) {
  HealthReport report;
  report.overall = categories.empty() ? HealthStatus::unknown : HealthStatus::healthy;
  for (const auto& c : categories) {
    // Unknown categories (a server that reports no backups) do not make the whole unknown.
    if (c.status != HealthStatus::unknown) report.overall = worse(report.overall, c.status);
  }
  report.categories = std::move(categories);
  return report;
}

std::string HealthReport::to_json(bool details) const {
  detail::JsonWriter out;
  const auto number = [&out](const std::optional<double>& value) {
    if (value) {
      out.number(*value);
    } else {
      out.null();
    }
  };
  out.start_object();
  out.key("status");
  out.string(to_string(overall));
  if (details) {
    out.key("categories");
    out.start_object();
    for (const auto& c : categories) {
      out.key(to_string(c.category));
      out.start_object();
      out.key("status");
      out.string(to_string(c.status));
      out.key("message");
      out.string(c.message);
      out.key("checked_at");
      out.string(iso_time(c.checked_at));
      out.key("duration_ms");
      out.integer(c.duration.count());
      out.key("checks");
      out.start_array();
      for (const auto& k : c.checks) {
        out.start_object();
        out.key("name");
        out.string(k.name);
        out.key("database");
        out.string(k.database);
        out.key("status");
        out.string(to_string(k.status));
        out.key("value");
        number(k.value);
        out.key("warning");
        number(k.warning_threshold);
        out.key("critical");
        number(k.critical_threshold);
        out.key("message");
        out.string(k.message);
        out.end_object();
      }
      out.end_array();
      out.end_object();
    }
    out.end_object();
  }
  out.end_object();
  return out.text();
}

std::string HealthReport::to_text() const {
  auto number = [](const std::optional<double>& v) {
    return v ? fmt::format("{:.6g}", *v) : std::string("-");
  };
  std::string out = fmt::format("overall: {}\n", to_string(overall));
  for (const auto& c : categories) {
    out += fmt::format("{:<18} {:<8} {}\n", to_string(c.category), to_string(c.status),
                       c.message);
    for (const auto& k : c.checks) {
      out += fmt::format("  {:<28} {:<10} {:<8} value={} warn={} crit={} {}\n", k.name,
                         k.database, to_string(k.status), number(k.value),
                         number(k.warning_threshold), number(k.critical_threshold), k.message);
    }
  }
  return out;
}

}  // namespace v5store
