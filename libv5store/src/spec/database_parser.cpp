// Reads one entry of the spec's `databases` section: backend, DSN, pooler, migration DSN and
// pool options.
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

// The DSN as written (${VAR} kept) and expanded.
void read_dsn(const YamlReader& reader, const YAML::Node& value, const std::string& path,
              const Rule& rule, DatabaseSpec& db) {
  db.dsn_template = reader.read_template(value, path, rule.secret);
  db.dsn = reader.read_string(value, path, rule.secret);
}

// migration_dsn as written and expanded, like read_dsn.
void read_migration_dsn(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                        const Rule& rule, DatabaseSpec& db) {
  db.migration_dsn_template = reader.read_template(value, path, rule.secret);
  db.migration_dsn = reader.read_string(value, path, rule.secret);
}

const Section<DatabaseSpec>& database_section() {
  static const Section<DatabaseSpec> section(
      "databases._",
      {choice("backend", &DatabaseSpec::backend, &parse_backend, Need::required_listing_choices),
       key_with<DatabaseSpec>("dsn", read_dsn),
       choice("pooler", &DatabaseSpec::pooler, {Pooler::none, Pooler::pgbouncer}),
       key_with<DatabaseSpec>("migration_dsn", read_migration_dsn),
       nested("pool", &DatabaseSpec::pool, pool_section())});
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
