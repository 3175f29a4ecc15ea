#include "limits.hpp"

#include <fmt/format.h>

namespace v5validate::detail {

namespace {

const YamlNode* child(const YamlNode* node, std::string_view key) {
  return node != nullptr && node->is_mapping() ? node->find(key) : nullptr;
}

std::size_t size_of(const YamlNode* node) {
  if (node == nullptr) return 0;
  return node->is_mapping() ? node->entries.size() : node->is_sequence() ? node->items.size() : 0;
}

void check_count(const YamlNode* node, std::size_t limit, std::string_view what,
                 const std::string& path, Sink& sink) {
  const std::size_t count = size_of(node);
  if (count <= limit) return;
  sink.add_at(node, "V123", path, fmt::format("{} {} ({}); the limit is {}", count, what,
                                              path.empty() ? "spec" : path, limit),
              "split the spec or shorten the list; docs/validation.md lists the limits");
}

void check_length(const YamlNode* node, std::size_t limit, std::string_view what,
                  const std::string& path, Sink& sink) {
  if (node == nullptr || !node->is_scalar() || node->value.size() <= limit) return;
  sink.add_at(node, "V123", path,
              fmt::format("{} is {} bytes long; the limit is {}", what, node->value.size(), limit),
              "shorten it; docs/validation.md lists the limits");
}

void check_field(const YamlNode& field, const std::string& path, Sink& sink) {
  check_length(child(&field, "description"), kMaxTextLength, "the description", path, sink);
  check_length(child(&field, "default"), kMaxTextLength, "the default", path, sink);
  const YamlNode* values = child(&field, "values");
  check_count(values, kMaxEnumValues, "enum values", path + ".values", sink);
  if (values == nullptr || !values->is_sequence() || values->items.size() > kMaxEnumValues) {
    return;
  }
  for (std::size_t i = 0; i < values->items.size(); ++i) {
    check_length(values->items[i].get(), kMaxEnumValueLength, "the enum value",
                 fmt::format("{}.values[{}]", path, i), sink);
  }
}

void check_entity(const YamlNode& key, const YamlNode& entity, Sink& sink) {
  const std::string path = "entities." + key.value;
  check_length(child(&entity, "description"), kMaxTextLength, "the description", path, sink);
  check_count(child(&entity, "indexes"), kMaxIndexesPerEntity, "indexes", path + ".indexes",
              sink);
  const YamlNode* fields = child(&entity, "fields");
  check_count(fields, kMaxFieldsPerEntity, "fields", path + ".fields", sink);
  if (fields == nullptr || !fields->is_mapping() || size_of(fields) > kMaxFieldsPerEntity) return;
  for (const auto& [field_key, field] : fields->entries) {
    if (field_key->is_scalar()) check_field(*field, path + ".fields." + field_key->value, sink);
  }
}

}  // namespace

bool check_spec_size(std::uintmax_t bytes, Sink& sink) {
  if (bytes <= kMaxSpecBytes) return true;
  sink.add_at_line(1, 1, "V123", "",
                   fmt::format("the spec is {} bytes; the limit is {} bytes (2 MiB); it was not "
                               "parsed",
                               bytes, kMaxSpecBytes),
                   "split the system into several specs; docs/validation.md lists the limits");
  return false;
}

void check_limits(const YamlNode& root, Sink& sink) {
  const YamlNode* system = child(&root, "system");
  check_length(child(system, "description"), kMaxTextLength, "the description", "system", sink);
  check_count(child(&root, "databases"), kMaxDatabases, "databases", "databases", sink);
  check_count(child(&root, "components"), kMaxComponents, "components", "components", sink);
  const YamlNode* entities = child(&root, "entities");
  check_count(entities, kMaxEntities, "entities", "entities", sink);
  if (entities == nullptr || !entities->is_mapping() || size_of(entities) > kMaxEntities) return;
  for (const auto& [key, entity] : entities->entries) {
    if (key->is_scalar()) check_entity(*key, *entity, sink);
  }
}

}  // namespace v5validate::detail
