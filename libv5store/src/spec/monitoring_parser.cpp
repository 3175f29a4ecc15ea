// Reads the spec's `monitoring` section: the HTTP endpoint and the health categories.
#include "spec/sections.hpp"

namespace v5store::spec_detail {
namespace {

HealthCategoryOptions parse_category(const YamlReader& reader, const YAML::Node& node,
                                     const std::string& path) {
  HealthCategoryOptions options;
  reader.require_map(node, path);
  if (const YAML::Node n = node["interval_ms"]) options.interval_ms = reader.read_int(n, path + ".interval_ms");
  if (const YAML::Node n = node["timeout_ms"]) options.timeout_ms = reader.read_int(n, path + ".timeout_ms");
  if (const YAML::Node n = node["warning"]) options.warning = reader.read_double(n, path + ".warning");
  if (const YAML::Node n = node["critical"]) options.critical = reader.read_double(n, path + ".critical");
  if (const YAML::Node n = node["critical_category"]) {
    options.critical_category = reader.read_bool(n, path + ".critical_category");
  }
  return options;
}

}  // namespace

MonitoringSpec parse_monitoring(const YamlReader& reader, const YAML::Node& value,
                                const std::string& path) {
  MonitoringSpec monitoring;
  monitoring.location = reader.location(value);
  reader.require_map(value, path);
  if (const YAML::Node n = value["listen"]) monitoring.listen = reader.read_string(n, path + ".listen");
  if (const YAML::Node n = value["health_interval_ms"]) {
    monitoring.health_interval_ms = reader.read_int(n, path + ".health_interval_ms");
  }
  if (const YAML::Node n = value["bearer_token"]) {
    monitoring.bearer_token = reader.read_expanded_string(n, path + ".bearer_token", true);
  }
  if (const YAML::Node n = value["enabled"]) monitoring.enabled = reader.read_bool(n, path + ".enabled");
  if (const YAML::Node categories = value["categories"]) {
    reader.for_each_entry(categories, path + ".categories",
                          [&](const YAML::Node& key, const YAML::Node& options,
                              const std::string& category_path) {
                            monitoring.categories[key.Scalar()] =
                                parse_category(reader, options, category_path);
                          });
  }
  return monitoring;
}

}  // namespace v5store::spec_detail
