// The non-template part of the generic section reader: choice lists and the table check.
#include "spec/section_reader.hpp"

namespace v5store::spec_detail {

std::string or_list(const std::vector<std::string_view>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    list += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    list += names[i];
  }
  return list;
}

const Rule& bound_mapping(std::string_view rule_path, const std::vector<std::string_view>& names,
                          std::string_view type) {
  const Rule* mapping = spec_format::rule_at(rule_path);
  if (mapping == nullptr || mapping->shape != spec_format::Shape::mapping) {
    throw std::logic_error("spec parser: the format table has no mapping at " +
                           std::string(rule_path));
  }
  for (const spec_format::KeyRule& key : mapping->keys) {
    if (!key.for_type.empty() && key.for_type != type) continue;  // another type's key
    if (std::find(names.begin(), names.end(), key.name) == names.end()) {
      throw std::logic_error("spec parser: key " + std::string(rule_path) + "." +
                             std::string(key.name) + " of the format table is not read");
    }
  }
  for (const std::string_view name : names) {
    const auto in_table =
        std::find_if(mapping->keys.begin(), mapping->keys.end(),
                     [name, type](const spec_format::KeyRule& key) {
                       return key.name == name && (key.for_type.empty() || key.for_type == type);
                     });
    if (in_table == mapping->keys.end()) {
      throw std::logic_error("spec parser: key " + std::string(rule_path) + "." +
                             std::string(name) + " is read but not in the format table");
    }
  }
  return *mapping;
}

void fail_choice(const YamlReader& reader, const YAML::Node& node, std::string_view path,
                 std::string_view what, const std::string& text, const std::string& expected) {
  reader.fail(node, path,
              "unknown " + std::string(what) + " \"" + text + "\" (expected " + expected + ")");
}

}  // namespace v5store::spec_detail
