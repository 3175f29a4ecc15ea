// security: TLS on the connection (pg_stat_ssl, Ssl_cipher; a plain connection to another
// host is a warning, to loopback is fine), connecting as a superuser (pg_roles.rolsuper,
// ALL PRIVILEGES / SUPER grants: a warning), and SQLite database files readable (warning) or
// writable (critical) by every user.
#include <sys/stat.h>

#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "monitoring/health/health_queries.hpp"
#include "monitoring/health/local_host.hpp"

namespace v5store::detail {

namespace {

HealthCheck file_mode_check(const std::string& database, const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return status_check("file_mode", database, HealthStatus::unknown, std::nullopt,
                        "cannot stat " + file);
  }
  const double mode = static_cast<double>(st.st_mode & 0777);
  if ((st.st_mode & S_IWOTH) != 0) {
    return status_check(
        "file_mode", database, HealthStatus::critical, mode,
        fmt::format("The database file {} can be written by every user (mode {:o}).", file,
                    st.st_mode & 0777));
  }
  if ((st.st_mode & S_IROTH) != 0) {
    return status_check("file_mode", database, HealthStatus::warning, mode,
                        fmt::format("The database file {} can be read by every user (mode {:o}).",
                                    file, st.st_mode & 0777));
  }
  return status_check("file_mode", database, HealthStatus::healthy, mode,
                      fmt::format("The database file {} is not open to every user (mode {:o}).",
                                  file, st.st_mode & 0777));
}

}  // namespace

CategoryResult check_security(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    const auto& name = pool->database().name;
    const auto& queries = health_queries_for(pool->backend());
    const bool local = database_is_local(pool->database());
    auto found = with_connection(context, *pool, "tls", [&](Lease& lease) {
      std::vector<HealthCheck> out;
      auto& s = lease.session();
      if (const auto tls = queries.tls_in_use(s)) {
        const auto status = *tls || local ? HealthStatus::healthy : HealthStatus::warning;
        out.push_back(status_check(
            "tls", name, status, *tls ? 1.0 : 0.0,
            *tls ? "The connection to the database is encrypted with TLS."
                 : (local ? "The connection is not encrypted, which is fine on the loopback "
                            "interface."
                          : "The connection to another host is not encrypted: enable TLS "
                            "(sslmode=require, or ssl options on MariaDB).")));
      }
      if (const auto super = queries.superuser(s)) {
        out.push_back(status_check("superuser", name,
                                   *super ? HealthStatus::warning : HealthStatus::healthy,
                                   *super ? 1.0 : 0.0,
                                   *super ? "The store connects with superuser rights: use a "
                                            "role with only the privileges it needs."
                                          : "The store's role is not a superuser."));
      }
      if (const auto file = queries.database_file(s)) {
        out.push_back(file_mode_check(name, *file));
      }
      return out;
    });
    for (auto& check : found) checks.push_back(std::move(check));
  }
  return finish(HealthCategory::security, std::move(checks));
}

}  // namespace v5store::detail
