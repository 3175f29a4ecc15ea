// Reads one item of the spec's `components` section, with its cache and transaction options.
#include "spec/sections.hpp"

#include "spec/section_reader.hpp"

namespace v5store::spec_detail {
namespace {

const Section<CacheOptions>& cache_section() {
  static const Section<CacheOptions> section(
      "components[0].cache",
      {key("max_entries", &CacheOptions::max_entries), key("ttl_s", &CacheOptions::ttl_s)});
  return section;
}

const Section<TransactionOptions>& transactions_section() {
  static const Section<TransactionOptions> section(
      "components[0].transactions",
      {choice("isolation", &TransactionOptions::isolation,
              std::vector<IsolationLevel>{
                  IsolationLevel::default_level, IsolationLevel::read_uncommitted,
                  IsolationLevel::read_committed, IsolationLevel::repeatable_read,
                  IsolationLevel::serializable}),
       key("max_retries", &TransactionOptions::max_retries),
       key("read_only", &TransactionOptions::read_only)});
  return section;
}

const Section<ComponentSpec>& component_section() {
  static const Section<ComponentSpec> section(
      "components[0]",
      {key("name", &ComponentSpec::name), key("type", &ComponentSpec::type),
       key("entity", &ComponentSpec::entity), key("database", &ComponentSpec::database),
       nested("cache", &ComponentSpec::cache, cache_section()),
       nested("transactions", &ComponentSpec::transactions, transactions_section()),
       choice("read_from", &ComponentSpec::read_from, {ReadFrom::primary, ReadFrom::replica})},
      "store");
  return section;
}

}  // namespace

ComponentSpec parse_component(const YamlReader& reader, const YAML::Node& value,
                              const std::string& path) {
  ComponentSpec component;
  component.location = reader.location(value);
  component_section().read(reader, value, path, component);
  return component;
}

}  // namespace v5store::spec_detail
