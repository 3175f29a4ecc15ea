// The shape of spec format version 1, as data: which keys each mapping allows, which are
// required, what kind of value each takes, the values a choice allows, where ${VAR}
// references are expanded and which values are secret. The one description of the format:
// the spec parser (libv5store/src/spec/section_reader.hpp) reads every mapping by it, so a
// key added here must be bound there; libvalidate's level 1 walks the YAML tree against it;
// tests/spec/spec_keys_test.cpp holds it against docs/spec.md.
//
// Example:
//   const Rule* rule = rule_at("databases.main.backend");  // the backend choice
//   bool env = rule != nullptr && rule->expand;             // true: "${DB_BACKEND:-sqlite}"
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace v5store::spec_format {

enum class Shape {
  mapping,     // fixed keys (Rule::keys)
  named_map,   // keys are names (identifiers, or Rule::choices), values follow element
  sequence,    // items follow element
  string,      // any scalar, read as text
  identifier,  // [a-z_][a-z0-9_]*, at most 63 characters
  sql_name,    // a table or column name as the database spells it: 1-63 bytes, no control
               // characters (always quoted in SQL)
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
  // A key of the mapping whose `type` is this value only ("api"; empty: of every type). A
  // required key is required there only; elsewhere the key is unknown (V109).
  std::string_view for_type{};
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
  bool expand = false;     // scalar: ${VAR} and ${VAR:-default} are expanded before use
  bool secret = false;     // scalar: messages never show the value
};

// The rule of the whole document. The objects live for the program. Thread-safe.
const Rule& spec_rule();

// The rule of the value at `path`, a key path as the parser and level 1 write it
// ("databases.main.pool.max_size", "components[2].cache.ttl_s"; any name stands for an entry
// of a named map), or nullptr when the format has no such key. Thread-safe.
const Rule* rule_at(std::string_view path);

}  // namespace v5store::spec_format
