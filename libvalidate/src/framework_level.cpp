#include "framework_level.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include <fmt/format.h>

#include "dsn_syntax.hpp"
#include "identifiers.hpp"
#include "limits.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/spec_format.hpp"

namespace v5validate::detail {

using v5store::spec_format::KeyRule;
using v5store::spec_format::Rule;
using v5store::spec_format::Shape;
using v5store::spec_format::spec_rule;

namespace {

// How many nodes the walk visits at most (aliases are counted every time they are reached).
constexpr std::size_t kNodeBudget = 2'000'000;

std::string quoted_for_message(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return fmt::format("`{}`", text);
  return fmt::format("`{}...`", text.substr(0, kMax));
}

std::string join_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string describe_shape(const Rule& rule) {
  switch (rule.shape) {
    case Shape::mapping:
    case Shape::named_map:
      return "a mapping";
    case Shape::sequence:
      return "a sequence";
    case Shape::integer:
      return "an integer";
    case Shape::number:
      return "a number";
    case Shape::boolean:
      return "a boolean (true or false)";
    case Shape::identifier:
      return "a name";
    default:
      return "a string";
  }
}

bool parse_integer(std::string_view text, std::int64_t& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool parse_number(std::string_view text, double& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty() &&
         std::isfinite(value);
}

bool is_boolean(std::string_view text) {
  static const std::set<std::string_view> kWords = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
      "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "y",   "Y",   "n",  "N"};
  return kWords.count(text) > 0;
}

// A value with its ${VAR} references expanded as the parser expands them (v5store::expand_env),
// or nullopt when a reference is malformed or names an unset variable without default.
std::optional<std::string> expanded(const std::string& text) {
  try {
    return v5store::expand_env(text);
  } catch (const v5store::Error&) {
    return std::nullopt;
  }
}

// V115: the ${VAR} references of a value the spec expands are well-formed and resolvable.
// Returns the expanded value, or nullopt (reported). The message names the variable, never a
// value.
std::optional<std::string> check_env_references(const YamlNode& node, const std::string& path,
                                                Sink& sink, bool dsn = false) {
  try {
    return dsn ? v5store::expand_dsn_env(node.value) : v5store::expand_env(node.value);
  } catch (const v5store::Error& e) {
    sink.add_at(&node, "V115", path, e.what(),
                "export the variable, or give a default: ${VAR:-value}");
    return std::nullopt;
  }
}

// Walks the tree against the schema; each kind of problem is its own check with its code.
class Walker {
 public:
  explicit Walker(Sink& sink) : sink_(sink) {}

  bool over_budget() const noexcept { return visited_ > kNodeBudget; }

  void walk(const YamlNode& node, const Rule& rule, const std::string& path) {
    if (++visited_ > kNodeBudget) return;
    switch (rule.shape) {
      case Shape::mapping:
        walk_mapping(node, rule, path);
        break;
      case Shape::named_map:
        walk_named_map(node, rule, path);
        break;
      case Shape::sequence:
        walk_sequence(node, rule, path);
        break;
      default:
        check_scalar(node, rule, path);
        break;
    }
  }

 private:
  // V104: a value of the wrong YAML kind.
  bool check_kind(const YamlNode& node, YamlNode::Kind expected, const Rule& rule,
                  const std::string& path) {
    if (node.kind == expected) return true;
    sink_.add_at(&node, "V104", path,
                 fmt::format("expected {}, found {}", describe_shape(rule), describe(node.kind)));
    return false;
  }

  // V107: the same key twice in one mapping. Returns the entries to walk (first of each key).
  std::vector<const std::pair<YamlNodePtr, YamlNodePtr>*> check_duplicate_keys(
      const YamlNode& node, const std::string& path) {
    std::vector<const std::pair<YamlNodePtr, YamlNodePtr>*> unique;
    std::map<std::string, const YamlNode*> first;
    for (const auto& entry : node.entries) {
      const YamlNode& key = *entry.first;
      if (!key.is_scalar()) {
        sink_.add_at(&key, "V104", path,
                     fmt::format("a key must be a scalar, found {}", describe(key.kind)));
        continue;
      }
      auto [it, inserted] = first.emplace(key.value, &key);
      if (!inserted) {
        sink_.add_at(&key, "V107", join_path(path, key.value),
                     fmt::format("duplicate key {} (first defined at line {})",
                                 quoted_for_message(key.value), it->second->line),
                     "remove or rename one of them; YAML keeps only one silently");
        continue;
      }
      unique.push_back(&entry);
    }
    return unique;
  }

  void walk_mapping(const YamlNode& node, const Rule& rule, const std::string& path) {
    if (!check_kind(node, YamlNode::Kind::mapping, rule, path)) return;
    const std::string_view type = type_of(node);
    std::vector<std::string_view> known;
    for (const KeyRule& key : rule.keys) {
      if (key.for_type.empty() || key.for_type == type) known.push_back(key.name);
    }
    std::set<std::string_view> present;
    for (const auto* entry : check_duplicate_keys(node, path)) {
      const YamlNode& key = *entry->first;
      const KeyRule* key_rule = nullptr;
      for (const KeyRule& k : rule.keys) {
        if (k.name == key.value && (k.for_type.empty() || k.for_type == type)) key_rule = &k;
      }
      if (key_rule == nullptr) {
        check_unknown_key(key, known, path);
        continue;
      }
      present.insert(key_rule->name);
      walk(*entry->second, *key_rule->rule, join_path(path, key.value));
    }
    check_required_keys(node, rule, present, path);
  }

  // The `type` of a component mapping, which decides the keys of type-specific rules
  // (KeyRule::for_type); "store" when it has none.
  static std::string_view type_of(const YamlNode& node) {
    for (const auto& [key, value] : node.entries) {
      if (key->is_scalar() && key->value == "type" && value->is_scalar()) return value->value;
    }
    return "store";
  }

  // V109: a key the format does not have, with the closest known key as a hint.
  void check_unknown_key(const YamlNode& key, const std::vector<std::string_view>& known,
                         const std::string& path) {
    sink_.add_at(&key, "V109", join_path(path, key.value),
                 fmt::format("unknown key {}", quoted_for_message(key.value)),
                 suggestion_hint(key.value, known));
  }

  // V103: a required key is missing.
  void check_required_keys(const YamlNode& node, const Rule& rule,
                           const std::set<std::string_view>& present, const std::string& path) {
    const std::string_view type = type_of(node);
    for (const KeyRule& key : rule.keys) {
      if (key.required && present.count(key.name) == 0 &&
          (key.for_type.empty() || key.for_type == type)) {
        sink_.add_at(&node, "V103", join_path(path, key.name),
                     fmt::format("required key `{}` is missing{}", key.name,
                                 path.empty() ? "" : " in " + path),
                     fmt::format("add `{}:`", key.name));
      }
    }
  }

  void walk_named_map(const YamlNode& node, const Rule& rule, const std::string& path) {
    if (!check_kind(node, YamlNode::Kind::mapping, rule, path)) return;
    if (rule.non_empty && node.entries.empty()) {
      sink_.add_at(&node, "V103", path, fmt::format("`{}` must define at least one entry", path));
    }
    for (const auto* entry : check_duplicate_keys(node, path)) {
      const YamlNode& key = *entry->first;
      const std::string child = join_path(path, key.value);
      if (!rule.choices.empty()) {
        if (std::find(rule.choices.begin(), rule.choices.end(), key.value) == rule.choices.end()) {
          sink_.add_at(
              &key, "V112", child,
              fmt::format("{} is not one of the names allowed here", quoted_for_message(key.value)),
              suggestion_hint(key.value, rule.choices));
          continue;
        }
      } else if (!check_identifier(key, child)) {
        continue;
      }
      walk(*entry->second, *rule.element, child);
    }
  }

  void walk_sequence(const YamlNode& node, const Rule& rule, const std::string& path) {
    if (!check_kind(node, YamlNode::Kind::sequence, rule, path)) return;
    if (rule.non_empty && node.items.empty()) {
      sink_.add_at(&node, "V103", path, fmt::format("`{}` must not be empty", path));
    }
    for (std::size_t i = 0; i < node.items.size() && !over_budget(); ++i) {
      walk(*node.items[i], *rule.element, fmt::format("{}[{}]", path, i));
    }
  }

  // V105 / V106: a name that is not an identifier or is too long.
  bool check_identifier(const YamlNode& node, const std::string& path) {
    if (!node.is_scalar()) {
      sink_.add_at(&node, "V104", path,
                   fmt::format("expected a name, found {}", describe(node.kind)));
      return false;
    }
    if (!is_identifier(node.value)) {
      std::string lower;
      for (char c : node.value) {
        lower += (c >= 'A' && c <= 'Z')   ? static_cast<char>(c - 'A' + 'a')
                 : (c == '-' || c == ' ') ? '_'
                                          : c;
      }
      sink_.add_at(&node, "V105", path,
                   fmt::format("{} is not a valid name: names match [a-z_][a-z0-9_]*",
                               quoted_for_message(node.value)),
                   is_identifier(lower) ? fmt::format("did you mean `{}`?", lower)
                                        : "use lower-case letters, digits and underscores");
      return false;
    }
    if (node.value.size() > kMaxIdentifierLength) {
      sink_.add_at(
          &node, "V106", path,
          fmt::format("name {} is {} characters long; the limit is {}",
                      quoted_for_message(node.value), node.value.size(), kMaxIdentifierLength),
          "shorten the name");
      return false;
    }
    return true;
  }

  void check_scalar(const YamlNode& node, const Rule& rule, const std::string& path) {
    if (rule.shape == Shape::any_scalar && node.is_null()) return;
    if (!node.is_scalar()) {
      check_kind(node, YamlNode::Kind::scalar, rule, path);
      return;
    }
    // A value the spec expands is checked as the parser will read it (a DSN's references are
    // checked with its syntax, in check_database_dsns).
    if (rule.expand && rule.shape != Shape::dsn && node.value.find('$') != std::string::npos) {
      std::optional<std::string> value = check_env_references(node, path, sink_);
      if (!value) return;
      YamlNode as_read = node;
      as_read.value = std::move(*value);
      check_value(as_read, rule, path);
      return;
    }
    check_value(node, rule, path);
  }

  void check_value(const YamlNode& node, const Rule& rule, const std::string& path) {
    switch (rule.shape) {
      case Shape::identifier:
        check_identifier(node, path);
        break;
      case Shape::sql_name:
        check_sql_name(node, path);
        break;
      case Shape::integer:
        check_integer(node, rule, path);
        break;
      case Shape::number:
        check_number(node, path);
        break;
      case Shape::boolean:
        check_boolean(node, path);
        break;
      case Shape::choice:
        check_choice(node, rule, path);
        break;
      case Shape::references:
        check_references(node, path);
        break;
      case Shape::pattern:
        check_pattern(node, path);
        break;
      case Shape::listen:
        check_listen(node, path);
        break;
      default:
        break;
    }
  }

  // V105 / V106: a table or column name that is empty, holds a control character or is too
  // long. Any other text is allowed: the name is always quoted in SQL.
  void check_sql_name(const YamlNode& node, const std::string& path) {
    const bool control = std::any_of(node.value.begin(), node.value.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (node.value.empty() || control) {
      sink_.add_at(&node, "V105", path,
                   fmt::format("{} is not a usable table or column name: it is empty or holds a "
                               "control character",
                               quoted_for_message(node.value)),
                   "rename it in the database, or leave it out of the spec");
    } else if (node.value.size() > kMaxIdentifierLength) {
      sink_.add_at(&node, "V106", path,
                   fmt::format("name {} is {} bytes long; the limit is {}",
                               quoted_for_message(node.value), node.value.size(),
                               kMaxIdentifierLength),
                   "shorten the name");
    }
  }

  // V104 / V116: an integer, within its range.
  void check_integer(const YamlNode& node, const Rule& rule, const std::string& path) {
    std::int64_t value = 0;
    if (!parse_integer(node.value, value)) {
      sink_.add_at(&node, "V104", path,
                   fmt::format("expected an integer, found {}", quoted_for_message(node.value)));
      return;
    }
    if (value < rule.min || value > rule.max) {
      sink_.add_at(
          &node, "V116", path,
          fmt::format("{} is outside the allowed range {}..{}", value, rule.min, rule.max));
    }
  }

  // V104: a number.
  void check_number(const YamlNode& node, const std::string& path) {
    double value = 0;
    if (!parse_number(node.value, value)) {
      sink_.add_at(&node, "V104", path,
                   fmt::format("expected a number, found {}", quoted_for_message(node.value)));
    }
  }

  // V104: a boolean.
  void check_boolean(const YamlNode& node, const std::string& path) {
    if (node.quoted || !is_boolean(node.value)) {
      sink_.add_at(&node, "V104", path,
                   fmt::format("expected true or false, found {}", quoted_for_message(node.value)));
    }
  }

  // V110 (backend), V111 (field type), V112 (other options): a value outside its set.
  void check_choice(const YamlNode& node, const Rule& rule, const std::string& path) {
    if (std::find(rule.choices.begin(), rule.choices.end(), node.value) != rule.choices.end()) {
      return;
    }
    sink_.add_at(&node, rule.code, path,
                 fmt::format("{} is not a valid value here", quoted_for_message(node.value)),
                 suggestion_hint(node.value, rule.choices));
  }

  // V119: references is entity.field.
  void check_references(const YamlNode& node, const std::string& path) {
    const std::size_t dot = node.value.find('.');
    const bool ok =
        dot != std::string::npos && node.value.find('.', dot + 1) == std::string::npos &&
        is_identifier(node.value.substr(0, dot)) && is_identifier(node.value.substr(dot + 1));
    if (!ok) {
      sink_.add_at(&node, "V119", path,
                   fmt::format("references {} is not of the form entity.field",
                               quoted_for_message(node.value)),
                   "write e.g. references: customer.id");
    }
  }

  // V120: pattern compiles as an ECMAScript regular expression.
  void check_pattern(const YamlNode& node, const std::string& path) {
    if (node.value.size() > 4096) {
      sink_.add_at(&node, "V120", path, "pattern is longer than 4096 characters");
      return;
    }
    int depth = 0;
    int deepest = 0;
    for (char c : node.value) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      deepest = std::max(deepest, depth);
    }
    if (deepest > 64) {
      sink_.add_at(&node, "V120", path, "pattern nests groups more than 64 deep");
      return;
    }
    try {
      std::regex compiled(node.value, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      sink_.add_at(&node, "V120", path,
                   fmt::format("pattern {} is not a valid regular expression: {}",
                               quoted_for_message(node.value), e.what()));
    }
  }

  // V121: listen is host:port; port 0 lets the system pick a free port (the store logs the one
  // it bound and MonitoringServer::url() reports it).
  void check_listen(const YamlNode& node, const std::string& path) {
    const std::size_t colon = node.value.rfind(':');
    std::int64_t port = 0;
    const bool ok = colon != std::string::npos && colon > 0 &&
                    parse_integer(std::string_view(node.value).substr(colon + 1), port) &&
                    port >= 0 && port <= 65535;
    if (!ok) {
      sink_.add_at(&node, "V121", path,
                   fmt::format("listen {} is not host:port", quoted_for_message(node.value)),
                   "write e.g. 127.0.0.1:9464");
    }
  }

  Sink& sink_;
  std::size_t visited_ = 0;
};

const YamlNode* child(const YamlNode* node, std::string_view key) {
  return node != nullptr && node->is_mapping() ? node->find(key) : nullptr;
}

// V113: schema_version is a version this validator knows.
void check_schema_version(const YamlNode& root, Sink& sink) {
  const YamlNode* version = child(&root, "schema_version");
  if (version == nullptr || !version->is_scalar()) return;
  std::int64_t value = 0;
  if (parse_integer(version->value, value) && value != 1) {
    sink.add_at(
        version, "V113", "schema_version",
        fmt::format("schema_version {} is not supported; this validator reads version 1", value),
        "set schema_version: 1");
  }
}

// V115: every ${VAR} of a DSN (dsn and migration_dsn) is well-formed and resolvable.
// V114/V122: DSN syntax.
void check_database_dsns(const YamlNode& root, Sink& sink) {
  const YamlNode* databases = child(&root, "databases");
  if (databases == nullptr || !databases->is_mapping()) return;
  for (const auto& [key, database] : databases->entries) {
    if (!key->is_scalar()) continue;
    for (const char* name : {"dsn", "migration_dsn"}) {
      const YamlNode* dsn = child(database.get(), name);
      if (dsn == nullptr || !dsn->is_scalar()) continue;
      const std::string path = fmt::format("databases.{}.{}", key->value, name);
      const std::optional<std::string> dsn_value = check_env_references(*dsn, path, sink, true);
      const YamlNode* backend_node = child(database.get(), "backend");
      if (!dsn_value || backend_node == nullptr || !backend_node->is_scalar()) continue;
      const std::optional<std::string> backend_name = expanded(backend_node->value);
      if (!backend_name) continue;  // reported by the walk
      const auto backend = v5store::parse_backend(*backend_name);
      if (!backend) continue;
      for (const DsnProblem& problem : check_dsn(*backend, *dsn_value)) {
        sink.add_at(dsn, problem.error ? "V114" : "V122", path, problem.message, problem.hint);
      }
    }
  }
}

// V108: a name used twice where it must be unique.
void report_duplicate(Sink& sink, const YamlNode* node, const std::string& path,
                      std::string_view what, std::string_view name, int first_line) {
  sink.add_at(node, "V108", path,
              fmt::format("{} {} is used twice (first at line {})", what, quoted_for_message(name),
                          first_line),
              "rename one of them");
}

void check_component_names(const YamlNode& root, Sink& sink) {
  const YamlNode* components = child(&root, "components");
  if (components == nullptr || !components->is_sequence()) return;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < components->items.size(); ++i) {
    const YamlNode* name = child(components->items[i].get(), "name");
    if (name == nullptr || !name->is_scalar()) continue;
    auto [it, inserted] = seen.emplace(name->value, name->line);
    if (!inserted) {
      report_duplicate(sink, name, fmt::format("components[{}].name", i), "component name",
                       name->value, it->second);
    }
  }
}

void check_table_and_index_names(const YamlNode& root, Sink& sink) {
  const YamlNode* entities = child(&root, "entities");
  if (entities == nullptr || !entities->is_mapping()) return;
  std::map<std::string, int> tables;
  std::map<std::string, int> index_names;
  std::set<std::string> entity_names;
  for (const auto& [key, entity] : entities->entries) {
    if (!key->is_scalar() || !entity_names.insert(key->value).second) continue;
    const YamlNode* table = child(entity.get(), "table");
    const bool explicit_table = table != nullptr && table->is_scalar();
    const std::string name = explicit_table ? table->value : key->value;
    const YamlNode* where = explicit_table ? table : key.get();
    auto [it, inserted] = tables.emplace(name, where->line);
    if (!inserted) {
      report_duplicate(sink, where, fmt::format("entities.{}.table", key->value), "table name",
                       name, it->second);
    }
    const YamlNode* indexes = child(entity.get(), "indexes");
    if (indexes == nullptr || !indexes->is_sequence()) continue;
    for (std::size_t i = 0; i < indexes->items.size(); ++i) {
      const YamlNode* index = indexes->items[i].get();
      const std::string path = fmt::format("entities.{}.indexes[{}]", key->value, i);
      const YamlNode* index_name = child(index, "name");
      if (index_name != nullptr && index_name->is_scalar()) {
        auto [n, fresh] = index_names.emplace(index_name->value, index_name->line);
        if (!fresh) {
          report_duplicate(sink, index_name, path + ".name", "index name", index_name->value,
                           n->second);
        }
      }
      const YamlNode* fields = child(index, "fields");
      if (fields == nullptr || !fields->is_sequence()) continue;
      std::set<std::string> in_index;
      for (std::size_t f = 0; f < fields->items.size(); ++f) {
        const YamlNode* field = fields->items[f].get();
        if (field->is_scalar() && !in_index.insert(field->value).second) {
          report_duplicate(sink, field, fmt::format("{}.fields[{}]", path, f), "index field",
                           field->value, fields->line);
        }
      }
    }
  }
}

void check_enum_values(const YamlNode& root, Sink& sink) {
  const YamlNode* entities = child(&root, "entities");
  if (entities == nullptr || !entities->is_mapping()) return;
  for (const auto& [key, entity] : entities->entries) {
    const YamlNode* fields = child(entity.get(), "fields");
    if (!key->is_scalar() || fields == nullptr || !fields->is_mapping()) continue;
    for (const auto& [field_key, field] : fields->entries) {
      const YamlNode* values = child(field.get(), "values");
      if (!field_key->is_scalar() || values == nullptr || !values->is_sequence()) continue;
      std::map<std::string, int> seen;
      for (std::size_t i = 0; i < values->items.size(); ++i) {
        const YamlNode* value = values->items[i].get();
        const std::string path =
            fmt::format("entities.{}.fields.{}.values[{}]", key->value, field_key->value, i);
        if (!value->is_scalar() || value->value.empty()) {
          sink.add_at(value, "V104", path, "an enum value must be a non-empty string");
          continue;
        }
        auto [it, inserted] = seen.emplace(value->value, value->line);
        if (!inserted) {
          report_duplicate(sink, value, path, "enum value", value->value, it->second);
        }
      }
    }
  }
}

}  // namespace

void FrameworkLevel::run(Context& ctx) const {
  Sink& sink = ctx.sink;
  const YamlDocument& doc = ctx.document;
  if (doc.error) {
    sink.add_at_line(doc.error_line, doc.error_column, "V101", "",
                     "the file is not valid YAML: " + *doc.error,
                     "fix the syntax at this position");
    return;
  }
  if (doc.root == nullptr || doc.root->is_null()) {
    sink.add_at_line(1, 1, "V102", "", "the spec is empty", "start from a spec in examples/specs");
    return;
  }
  if (!doc.root->is_mapping()) {
    sink.add_at(doc.root.get(), "V102", "",
                fmt::format("the top level of the spec must be a mapping, found {}",
                            describe(doc.root->kind)),
                "the top level maps schema_version, system, databases, entities, components");
    return;
  }
  if (doc.documents > 1) {
    sink.add_at(doc.root.get(), "V118", "",
                fmt::format("the file holds {} YAML documents; only the first is validated",
                            doc.documents));
  }
  check_limits(*doc.root, sink);
  Walker walker(sink);
  walker.walk(*doc.root, spec_rule(), "");
  if (walker.over_budget()) {
    sink.add_at(doc.root.get(), "V117", "",
                fmt::format("the document expands to more than {} nodes", kNodeBudget),
                "remove alias chains that multiply the document");
    return;
  }
  check_schema_version(*doc.root, sink);
  check_database_dsns(*doc.root, sink);
  check_component_names(*doc.root, sink);
  check_table_and_index_names(*doc.root, sink);
  check_enum_values(*doc.root, sink);
}

}  // namespace v5validate::detail
