// backup: SQLite — the age of the last online backup made by sqlite_online_backup() against
// the thresholds in hours (unknown when none was made); when backup_dir and backup_interval
// are configured the monitor makes them itself on schedule. PostgreSQL — WAL archiving as
// pg_stat_archiver reports it (a failure newer than the last success is critical), unknown
// when archive_mode is off. MariaDB — unknown: the server does not report backups.
#include <filesystem>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "monitoring/backup_log.hpp"
#include "monitoring/health/checks.hpp"
#include "monitoring/health/health_queries.hpp"

namespace v5store::detail {

namespace {

void scheduled_backup(CheckContext& context, ConnectionPool& pool) {
  if (context.options.backup_dir.empty() || context.options.backup_interval.count() <= 0) return;
  const auto now = SteadyClock::now();
  {
    std::lock_guard lock(context.memory.mutex);
    auto& memory = context.memory.databases[pool.database().name];
    if (now < memory.next_scheduled_backup) return;
    memory.next_scheduled_backup = now + context.options.backup_interval;
  }
  std::filesystem::create_directories(context.options.backup_dir);
  const auto stamp = fmt::format("{:%Y%m%dT%H%M%S}", std::chrono::floor<std::chrono::seconds>(
                                                         std::chrono::system_clock::now()));
  sqlite_online_backup(pool, (std::filesystem::path(context.options.backup_dir) /
                              (pool.database().name + "-" + stamp + ".db"))
                                 .string());
}

HealthCheck sqlite_backup_check(CheckContext& context, ConnectionPool& pool) {
  const auto& name = pool.database().name;
  std::string failure;
  try {
    scheduled_backup(context, pool);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  const auto last = last_backup(pool.database().dsn);
  if (!last) {
    return status_check(
        "backup_age_hours", name, failure.empty() ? HealthStatus::unknown : HealthStatus::critical,
        std::nullopt,
        failure.empty() ? health_queries_for(pool.backend()).backups_unknown_reason()
                        : "The scheduled online backup failed: " + failure);
  }
  const double hours =
      std::chrono::duration<double, std::ratio<3600>>(std::chrono::system_clock::now() - last->at)
          .count();
  auto check = threshold_check(
      "backup_age_hours", name, hours, context.category.warning, context.category.critical,
      fmt::format("The last online backup, {} ({:.1f} MiB), is {:.1f} "
                  "hours old (a warning from {:g} h, critical from {:g} h).",
                  last->destination, last->bytes / 1048576.0, hours, context.category.warning,
                  context.category.critical));
  if (!failure.empty()) {
    check.status = worse(check.status, HealthStatus::warning);
    check.message += " The scheduled backup since failed: " + failure;
  }
  return check;
}

std::vector<HealthCheck> server_backup_checks(CheckContext& context, ConnectionPool& pool) {
  const auto& name = pool.database().name;
  return with_connection(
      context, pool, "archiver", [&](Lease& lease) {
        std::vector<HealthCheck> out;
        const auto state = health_queries_for(pool.backend()).archiver(lease.session());
        if (!state) {
          out.push_back(status_check("archiver", name, HealthStatus::unknown, std::nullopt,
                                     health_queries_for(pool.backend()).backups_unknown_reason()));
          return out;
        }
        if (state->last_failed_age_seconds &&
            (!state->last_archived_age_seconds ||
             *state->last_failed_age_seconds < *state->last_archived_age_seconds)) {
          out.push_back(status_check("archiver", name, HealthStatus::critical,
                                     static_cast<double>(state->failed),
                                     fmt::format("Archiving the write-ahead log fails: {} "
                                                 "failures, the last {:.0f} s ago, after the "
                                                 "last success.",
                                                 state->failed, *state->last_failed_age_seconds)));
          return out;
        }
        std::optional<double> hours;
        if (state->last_archived_age_seconds) hours = *state->last_archived_age_seconds / 3600;
        out.push_back(threshold_check("backup_age_hours", name, hours, context.category.warning,
                                      context.category.critical,
                                      fmt::format("{} write-ahead log segments were archived, the "
                                                  "last {:.1f} hours ago.",
                                                  state->archived, hours.value_or(0))));
        return out;
      });
}

}  // namespace

CategoryResult check_backup(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    if (pool->backend() == BackendKind::sqlite) {
      checks.push_back(sqlite_backup_check(context, *pool));
    } else {
      for (auto& check : server_backup_checks(context, *pool)) checks.push_back(std::move(check));
    }
  }
  return finish(HealthCategory::backup, std::move(checks));
}

}  // namespace v5store::detail
