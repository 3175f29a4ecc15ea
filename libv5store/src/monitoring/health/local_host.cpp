// Whether a database's files are on this machine.
#include "monitoring/health/local_host.hpp"

#include "v5store/dsn.hpp"

namespace v5store::detail {

bool database_is_local(const DatabaseSpec& database) {
  if (database.backend == BackendKind::sqlite) return true;
  const auto parts = parse_dsn(database.dsn);
  const auto it = parts.find("host");
  if (it == parts.end() || it->second.empty() || it->second.starts_with('/')) return true;
  return it->second == "localhost" || it->second.starts_with("127.") || it->second == "::1";
}

}  // namespace v5store::detail
