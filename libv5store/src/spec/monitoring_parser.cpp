// Reads the spec's `monitoring` section: the HTTP endpoint and the health categories.
#include "spec/sections.hpp"

namespace v5store::spec_detail {
namespace {

HealthCategoryOptions parse_category(const YamlReader& reader, const YAML::Node& node,
                                     const std::string& path) {
  HealthCategoryOptions options;
  reader.require_map(node, path);
  reader.read_key(node, path, "interval_ms", options.interval_ms);
  reader.read_key(node, path, "timeout_ms", options.timeout_ms);
  reader.read_key(node, path, "warning", options.warning);
  reader.read_key(node, path, "critical", options.critical);
  reader.read_key(node, path, "critical_category", options.critical_category);
  return options;
}

}  // namespace

MonitoringSpec parse_monitoring(const YamlReader& reader, const YAML::Node& value,
                                const std::string& path) {
  MonitoringSpec monitoring;
  monitoring.location = reader.location(value);
  reader.require_map(value, path);
  reader.read_key(value, path, "listen", monitoring.listen);
  monitoring.listen_set = static_cast<bool>(value["listen"]);
  reader.read_key(value, path, "health_interval_ms", monitoring.health_interval_ms);
  if (const YAML::Node n = value["bearer_token"]) {
    monitoring.bearer_token = reader.read_string(n, path + ".bearer_token", true);
  }
  reader.read_key(value, path, "enabled", monitoring.enabled);
  if (const YAML::Node categories = value["categories"]) {
    reader.for_each_entry(
        categories, path + ".categories",
        [&](const YAML::Node& key, const YAML::Node& options, const std::string& category_path) {
          monitoring.categories[key.Scalar()] = parse_category(reader, options, category_path);
        });
  }
  return monitoring;
}

}  // namespace v5store::spec_detail
