// schema_integrity: the schema version applied to each database (the highest successful
// version in v5_schema_history) against the spec's system.version, and drift (the live schema
// against the declared entities, check_drift). Publishes v5store_schema_version{database}.
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "migrate/declared_schema.hpp"
#include "monitoring/health/checks.hpp"
#include "monitoring/health/health_queries.hpp"
#include "v5store/dsn.hpp"
#include "v5store/migrator.hpp"

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

// Differences that make the store's own statements fail: a declared table or column is not
// there.
bool breaks_statements(const SchemaDifference& difference) {
  return difference.kind == DifferenceKind::missing_table ||
         difference.kind == DifferenceKind::missing_column;
}

// The drift of one database: the number of differences against the warning threshold (the
// category's `warning`, default 1); critical when a declared table or column is missing.
HealthCheck drift_check(const SystemSpec& spec, const std::string& database,
                        const HealthCategoryOptions& options, soci::session& session) {
  constexpr std::size_t kListed = 3;
  const DatabaseSpec& declared = detail::resolve_database(spec, database);
  if (detail::entities_of(spec, declared).empty()) {
    return status_check(
        "drift", database, HealthStatus::healthy, 0.0,
        "The spec declares no entities in this database, so there is no schema to compare.");
  }
  const DriftReport report = check_drift(spec, database, session);
  const auto count = static_cast<double>(report.differences.size());
  HealthCheck check = threshold_check("drift", database, count,
                                      options.warning > 0 ? options.warning : 1.0,
                                      options.critical > 0 ? std::optional(options.critical)
                                                           : std::nullopt);
  if (std::any_of(report.differences.begin(), report.differences.end(), breaks_statements)) {
    check.status = HealthStatus::critical;
  }
  if (report.clean()) {
    check.message = report.unmanaged_tables.empty()
                        ? "The live schema matches the entities of the spec."
                        : fmt::format("The live schema matches the entities of the spec; {} "
                                      "table(s) the spec does not declare are left alone.",
                                      report.unmanaged_tables.size());
    return check;
  }
  std::string listed;
  for (std::size_t i = 0; i < report.differences.size() && i < kListed; ++i) {
    if (!listed.empty()) listed += "; ";
    listed += report.differences[i].to_string();
  }
  if (report.differences.size() > kListed) {
    listed += fmt::format("; {} more", report.differences.size() - kListed);
  }
  check.message = fmt::format("The live schema differs from the spec in {} place(s): {}.",
                              report.differences.size(), listed);
  return check;
}

// The applied version against the spec's; publishes v5store_schema_version.
HealthCheck version_check(CheckContext& context, ConnectionPool& pool, soci::session& session) {
  const std::string& name = pool.database().name;
  const int declared = context.sources.declared_schema_version;
  if (!health_queries_for(pool.backend()).table_exists(session, "v5_schema_history")) {
    return status_check(
        "schema_version", name, HealthStatus::warning, std::nullopt,
        "The database has no v5_schema_history table: migrations have never run on it.");
  }
  const auto version = applied_version(session);
  if (context.sources.metrics != nullptr && version) {
    context.sources.metrics
        ->gauge(metric_names::kSchemaVersion, "Schema version applied to the database",
                {{"database", name}})
        .set(*version);
  }
  HealthCheck check =
      status_check("schema_version", name, HealthStatus::healthy, version,
                   fmt::format("Schema version {} is applied.", version.value_or(0)));
  if (declared > 0) {
    check.warning_threshold = declared;
    if (version && *version < declared) {
      check.status = HealthStatus::warning;
      check.message = fmt::format(
          "Schema version {} is applied but the spec declares {}: "
          "migrations are pending.",
          *version, declared);
    } else if (version && *version > declared) {
      check.status = HealthStatus::critical;
      check.message = fmt::format(
          "Schema version {} is applied, newer than the spec's {}: this build is older than the "
          "database.",
          *version, declared);
    }
  }
  return check;
}

// Drift when the monitor has the spec; unknown (with the reason) when it cannot be checked.
HealthCheck drift_or_unknown(CheckContext& context, const std::string& name,
                             soci::session& session) {
  if (context.sources.spec == nullptr) {
    return status_check(
        "drift", name, HealthStatus::unknown, std::nullopt,
        "Drift is not checked: the monitor was given no spec (HealthSources::spec).");
  }
  try {
    return drift_check(*context.sources.spec, name, context.category, session);
  } catch (const Error& e) {
    const DatabaseSpec* database = context.sources.spec->find_database(name);
    return status_check("drift", name, HealthStatus::unknown, std::nullopt,
                        "Drift could not be checked: " +
                            redact_secrets(e.what(), database != nullptr ? database->dsn : ""));
  }
}

}  // namespace

CategoryResult check_schema_integrity(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    const auto& name = pool->database().name;
    auto found = with_connection(context, *pool, "schema_version", [&](Lease& lease) {
      std::vector<HealthCheck> out{version_check(context, *pool, lease.session())};
      out.push_back(drift_or_unknown(context, name, lease.session()));
      return out;
    });
    for (auto& check : found) checks.push_back(std::move(check));
  }
  return finish(HealthCategory::schema_integrity, std::move(checks));
}

}  // namespace v5store::detail
