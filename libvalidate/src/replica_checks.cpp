#include "replica_checks.hpp"

#include <memory>
#include <string>

#include <fmt/format.h>

#include "v5store/dsn.hpp"
#include "v5store/internal/backend.hpp"

namespace v5validate::detail {

namespace {

using v5store::BackendKind;
using v5store::DatabaseSpec;

std::string replica_path(const DatabaseSpec& database, std::size_t i) {
  return fmt::format("databases.{}.replicas[{}]", database.name, i);
}

// The first line of a driver message with the secrets of `dsn` removed.
std::string scrubbed(const std::exception& e, const std::string& dsn) {
  std::string text = v5store::redact_secrets(e.what(), dsn);
  const std::size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

// pg_control_system()'s system identifier: equal on a primary and its physical replicas.
std::string system_identifier(soci::session& session) {
  std::string id;
  session << "SELECT CAST(system_identifier AS text) FROM pg_control_system()", soci::into(id);
  return id;
}

void check_database_replicas(const DatabaseSpec& database, Sink& sink) {
  if (database.replicas.empty()) return;
  if (database.backend != BackendKind::postgresql) {
    sink.add("V233", fmt::format("databases.{}.replicas", database.name),
             fmt::format("database {} is {}: replicas are only supported on postgresql",
                         database.name, v5store::to_string(database.backend)));
    return;
  }
  for (std::size_t i = 0; i < database.replicas.size(); ++i) {
    const v5store::ReplicaSpec& replica = database.replicas[i];
    const bool primary = replica.dsn == database.dsn;
    bool earlier = false;
    for (std::size_t j = 0; j < i; ++j) earlier = earlier || database.replicas[j].dsn == replica.dsn;
    if (primary || earlier) {
      sink.add("V234", replica_path(database, i) + ".dsn",
               fmt::format("replica {} of database {} has the DSN of {}", i, database.name,
                           primary ? "the primary" : "an earlier replica"));
    }
    if (replica.pool.min_idle > replica.pool.max_size) {
      sink.add("V223", replica_path(database, i) + ".pool.min_idle",
               fmt::format("replica {} of database {} has min_idle {} greater than max_size {}",
                           i, database.name, replica.pool.min_idle, replica.pool.max_size));
    }
  }
}

}  // namespace

void check_replica_shape(const v5store::SystemSpec& spec, Sink& sink) {
  for (const DatabaseSpec& database : spec.databases) check_database_replicas(database, sink);
  for (std::size_t i = 0; i < spec.components.size(); ++i) {
    const v5store::ComponentSpec& component = spec.components[i];
    if (component.read_from != v5store::ReadFrom::replica) continue;
    const DatabaseSpec* database = spec.find_database(component.database);
    if (database == nullptr || !database->replicas.empty()) continue;
    sink.add("V235", fmt::format("components[{}].read_from", i),
             fmt::format("component {} reads from a replica but database {} has no replicas",
                         component.name, component.database));
  }
}

void check_replicas_live(const DatabaseSpec& database, soci::session& primary,
                         const Options& options, Sink& sink) {
  if (database.backend != BackendKind::postgresql || database.replicas.empty()) return;
  std::string primary_id;
  try {
    primary_id = system_identifier(primary);
  } catch (const std::exception& e) {
    sink.add("V315", fmt::format("databases.{}", database.name),
             "cannot read the primary's system identifier: " + scrubbed(e, database.dsn));
    return;
  }
  const auto& backend = v5store::detail::backend_for(BackendKind::postgresql);
  for (std::size_t i = 0; i < database.replicas.size(); ++i) {
    const std::string& dsn = database.replicas[i].dsn;
    const std::string path = replica_path(database, i);
    std::unique_ptr<soci::session> session;
    try {
      session = backend.open(dsn, options.connect_timeout);
    } catch (const std::exception& e) {
      sink.add("V301", path,
               fmt::format("cannot connect to replica {} of database `{}` within {} ms: {}", i,
                           database.name, options.connect_timeout.count(), scrubbed(e, dsn)));
      continue;
    }
    try {
      int in_recovery = 0;
      *session << "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END",
          soci::into(in_recovery);
      if (in_recovery == 0) {
        sink.add("V314", path,
                 fmt::format("replica {} of database `{}` is not in recovery: it is a primary "
                             "(pg_is_in_recovery() is false)",
                             i, database.name));
      }
      const std::string id = system_identifier(*session);
      if (id != primary_id) {
        sink.add("V315", path,
                 fmt::format("replica {} of database `{}` has system identifier {}, the primary "
                             "{}: it does not replicate from this primary",
                             i, database.name, id, primary_id));
      }
    } catch (const std::exception& e) {
      sink.add("V314", path,
               fmt::format("cannot read the role of replica {} of database `{}`: {}", i,
                           database.name, scrubbed(e, dsn)));
    }
  }
}

}  // namespace v5validate::detail
