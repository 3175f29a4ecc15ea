// schema_integrity: the schema version applied to each database (the highest successful
// version in v5_schema_history) against the spec's system.version, and drift (the live schema
// against the declared entities). Publishes v5store_schema_version{database}.
#include <cstdlib>

#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "monitoring/health/health_queries.hpp"

namespace v5store::detail {

namespace {

// The highest successfully applied numeric version, or nullopt when no history table exists.
std::optional<double> applied_version(soci::session& s) {
  std::optional<double> highest;
  soci::rowset<soci::row> rows = (s.prepare << "SELECT version, success FROM v5_schema_history");
  for (const auto& row : rows) {
    const auto success = row_text(row, 1);
    if (!(success == "1" || success == "t" || success == "true" || success == "1.000000")) {
      continue;
    }
    const auto version = row_text(row, 0);
    char* end = nullptr;
    const double v = std::strtod(version.c_str(), &end);
    if (end == version.c_str()) continue;
    if (!highest || v > *highest) highest = v;
  }
  return highest ? highest : std::optional<double>(0.0);
}

}  // namespace

CategoryResult check_schema_integrity(CheckContext& context) {
  std::vector<HealthCheck> checks;
  const int declared = context.sources.declared_schema_version;
  for (ConnectionPool* pool : context.sources.pools) {
    const auto& name = pool->database().name;
    auto found = with_connection(
        *pool, std::chrono::milliseconds(context.category.timeout_ms), "schema_version",
        [&](Lease& lease) {
          std::vector<HealthCheck> out;
          if (!health_queries_for(pool->backend()).table_exists(lease.session(), "v5_schema_history")) {
            out.push_back(status_check("schema_version", name, HealthStatus::warning, std::nullopt,
                                       "no v5_schema_history table: migrations never ran"));
            return out;
          }
          const auto version = applied_version(lease.session());
          if (context.sources.metrics != nullptr && version) {
            context.sources.metrics
                ->gauge(metric_names::kSchemaVersion, "Schema version applied to the database",
                        {{"database", name}})
                .set(*version);
          }
          HealthCheck check = status_check("schema_version", name, HealthStatus::healthy, version,
                                           fmt::format("version {} applied", version.value_or(0)));
          if (declared > 0) {
            check.warning_threshold = declared;
            if (version && *version < declared) {
              check.status = HealthStatus::warning;
              check.message = fmt::format("version {} applied, spec declares {}: migrations pending",
                                          *version, declared);
            } else if (version && *version > declared) {
              check.status = HealthStatus::critical;
              check.message = fmt::format(
                  "version {} applied is newer than the spec's {}: this build is older than the "
                  "database",
                  *version, declared);
            }
          }
          out.push_back(check);
          out.push_back(status_check("drift", name, HealthStatus::unknown, std::nullopt,
                                     "drift detection not available in this build"));
          return out;
        });
    for (auto& check : found) checks.push_back(std::move(check));
  }
  return finish(HealthCategory::schema_integrity, std::move(checks));
}

}  // namespace v5store::detail
