// The spec parser's section readers: one per top-level section of the system spec.
// Each throws v5store::Error(config) with file:line:column on a value it cannot represent.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "spec/yaml_reader.hpp"
#include "v5store/spec.hpp"

namespace v5store::spec_detail {

// One entry of `databases`: `key` names it, `value` holds backend, dsn and pool.
DatabaseSpec parse_database(const YamlReader& reader, const YAML::Node& key,
                            const YAML::Node& value, const std::string& path);

// One entry of `entities`: table (default: the entity name), fields, indexes, description.
EntitySpec parse_entity(const YamlReader& reader, const YAML::Node& key, const YAML::Node& value,
                        const std::string& path);

// One item of `components`.
ComponentSpec parse_component(const YamlReader& reader, const YAML::Node& value,
                              const std::string& path);

// The `monitoring` section.
// One `type: api` item of `components` (api_parser.cpp).
ApiSpec parse_api(const YamlReader& reader, const YAML::Node& value, const std::string& path);

MonitoringSpec parse_monitoring(const YamlReader& reader, const YAML::Node& value,
                                const std::string& path);

// The `migrations` section; `dir` is kept as written.
MigrationSpec parse_migrations(const YamlReader& reader, const YAML::Node& value,
                               const std::string& path);

}  // namespace v5store::spec_detail
