// Reads one entry of the spec's `databases` section: backend, DSN and pool options.
#include "spec/sections.hpp"

namespace v5store::spec_detail {
namespace {

PoolOptions parse_pool(const YamlReader& reader, const YAML::Node& node, const std::string& path) {
  PoolOptions pool;
  reader.require_map(node, path);
  reader.read_key(node, path, "max_size", pool.max_size);
  reader.read_key(node, path, "min_idle", pool.min_idle);
  reader.read_key(node, path, "acquire_timeout_ms", pool.acquire_timeout_ms);
  reader.read_key(node, path, "idle_timeout_s", pool.idle_timeout_s);
  reader.read_key(node, path, "max_lifetime_s", pool.max_lifetime_s);
  reader.read_key(node, path, "keepalive_s", pool.keepalive_s);
  reader.read_key(node, path, "validation_timeout_ms", pool.validation_timeout_ms);
  reader.read_key(node, path, "leak_detection_ms", pool.leak_detection_ms);
  return pool;
}

}  // namespace

DatabaseSpec parse_database(const YamlReader& reader, const YAML::Node& key,
                            const YAML::Node& value, const std::string& path) {
  DatabaseSpec db;
  db.name = key.Scalar();
  db.location = reader.location(key);
  reader.require_map(value, path);

  const YAML::Node backend = value["backend"];
  if (!backend) reader.fail(value, path, "missing key 'backend' (sqlite, postgresql or mysql)");
  const std::string backend_name = reader.read_string(backend, path + ".backend");
  const std::optional<BackendKind> kind = parse_backend(backend_name);
  if (!kind) {
    reader.fail(backend, path + ".backend",
                "unknown backend \"" + backend_name + "\" (expected sqlite, postgresql or mysql)");
  }
  db.backend = *kind;

  if (const YAML::Node dsn = value["dsn"]) {
    db.dsn_template = reader.read_template(dsn, path + ".dsn", true);
    db.dsn = reader.read_string(dsn, path + ".dsn", true);
  }
  if (const YAML::Node pool = value["pool"]) db.pool = parse_pool(reader, pool, path + ".pool");
  return db;
}

}  // namespace v5store::spec_detail
