// storage: the size of each database (pg_database_size, information_schema.TABLES, SQLite
// page_count * page_size), the used fraction of the disk holding its data (df's Use%) against
// the thresholds (when the data directory is on this machine and readable), and SQLite's
// PRAGMA quick_check (anything but "ok" is critical).
#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "monitoring/health/disk_usage.hpp"
#include "monitoring/health/health_queries.hpp"
#include "monitoring/health/local_host.hpp"

namespace v5store::detail {

CategoryResult check_storage(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    const auto& name = pool->database().name;
    const auto& queries = health_queries_for(pool->backend());
    auto found = with_connection(context, *pool, "database_size_bytes", [&](Lease& lease) {
      std::vector<HealthCheck> out;
      auto& s = lease.session();
      const auto size = queries.database_size_bytes(s);
      out.push_back(status_check(
          "database_size_bytes", name, size ? HealthStatus::healthy : HealthStatus::unknown, size,
          size ? fmt::format("The database takes {:.1f} MiB.", *size / 1048576.0)
               : "The server does not report the database's size."));
      std::optional<std::string> dir;
      if (database_is_local(pool->database())) {
        try {
          dir = queries.data_directory(s);
        } catch (const std::exception&) {
          dir.reset();  // not permitted to read it: free disk stays unknown
        }
      }
      const auto usage = dir ? disk_usage_of(*dir) : std::nullopt;
      if (usage) {
        constexpr double kGiB = 1073741824.0;
        out.push_back(threshold_check(
            "disk_used_ratio", name, usage->used_ratio, context.category.warning,
            context.category.critical,
            fmt::format("The disk of the data directory is {:.0f} % used ({:.1f} GiB used, "
                        "{:.1f} GiB available; a warning from {:g} %, critical from {:g} "
                        "%); data directory at {}",
                        usage->used_ratio * 100, usage->used_bytes / kGiB,
                        usage->available_bytes / kGiB, context.category.warning * 100,
                        context.category.critical * 100, *dir)));
      } else {
        out.push_back(status_check("disk_used_ratio", name, HealthStatus::unknown, std::nullopt,
                                   "Free disk space is unknown: the data directory is on "
                                   "another machine or this role may not read its path."));
      }
      if (const auto quick = queries.quick_check(s)) {
        out.push_back(status_check(
            "quick_check", name, *quick == "ok" ? HealthStatus::healthy : HealthStatus::critical,
            *quick == "ok" ? 1.0 : 0.0,
            *quick == "ok" ? std::string("SQLite's quick_check found no damage.")
                           : "SQLite's quick_check found damage: " + *quick));
      }
      return out;
    });
    for (auto& check : found) checks.push_back(std::move(check));
  }
  return finish(HealthCategory::storage, std::move(checks));
}

}  // namespace v5store::detail
