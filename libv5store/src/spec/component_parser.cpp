// Reads one item of the spec's `components` section, with its cache and transaction options.
#include "spec/sections.hpp"

#include <array>
#include <utility>

namespace v5store::spec_detail {
namespace {

constexpr std::array<std::pair<std::string_view, IsolationLevel>, 5> kIsolationNames = {{
    {"default", IsolationLevel::default_level},
    {"read_uncommitted", IsolationLevel::read_uncommitted},
    {"read_committed", IsolationLevel::read_committed},
    {"repeatable_read", IsolationLevel::repeatable_read},
    {"serializable", IsolationLevel::serializable},
}};

CacheOptions parse_cache(const YamlReader& reader, const YAML::Node& node,
                         const std::string& path) {
  CacheOptions cache;
  reader.require_map(node, path);
  if (const YAML::Node n = node["max_entries"]) {
    const std::int64_t max_entries = reader.read_int64(n, path + ".max_entries");
    if (max_entries < 0) {
      reader.fail(n, path + ".max_entries", "expected a count >= 0, got \"" + n.Scalar() + "\"");
    }
    cache.max_entries = static_cast<std::size_t>(max_entries);
  }
  reader.read_key(node, path, "ttl_s", cache.ttl_s);
  return cache;
}

TransactionOptions parse_transactions(const YamlReader& reader, const YAML::Node& node,
                                      const std::string& path) {
  TransactionOptions options;
  reader.require_map(node, path);
  if (const YAML::Node n = node["isolation"]) {
    options.isolation = reader.read_name(n, path + ".isolation", "isolation", kIsolationNames);
  }
  reader.read_key(node, path, "max_retries", options.max_retries);
  reader.read_key(node, path, "read_only", options.read_only);
  return options;
}

}  // namespace

ComponentSpec parse_component(const YamlReader& reader, const YAML::Node& value,
                              const std::string& path) {
  ComponentSpec component;
  component.location = reader.location(value);
  reader.require_map(value, path);
  reader.read_key(value, path, "name", component.name);
  reader.read_key(value, path, "type", component.type);
  reader.read_key(value, path, "entity", component.entity);
  reader.read_key(value, path, "database", component.database);
  if (const YAML::Node n = value["cache"]) {
    component.cache = parse_cache(reader, n, path + ".cache");
  }
  if (const YAML::Node n = value["transactions"]) {
    component.transactions = parse_transactions(reader, n, path + ".transactions");
  }
  return component;
}

}  // namespace v5store::spec_detail
