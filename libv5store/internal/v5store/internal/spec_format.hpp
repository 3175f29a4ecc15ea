// The shape of spec format version 1, as data: which keys each mapping allows, which are
// required, and what kind of value each takes. Level 1 walks the YAML tree against it.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace v5validate::detail {

enum class Shape {
  mapping,     // fixed keys (Rule::keys)
  named_map,   // keys are names (identifiers, or Rule::choices), values follow element
  sequence,    // items follow element
  string,      // any scalar, read as text
  identifier,  // [a-z_][a-z0-9_]*, at most 63 characters
  integer,     // within [min, max]
  number,      // integer or decimal
  boolean,
  choice,      // one of Rule::choices, reported with Rule::code
  any_scalar,  // a scalar or null (default values)
  dsn,         // a connection string with ${VAR} references
  references,  // entity.field
  pattern,     // an ECMAScript regular expression
  listen,      // host:port
};

struct Rule;

struct KeyRule {
  std::string_view name;
  const Rule* rule;
  bool required = false;
};

struct Rule {
  Shape shape = Shape::string;
  std::vector<KeyRule> keys;              // mapping
  const Rule* element = nullptr;          // named_map values, sequence items
  std::vector<std::string_view> choices;  // choice values; named_map allowed keys
  std::string_view code = "V112";         // choice: the code of a value outside choices
  std::int64_t min = std::numeric_limits<std::int64_t>::min();  // integer range
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  bool non_empty = false;  // sequence / named_map must not be empty
};

// The rule of the whole document. The objects live for the program. Thread-safe.
const Rule& spec_rule();

}  // namespace v5validate::detail
