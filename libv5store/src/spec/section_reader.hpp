// Reads one mapping of the spec generically against the format table
// (v5store/internal/spec_format.hpp). A Section<S> binds every key that the table gives one
// mapping to where its value goes in S; the value is read by the member's type and the key's
// rule (choices, ${VAR} expansion, secrecy). A key added to the table and not bound here, or
// bound here and not in the table, throws std::logic_error at the first parse.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "spec/yaml_reader.hpp"
#include "v5store/internal/spec_format.hpp"

namespace v5store::spec_detail {

using spec_format::Rule;

// Whether a mapping must hold a key; the parser requires fewer keys than level 1 does.
enum class Need {
  optional,
  required,                  // "missing key 'k'"
  required_listing_choices,  // "missing key 'k' (a, b or c)"
};

// One key of a mapping bound to where its value goes in S.
template <class S>
struct Key {
  // Reads `value` (at `path`, with the key's `rule`) into `out`.
  using Read = std::function<void(const YamlReader& reader, const YAML::Node& value,
                                  const std::string& path, const Rule& rule, S& out)>;
  // The choices a message lists ("a, b or c"); set for choice keys only.
  using Expected = std::function<std::string(const Rule& rule)>;

  std::string_view name;
  Read read;
  Need need = Need::optional;
  Expected expected;
};

// "a", "a or b", "a, b or c".
std::string or_list(const std::vector<std::string_view>& names);

// The rule of the mapping at `rule_path` ("databases._.pool"; any name stands for an entry of
// a named map, "[0]" for an item). Throws std::logic_error when the table has no mapping there
// or its keys are not exactly `names`; with `type` ("api"), the keys of the mapping's other
// types (KeyRule::for_type) are not expected.
const Rule& bound_mapping(std::string_view rule_path, const std::vector<std::string_view>& names,
                          std::string_view type = {});

// Fails with "unknown <what> "<text>" (expected <expected>)".
[[noreturn]] void fail_choice(const YamlReader& reader, const YAML::Node& node,
                              std::string_view path, std::string_view what, const std::string& text,
                              const std::string& expected);

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// The keys of one mapping of the table, in the order they are read.
template <class S>
class Section {
 public:
  // `type`: the mapping's `type` whose keys these are (a component: "store" or "api").
  Section(std::string_view rule_path, std::vector<Key<S>> keys, std::string_view type = {})
      : keys_(std::move(keys)) {
    std::vector<std::string_view> names;
    names.reserve(keys_.size());
    for (const Key<S>& key : keys_) names.push_back(key.name);
    const Rule& mapping = bound_mapping(rule_path, names, type);
    for (const Key<S>& key : keys_) {
      for (const spec_format::KeyRule& rule : mapping.keys) {
        if (rule.name == key.name) rules_.push_back(rule.rule);
      }
    }
  }

  // Checks that `node` is a mapping, then reads each bound key it holds into `out`; a key it
  // lacks keeps the default in `out`, or fails when the key is required.
  void read(const YamlReader& reader, const YAML::Node& node, const std::string& path,
            S& out) const {
    reader.require_map(node, path);
    read_keys(reader, node, path, out);
  }

  // read() of a node known to be a mapping.
  void read_keys(const YamlReader& reader, const YAML::Node& node, const std::string& path,
                 S& out) const {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      const Key<S>& key = keys_[i];
      const YAML::Node value = node[std::string(key.name)];
      if (value) {
        key.read(reader, value, join_path(path, key.name), *rules_[i], out);
        continue;
      }
      if (key.need == Need::optional) continue;
      std::string problem = "missing key '" + std::string(key.name) + "'";
      if (key.need == Need::required_listing_choices) {
        problem += " (" + key.expected(*rules_[i]) + ")";
      }
      reader.fail(node, path, problem);
    }
  }

 private:
  std::vector<Key<S>> keys_;
  std::vector<const Rule*> rules_;  // rules_[i] is the table's rule of keys_[i]
};

// A key read by the type of `member`: std::string (expanded and kept secret as the rule
// says), bool, int, std::int64_t, std::size_t, double, std::vector<std::string>, or an
// std::optional of one of these.
template <class S, class T>
Key<S> key(std::string_view name, T S::*member, Need need = Need::optional) {
  Key<S> bound{name, nullptr, need, nullptr};
  bound.read = [member](const YamlReader& reader, const YAML::Node& value, const std::string& path,
                        const Rule& rule, S& out) {
    if constexpr (is_optional<T>::value) {
      out.*member = reader.read_as<typename T::value_type>(value, path, rule.secret);
    } else {
      out.*member = reader.read_as<T>(value, path, rule.secret);
    }
  };
  return bound;
}

// A key read by `read` (a value with a shape of its own, a nested section, a list).
template <class S>
Key<S> key_with(std::string_view name, typename Key<S>::Read read, Need need = Need::optional) {
  return Key<S>{name, std::move(read), need, nullptr};
}

// A choice key whose names the table lists; `parse` maps a name to its value. Messages list
// the names that give a value not given by an earlier name (aliases are left out) and call
// the key `what` (default: its name).
template <class S, class E>
Key<S> choice(std::string_view name, E S::*member, std::optional<E> (*parse)(std::string_view),
              Need need = Need::optional, std::string_view what = {}) {
  Key<S> bound{name, nullptr, need, nullptr};
  bound.expected = [parse](const Rule& rule) {
    std::vector<std::string_view> names;
    std::vector<E> seen;
    for (const std::string_view choice : rule.choices) {
      const std::optional<E> value = parse(choice);
      if (!value || std::find(seen.begin(), seen.end(), *value) != seen.end()) continue;
      seen.push_back(*value);
      names.push_back(choice);
    }
    return or_list(names);
  };
  const std::string_view called = what.empty() ? name : what;
  bound.read = [member, parse, called, expected = bound.expected](
                   const YamlReader& reader, const YAML::Node& value, const std::string& path,
                   const Rule& rule, S& out) {
    const std::string text = reader.read_string(value, path);
    const std::optional<E> parsed = parse(text);
    if (!parsed) fail_choice(reader, value, path, called, text, expected(rule));
    out.*member = *parsed;
  };
  return bound;
}

// A choice key whose table names map, in table order, to `values`.
template <class S, class E>
Key<S> choice(std::string_view name, E S::*member, std::vector<E> values) {
  Key<S> bound{name, nullptr, Need::optional, nullptr};
  bound.expected = [](const Rule& rule) { return or_list(rule.choices); };
  bound.read = [name, member, values = std::move(values)](
                   const YamlReader& reader, const YAML::Node& value, const std::string& path,
                   const Rule& rule, S& out) {
    if (values.size() != rule.choices.size()) {
      throw std::logic_error("spec parser: " + path + " maps " + std::to_string(values.size()) +
                             " values to " + std::to_string(rule.choices.size()) + " choices");
    }
    const std::string text = reader.read_string(value, path);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (rule.choices[i] == text) {
        out.*member = values[i];
        return;
      }
    }
    fail_choice(reader, value, path, name, text, or_list(rule.choices));
  };
  return bound;
}

// A mapping key whose value is read by `section` into `member`.
template <class S, class T>
Key<S> nested(std::string_view name, T S::*member, const Section<T>& section) {
  return key_with<S>(name, [member, &section](const YamlReader& reader, const YAML::Node& value,
                                              const std::string& path, const Rule&, S& out) {
    section.read(reader, value, path, out.*member);
  });
}

}  // namespace v5store::spec_detail
