// Typed reads of yaml-cpp nodes for the spec parser. Every failure throws
// v5store::Error(config) whose message starts with file:line:column, names the key path
// ("databases.main.pool.max_size") and shows the bad value (never a secret's value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "v5store/spec.hpp"

namespace v5store::spec_detail {

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(std::string_view parent, std::string_view key);

// The file being parsed; turns yaml-cpp marks into locations and errors.
class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const noexcept { return file_; }

  // The 1-based location of a node (file only when the node has no mark).
  SourceLocation location(const YAML::Node& node) const;
  SourceLocation location(const YAML::Mark& mark) const;

  // Throws Error(config): "<file:line:column>: <path>: <problem>".
  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view path,
                         std::string_view problem) const;
  [[noreturn]] void fail(const YAML::Node& node, std::string_view path,
                         std::string_view problem) const;

  // Throws Error(config) saying `path` must be `expected`, and what was found instead.
  // For secrets the found value is not shown.
  [[noreturn]] void fail_type(const YAML::Node& node, std::string_view path,
                              std::string_view expected, bool secret = false) const;

  // Checks that `node` is a mapping (throws Error(config) otherwise).
  void require_map(const YAML::Node& node, std::string_view path) const;
  // Checks that `node` is a sequence (throws Error(config) otherwise).
  void require_sequence(const YAML::Node& node, std::string_view path) const;

  // Calls `visit(key, value, key_path)` for every entry of the mapping `node`, in document
  // order; `key` is a scalar node (its Scalar() is the name). Throws Error(config) if `node`
  // is not a mapping or a key is not a scalar.
  void for_each_entry(const YAML::Node& node, std::string_view path,
                      const std::function<void(const YAML::Node& key, const YAML::Node& value,
                                               const std::string& key_path)>& visit) const;

  // Scalar reads. Quoted scalars are strings: `max_size: "8"` is not an integer.
  // A string at a key whose rule says `expand` (v5store/internal/spec_format.hpp: backend, dsn,
  // listen, bearer_token, migrations dir) has ${VAR} and ${VAR:-default} expanded from the
  // environment; an unset variable without a default is reported at the node's location.
  std::string read_string(const YAML::Node& node, std::string_view path, bool secret = false) const;
  // The string as written, ${VAR} references kept (DatabaseSpec::dsn_template).
  std::string read_template(const YAML::Node& node, std::string_view path,
                            bool secret = false) const;
  std::int64_t read_int64(const YAML::Node& node, std::string_view path) const;
  int read_int(const YAML::Node& node, std::string_view path) const;
  double read_double(const YAML::Node& node, std::string_view path) const;
  bool read_bool(const YAML::Node& node, std::string_view path) const;
  std::vector<std::string> read_string_list(const YAML::Node& node, std::string_view path) const;

  // A count: an integer >= 0 ("expected a count >= 0" otherwise).
  std::size_t read_count(const YAML::Node& node, std::string_view path) const;

  // The read_* above chosen by T (std::string, bool, int, std::int64_t, std::size_t (a count),
  // double or std::vector<std::string>); `secret` keeps a string's value out of messages.
  template <typename T>
  T read_as(const YAML::Node& node, std::string_view path, bool secret = false) const {
    if constexpr (std::is_same_v<T, std::string>) {
      return read_string(node, path, secret);
    } else if constexpr (std::is_same_v<T, bool>) {
      return read_bool(node, path);
    } else if constexpr (std::is_same_v<T, int>) {
      return read_int(node, path);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      return read_int64(node, path);
    } else if constexpr (std::is_same_v<T, std::size_t>) {
      return read_count(node, path);
    } else if constexpr (std::is_same_v<T, double>) {
      return read_double(node, path);
    } else {
      static_assert(std::is_same_v<T, std::vector<std::string>>, "no reader for this type");
      return read_string_list(node, path);
    }
  }

 private:
  std::string file_;
};

}  // namespace v5store::spec_detail
