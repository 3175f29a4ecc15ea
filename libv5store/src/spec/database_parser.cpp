// Reads one entry of the spec's `databases` section: backend, DSN and pool options.
#include "spec/sections.hpp"

namespace v5store::spec_detail {
namespace {

PoolOptions parse_pool(const YamlReader& reader, const YAML::Node& node, const std::string& path) {
  PoolOptions pool;
  reader.require_map(node, path);
  const std::pair<const char*, int PoolOptions::*> kIntOptions[] = {
      {"max_size", &PoolOptions::max_size},
      {"min_idle", &PoolOptions::min_idle},
      {"acquire_timeout_ms", &PoolOptions::acquire_timeout_ms},
      {"idle_timeout_s", &PoolOptions::idle_timeout_s},
      {"max_lifetime_s", &PoolOptions::max_lifetime_s},
      {"keepalive_s", &PoolOptions::keepalive_s},
      {"validation_timeout_ms", &PoolOptions::validation_timeout_ms},
      {"leak_detection_ms", &PoolOptions::leak_detection_ms},
  };
  for (const auto& [key, member] : kIntOptions) {
    if (const YAML::Node value = node[key]) {
      pool.*member = reader.read_int(value, join_path(path, key));
    }
  }
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
    db.dsn_template = reader.read_string(dsn, path + ".dsn", true);
    db.dsn = reader.read_expanded_string(dsn, path + ".dsn", true);
  }
  if (const YAML::Node pool = value["pool"]) db.pool = parse_pool(reader, pool, path + ".pool");
  return db;
}

}  // namespace v5store::spec_detail
