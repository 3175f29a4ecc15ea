// Reads the spec's `monitoring` section: the HTTP endpoint and the health categories.
#include "spec/sections.hpp"

#include "spec/section_reader.hpp"

namespace v5store::spec_detail {
namespace {

const Section<HealthCategoryOptions>& category_section() {
  static const Section<HealthCategoryOptions> section(
      "monitoring.categories._",
      {key("interval_ms", &HealthCategoryOptions::interval_ms),
       key("timeout_ms", &HealthCategoryOptions::timeout_ms),
       key("warning", &HealthCategoryOptions::warning),
       key("critical", &HealthCategoryOptions::critical),
       key("critical_category", &HealthCategoryOptions::critical_category)});
  return section;
}

// `listen` also says that the spec asks for the endpoint.
void read_listen(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                 const Rule& rule, MonitoringSpec& monitoring) {
  monitoring.listen = reader.read_string(value, path, rule.secret);
  monitoring.listen_set = true;
}

void read_categories(const YamlReader& reader, const YAML::Node& value, const std::string& path,
                     const Rule&, MonitoringSpec& monitoring) {
  reader.for_each_entry(
      value, path,
      [&](const YAML::Node& key, const YAML::Node& options, const std::string& category_path) {
        HealthCategoryOptions category;
        category_section().read(reader, options, category_path, category);
        monitoring.categories[key.Scalar()] = category;
      });
}

}  // namespace

MonitoringSpec parse_monitoring(const YamlReader& reader, const YAML::Node& value,
                                const std::string& path) {
  static const Section<MonitoringSpec> section(
      "monitoring",
      {key_with<MonitoringSpec>("listen", read_listen),
       key("health_interval_ms", &MonitoringSpec::health_interval_ms),
       key("bearer_token", &MonitoringSpec::bearer_token), key("enabled", &MonitoringSpec::enabled),
       key_with<MonitoringSpec>("categories", read_categories)});
  MonitoringSpec monitoring;
  monitoring.location = reader.location(value);
  section.read(reader, value, path, monitoring);
  return monitoring;
}

}  // namespace v5store::spec_detail
