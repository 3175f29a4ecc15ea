// Typed reads of yaml-cpp nodes with file:line:column errors.
#include "spec/yaml_reader.hpp"

#include <charconv>
#include <limits>
#include <system_error>

#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/spec_format.hpp"

namespace v5store::spec_detail {
namespace {

// Plain scalars carry the non-specific tag "?"; quoted ones carry "!".
bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() != "!"; }

// How a node is shown in a message: the scalar quoted, or its kind.
std::string describe(const YAML::Node& node, bool secret) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      if (secret) return "a value (not shown)";
      return "\"" + node.Scalar() + "\"";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

}  // namespace

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path(parent);
  path += '.';
  path += key;
  return path;
}

SourceLocation YamlReader::location(const YAML::Mark& mark) const {
  SourceLocation loc;
  loc.file = file_;
  if (!mark.is_null() && mark.line >= 0) {
    loc.line = mark.line + 1;
    loc.column = mark.column + 1;
  }
  return loc;
}

SourceLocation YamlReader::location(const YAML::Node& node) const {
  return location(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark());
}

void YamlReader::fail(const YAML::Mark& mark, std::string_view path,
                      std::string_view problem) const {
  std::string message = location(mark).to_string();
  message += ": ";
  if (!path.empty()) {
    message += path;
    message += ": ";
  }
  message += problem;
  throw Error(ErrorCode::config, std::move(message));
}

void YamlReader::fail(const YAML::Node& node, std::string_view path,
                      std::string_view problem) const {
  fail(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), path, problem);
}

void YamlReader::fail_type(const YAML::Node& node, std::string_view path, std::string_view expected,
                           bool secret) const {
  fail(node, path, "expected " + std::string(expected) + ", got " + describe(node, secret));
}

void YamlReader::require_map(const YAML::Node& node, std::string_view path) const {
  if (!node.IsMap()) fail_type(node, path, "a mapping");
}

void YamlReader::require_sequence(const YAML::Node& node, std::string_view path) const {
  if (!node.IsSequence()) fail_type(node, path, "a sequence");
}

void YamlReader::for_each_entry(const YAML::Node& node, std::string_view path,
                                const std::function<void(const YAML::Node&, const YAML::Node&,
                                                         const std::string&)>& visit) const {
  require_map(node, path);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) fail_type(key, path, "a scalar key");
    visit(key, it->second, join_path(path, key.Scalar()));
  }
}

std::string YamlReader::read_template(const YAML::Node& node, std::string_view path,
                                      bool secret) const {
  if (!node.IsScalar()) fail_type(node, path, "a string", secret);
  return node.Scalar();
}

std::string YamlReader::read_string(const YAML::Node& node, std::string_view path,
                                    bool secret) const {
  std::string text = read_template(node, path, secret);
  const spec_format::Rule* rule = spec_format::rule_at(path);
  if (rule == nullptr || !rule->expand) return text;
  try {
    return rule->shape == spec_format::Shape::dsn ? expand_dsn_env(text) : expand_env(text);
  } catch (const Error& e) {
    fail(node, path, e.what());
  }
}

std::int64_t YamlReader::read_int64(const YAML::Node& node, std::string_view path) const {
  if (!is_plain_scalar(node)) fail_type(node, path, "an integer");
  const std::string& text = node.Scalar();
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) {
    fail(node, path, "integer \"" + text + "\" is out of range");
  }
  if (ec != std::errc() || ptr != end || begin == end) fail_type(node, path, "an integer");
  return value;
}

int YamlReader::read_int(const YAML::Node& node, std::string_view path) const {
  const std::int64_t value = read_int64(node, path);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    fail(node, path, "integer \"" + node.Scalar() + "\" is out of range");
  }
  return static_cast<int>(value);
}

std::size_t YamlReader::read_count(const YAML::Node& node, std::string_view path) const {
  const std::int64_t value = read_int64(node, path);
  if (value < 0) fail(node, path, "expected a count >= 0, got \"" + node.Scalar() + "\"");
  return static_cast<std::size_t>(value);
}

double YamlReader::read_double(const YAML::Node& node, std::string_view path) const {
  if (!is_plain_scalar(node)) fail_type(node, path, "a number");
  const std::string& text = node.Scalar();
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end) fail_type(node, path, "a number");
  return value;
}

bool YamlReader::read_bool(const YAML::Node& node, std::string_view path) const {
  bool value = false;
  if (!is_plain_scalar(node) || !YAML::convert<bool>::decode(node, value)) {
    fail_type(node, path, "true or false");
  }
  return value;
}

std::vector<std::string> YamlReader::read_string_list(const YAML::Node& node,
                                                      std::string_view path) const {
  require_sequence(node, path);
  std::vector<std::string> items;
  items.reserve(node.size());
  for (std::size_t i = 0; i < node.size(); ++i) {
    items.push_back(read_string(node[i], std::string(path) + "[" + std::to_string(i) + "]"));
  }
  return items;
}

}  // namespace v5store::spec_detail
