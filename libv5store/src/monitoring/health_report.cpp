// Health statuses, categories and the report: names, ordering, JSON and text.
#include "v5store/health.hpp"

#include <algorithm>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "v5store/internal/json.hpp"

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
  std::string out = fmt::format("{{\"status\":{}", detail::json_string(to_string(overall)));
  if (!details) return out + "}";
  out += ",\"categories\":{";
  bool first_category = true;
  for (const auto& c : categories) {
    if (!first_category) out += ',';
    first_category = false;
    out += fmt::format(
        "{}:{{\"status\":{},\"message\":{},\"checked_at\":{},\"duration_ms\":{},\"checks\":[",
        detail::json_string(to_string(c.category)), detail::json_string(to_string(c.status)),
        detail::json_string(c.message), detail::json_string(iso_time(c.checked_at)),
        c.duration.count());
    bool first_check = true;
    for (const auto& k : c.checks) {
      if (!first_check) out += ',';
      first_check = false;
      out += fmt::format(
          "{{\"name\":{},\"database\":{},\"status\":{},\"value\":{},\"warning\":{},"
          "\"critical\":{},\"message\":{}}}",
          detail::json_string(k.name), detail::json_string(k.database),
          detail::json_string(to_string(k.status)), detail::json_number(k.value),
          detail::json_number(k.warning_threshold), detail::json_number(k.critical_threshold),
          detail::json_string(k.message));
    }
    out += "]}";
  }
  out += "}}";
  return out;
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
