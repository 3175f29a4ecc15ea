// A YAML document read through yaml-cpp's event API, keeping what YAML::Node loses: every
// mapping entry (duplicate keys included), the position of each node, and whether a scalar
// was quoted. Aliases share the anchored node.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace v5validate::detail {

struct YamlNode;
using YamlNodePtr = std::shared_ptr<const YamlNode>;

struct YamlNode {
  enum class Kind { null, scalar, sequence, mapping };
  Kind kind = Kind::null;
  int line = 0;                    // 1-based
  int column = 0;                  // 1-based
  bool quoted = false;             // a quoted scalar ("8" is a string, 8 may be a number)
  bool alias = false;              // reached through *alias
  std::string value;               // scalar text
  std::vector<YamlNodePtr> items;  // sequence
  std::vector<std::pair<YamlNodePtr, YamlNodePtr>> entries;  // mapping, in document order

  bool is_scalar() const noexcept { return kind == Kind::scalar; }
  bool is_mapping() const noexcept { return kind == Kind::mapping; }
  bool is_sequence() const noexcept { return kind == Kind::sequence; }
  bool is_null() const noexcept { return kind == Kind::null; }

  // The value of the first entry whose key is the scalar `key`, or nullptr.
  const YamlNode* find(std::string_view key) const noexcept;
};

// "a mapping", "a sequence", "a scalar" or "null", for messages.
std::string_view describe(YamlNode::Kind kind) noexcept;

// The result of reading YAML text.
struct YamlDocument {
  YamlNodePtr root;   // null when the text did not parse or held no document
  int documents = 0;  // how many documents the stream held
  // When the text does not parse: the parser's message and position.
  std::optional<std::string> error;
  int error_line = 0;
  int error_column = 0;
};

// Reads YAML text. Never throws for any input (a parse error is reported in the result).
YamlDocument read_yaml(std::string_view text);

// Resolves a finding path ("entities.loan.fields.due_on", "components[2].entity") to the
// node that marks it in the file: the key of its last mapping step, or the sequence item (the
// deepest node reached when the path does not fully resolve); nullptr for a null root.
const YamlNode* locate(const YamlNode* root, std::string_view path);

}  // namespace v5validate::detail
