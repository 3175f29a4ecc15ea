// Reads one entry of the spec's `databases` section: backend, DSN, pooler, migration DSN,
// pool options and replicas.
#include "spec/sections.hpp"

#include "spec/section_reader.hpp"

namespace v5store::spec_detail {
namespace {

const Section<PoolOptions>& pool_section() {
  static const Section<PoolOptions> section(
      "databases._.pool",
      {key("max_size", &PoolOptions::max_size), key("min_idle", &PoolOptions::min_idle),
       key("acquire_timeout_ms", &PoolOptions::acquire_timeout_ms),
       key("idle_timeout_s", &PoolOptions::idle_timeout_s),
       key("max_lifetime_s", &PoolOptions::max_lifetime_s),
       key("keepalive_s", &PoolOptions::keepalive_s),
       key("validation_timeout_ms", &PoolOptions::validation_timeout_ms),
       key("leak_detection_ms", &PoolOptions::leak_detection_ms)});
  return section;
}

// A DSN as written (${VAR} kept) into `as_written` and expanded into `expanded`.
void read_dsn_pair(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                   const Rule& rule, std::string& as_written, std::string& expanded) {
  as_written = reader.read_template(value, path, rule.secret);
  expanded = reader.read_string(value, path, rule.secret);
}

void read_dsn(const YamlReader& reader, const YAML::Node& value, const std::string& path,
              const Rule& rule, DatabaseSpec& db) {
  read_dsn_pair(reader, value, path, rule, db.dsn_template, db.dsn);
}

void read_migration_dsn(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                        const Rule& rule, DatabaseSpec& db) {
  read_dsn_pair(reader, value, path, rule, db.migration_dsn_template, db.migration_dsn);
}

void read_replica_dsn(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                      const Rule& rule, ReplicaSpec& replica) {
  read_dsn_pair(reader, value, path, rule, replica.dsn_template, replica.dsn);
}

const Section<ReplicaSpec>& replica_section() {
  static const Section<ReplicaSpec> section(
      "databases._.replicas[0]",
      {key_with<ReplicaSpec>("dsn", read_replica_dsn, Need::required),
       nested("pool", &ReplicaSpec::pool, pool_section())});
  return section;
}

void read_replicas(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                   const Rule&, DatabaseSpec& db) {
  reader.require_sequence(value, path);
  for (std::size_t i = 0; i < value.size(); ++i) {
    ReplicaSpec replica;
    replica.location = reader.location(value[i]);
    replica_section().read(reader, value[i], path + "[" + std::to_string(i) + "]", replica);
    db.replicas.push_back(std::move(replica));
  }
}

const Section<DatabaseSpec>& database_section() {
  static const Section<DatabaseSpec> section(
      "databases._",
      {choice("backend", &DatabaseSpec::backend, &parse_backend, Need::required_listing_choices),
       key_with<DatabaseSpec>("dsn", read_dsn),
       choice("pooler", &DatabaseSpec::pooler, {Pooler::none, Pooler::pgbouncer}),
       key_with<DatabaseSpec>("migration_dsn", read_migration_dsn),
       nested("pool", &DatabaseSpec::pool, pool_section()),
       key_with<DatabaseSpec>("replicas", read_replicas),
       choice("read_your_writes", &DatabaseSpec::read_your_writes,
              {ReadYourWrites::none, ReadYourWrites::sticky, ReadYourWrites::position}),
       key("read_your_writes_ms", &DatabaseSpec::read_your_writes_ms),
       key("max_replica_lag_ms", &DatabaseSpec::max_replica_lag_ms)});
  return section;
}

}  // namespace

DatabaseSpec parse_database(const YamlReader& reader, const YAML::Node& key,
                            const YAML::Node& value, const std::string& path) {
  DatabaseSpec db;
  db.name = key.Scalar();
  db.location = reader.location(key);
  database_section().read(reader, value, path, db);
  return db;
}

}  // namespace v5store::spec_detail
