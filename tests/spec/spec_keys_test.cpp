// The spec format table (v5store/internal/spec_format.hpp) against docs/spec.md: every key the
// format has is documented and every documented key exists; the keys whose values are
// expanded from the environment are the ones the page lists. And `${VAR}` where a value
// varies per deployment, as the parser reads it.
#include "v5store/internal/spec_format.hpp"

#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "env_guard.hpp"
#include "expect_error.hpp"
#include "v5store/error.hpp"
#include "v5store/spec.hpp"

namespace {

using v5store::spec_format::Rule;
using v5store::spec_format::Shape;

std::string join(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

// The leaf keys of the table ("databases.<name>.pool.max_size", "components[i].cache.ttl_s"),
// and the subset whose values are expanded.
struct TableKeys {
  std::set<std::string> leaves;
  std::set<std::string> expanded;

  void walk(const Rule& rule, const std::string& path) {
    switch (rule.shape) {
      case Shape::mapping:
        for (const auto& key : rule.keys) walk(*key.rule, join(path, key.name));
        return;
      case Shape::named_map:
        walk(*rule.element, path + ".<name>");
        return;
      case Shape::sequence:
        if (rule.element->shape == Shape::mapping) {
          walk(*rule.element, path + "[i]");
          return;
        }
        break;  // a list of scalars is a leaf
      default:
        break;
    }
    leaves.insert(path);
    if (rule.expand) expanded.insert(path);
  }
};

// The keys docs/spec.md documents: the rows of its "| Key | Type | Default | Meaning |" tables
// under "### `section`" headings (or a "`section`:" line), map-typed rows left out.
struct DocumentedKeys {
  std::set<std::string> leaves;
  std::set<std::string> expanded;

  explicit DocumentedKeys(std::istream& in) {
    static const std::regex kHeading(R"(^#{2,3} `([^`]+)`\s*$)");
    static const std::regex kSectionLine(R"(^`([^`]+)`:\s*$)");
    static const std::regex kRow(R"(^\| ((?:`[^`]+`(?:, )?)+) \| ([^|]*) \|)");
    static const std::regex kCode(R"(`([^`]+)`)");
    std::string section;
    bool key_table = false;
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (line == "## Top level") {
        section.clear();
      } else if (std::regex_match(line, m, kHeading) || std::regex_match(line, m, kSectionLine)) {
        section = m[1];
      } else if (line.rfind("| Key |", 0) == 0) {
        key_table = true;
      } else if (line.rfind("|", 0) != 0) {
        key_table = false;
      }
      if (line.rfind("Expanded keys:", 0) == 0) {
        for (std::sregex_iterator it(line.begin(), line.end(), kCode), end; it != end; ++it) {
          expanded.insert((*it)[1]);
        }
      }
      if (!key_table || !std::regex_search(line, m, kRow)) continue;
      const std::string keys = m[1];
      const std::string type = m[2];
      if (type.rfind("map", 0) == 0 || std::regex_search(type, std::regex("^list of .* maps"))) {
        continue;  // a section of its own
      }
      for (std::sregex_iterator it(keys.begin(), keys.end(), kCode), end; it != end; ++it) {
        leaves.insert(join(section, (*it)[1].str()));
      }
    }
  }
};

std::string listed(const std::set<std::string>& keys) {
  std::string out;
  for (const auto& key : keys) out += "\n  " + key;
  return out;
}

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> out;
  for (const auto& key : a) {
    if (b.count(key) == 0) out.insert(key);
  }
  return out;
}

class SpecKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    table_.walk(v5store::spec_format::spec_rule(), "");
    std::ifstream in(std::string(V5_SOURCE_DIR) + "/docs/spec.md");
    ASSERT_TRUE(in) << "cannot read docs/spec.md";
    docs_ = std::make_unique<DocumentedKeys>(in);
  }

  TableKeys table_;
  std::unique_ptr<DocumentedKeys> docs_;
};

TEST_F(SpecKeys, EveryKeyOfTheFormatIsDocumented) {
  ASSERT_GT(table_.leaves.size(), 50u);
  EXPECT_EQ(minus(table_.leaves, docs_->leaves), std::set<std::string>{})
      << "keys the format has but docs/spec.md does not document:"
      << listed(minus(table_.leaves, docs_->leaves));
}

TEST_F(SpecKeys, EveryDocumentedKeyExistsInTheFormat) {
  ASSERT_GT(docs_->leaves.size(), 50u);
  EXPECT_EQ(minus(docs_->leaves, table_.leaves), std::set<std::string>{})
      << "keys docs/spec.md documents but the format does not have:"
      << listed(minus(docs_->leaves, table_.leaves));
}

TEST_F(SpecKeys, ExpandedKeysAreTheOnesTheDocsList) {
  EXPECT_EQ(table_.expanded, docs_->expanded);
  EXPECT_EQ(table_.expanded.count("databases.<name>.backend"), 1u);
}

TEST(SpecKeyLookup, FindsRulesByPath) {
  using v5store::spec_format::rule_at;
  ASSERT_NE(rule_at("databases.main.pool.max_size"), nullptr);
  EXPECT_EQ(rule_at("databases.main.pool.max_size")->shape, Shape::integer);
  ASSERT_NE(rule_at("components[3].cache.ttl_s"), nullptr);
  ASSERT_NE(rule_at("entities.order.fields.id.type"), nullptr);
  EXPECT_TRUE(rule_at("databases.x.backend")->expand);
  EXPECT_FALSE(rule_at("entities.order.table")->expand);
  EXPECT_EQ(rule_at("databases.main.colour"), nullptr);
  EXPECT_EQ(rule_at("components.name"), nullptr);
}

// What a user writes to move an app from SQLite to PostgreSQL without a second spec file.
constexpr const char* kDeploymentSpec = R"(schema_version: 1
system: { name: inventory }
databases:
  main:
    backend: "${INV_BACKEND:-sqlite}"
    dsn: "${INV_DSN:-inventory.db}"
entities:
  item:
    fields:
      id: { type: int64, primary_key: true }
monitoring: { listen: "${INV_LISTEN:-127.0.0.1:9464}" }
migrations: { mode: versioned, dir: "${INV_MIGRATIONS:-migrations}" }
)";

TEST(SpecFromEnvironment, DefaultsApplyWhenVariablesAreUnset) {
  v5test::EnvGuard backend("INV_BACKEND", std::nullopt);
  v5test::EnvGuard listen("INV_LISTEN", std::nullopt);
  v5test::EnvGuard dir("INV_MIGRATIONS", std::nullopt);
  const v5store::SystemSpec spec = v5store::parse_spec_string(kDeploymentSpec, "inv.yaml");
  EXPECT_EQ(spec.databases.at(0).backend, v5store::BackendKind::sqlite);
  EXPECT_EQ(spec.monitoring.listen, "127.0.0.1:9464");
  EXPECT_EQ(spec.migrations.dir, "migrations");
}

TEST(SpecFromEnvironment, VariablesChooseBackendListenAndDirectory) {
  v5test::EnvGuard backend("INV_BACKEND", "postgresql");
  v5test::EnvGuard dsn("INV_DSN", "host=db.internal dbname=inv");
  v5test::EnvGuard listen("INV_LISTEN", "0.0.0.0:9100");
  v5test::EnvGuard dir("INV_MIGRATIONS", "/srv/inv/migrations");
  const v5store::SystemSpec spec = v5store::parse_spec_string(kDeploymentSpec, "inv.yaml");
  EXPECT_EQ(spec.databases.at(0).backend, v5store::BackendKind::postgresql);
  EXPECT_EQ(spec.databases.at(0).dsn, "host=db.internal dbname=inv");
  EXPECT_EQ(spec.monitoring.listen, "0.0.0.0:9100");
  EXPECT_EQ(spec.migrations.dir, "/srv/inv/migrations");
}

TEST(SpecFromEnvironment, UnsetVariableWithoutDefaultIsNamed) {
  v5test::EnvGuard unset("INV_NEVER_SET_BACKEND", std::nullopt);
  const std::string yaml =
      "schema_version: 1\nsystem: { name: inv }\ndatabases:\n  main:\n"
      "    backend: \"${INV_NEVER_SET_BACKEND}\"\n    dsn: inv.db\n";
  const std::string message = v5test::expect_error(
      [&] { v5store::parse_spec_string(yaml, "inv.yaml"); }, v5store::ErrorCode::config,
      "INV_NEVER_SET_BACKEND");
  EXPECT_EQ(message.rfind("inv.yaml:5:14: databases.main.backend: ", 0), 0u) << message;
}

TEST(SpecFromEnvironment, ExpandedBackendMustStillBeKnown) {
  v5test::EnvGuard backend("INV_BACKEND", "oracle");
  v5test::expect_error([&] { v5store::parse_spec_string(kDeploymentSpec, "inv.yaml"); },
                       v5store::ErrorCode::config, "unknown backend \"oracle\"");
}

TEST(SpecFromEnvironment, KeysThatDoNotVaryAreTakenAsWritten) {
  const std::string yaml =
      "schema_version: 1\nsystem: { name: inv }\nentities:\n  item:\n"
      "    table: \"${NOT_EXPANDED}\"\n    fields:\n      id: { type: int64 }\n";
  const v5store::SystemSpec spec = v5store::parse_spec_string(yaml, "inv.yaml");
  EXPECT_EQ(spec.entities.at(0).table, "${NOT_EXPANDED}");
}

}  // namespace

namespace {

// The backticked words of the docs/spec.md row that documents `key_path` (under the heading
// of the longest section that prefixes it, e.g. `components[i]` + `transactions.isolation`).
std::set<std::string> documented_values(const std::string& key_path) {
  static const std::regex kHeading(R"(^#{2,3} `([^`]+)`\s*$)");
  static const std::regex kCode(R"(`([^`]+)`)");
  std::ifstream in(std::string(V5_SOURCE_DIR) + "/docs/spec.md");
  std::set<std::string> values;
  std::string row_key;
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, kHeading)) {
      const std::string section = m[1];
      row_key = key_path.rfind(section + ".", 0) == 0 ? key_path.substr(section.size() + 1) : "";
    } else if (line.rfind("## ", 0) == 0) {
      row_key = key_path.find('.') == std::string::npos ? key_path : "";
    }
    if (row_key.empty() || line.rfind("| `" + row_key + "` |", 0) != 0) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), kCode), end; it != end; ++it) {
      values.insert((*it)[1]);
    }
  }
  return values;
}

// A spec whose `key` line is `value`; the rest is the smallest spec the parser reads.
std::string spec_with(const std::string& path, const std::string& value) {
  std::string yaml =
      "schema_version: 1\nsystem: { name: v }\n"
      "databases:\n  main: { backend: BACKEND, dsn: v.db, pooler: POOLER,\n"
      "          read_your_writes: READ_YOUR_WRITES }\n"
      "entities:\n  item:\n    fields:\n      id: { type: TYPE, primary_key: true }\n"
      "      owner: { type: int64, references: item.id, on_delete: ON_DELETE }\n"
      "    foreign_keys:\n      - { fields: [owner], references: item, on_delete: KEY_DELETE_RULE }\n"
      "components:\n  - { name: items, type: COMPONENT, entity: item, database: main,\n"
      "      read_from: READ_FROM,\n"
      "      transactions: { isolation: ISOLATION } }\n"
      "migrations: { mode: MODE }\n";
  const std::pair<const char*, const char*> slots[] = {
      {"databases.<name>.backend", "BACKEND"},
      {"databases.<name>.pooler", "POOLER"},
      {"databases.<name>.read_your_writes", "READ_YOUR_WRITES"},
      {"components[i].read_from", "READ_FROM"},
      {"entities.<name>.fields.<name>.type", "TYPE"},
      {"entities.<name>.fields.<name>.on_delete", "ON_DELETE"},
      {"entities.<name>.foreign_keys[i].on_delete", "KEY_DELETE_RULE"},
      {"components[i].type", "COMPONENT"},
      {"components[i].transactions.isolation", "ISOLATION"},
      {"migrations.mode", "MODE"}};
  const std::pair<const char*, const char*> defaults[] = {
      {"BACKEND", "sqlite"},  {"POOLER", "none"},       {"READ_YOUR_WRITES", "position"},
      {"TYPE", "int64"},      {"READ_FROM", "primary"},
      {"ON_DELETE", "cascade"}, {"KEY_DELETE_RULE", "cascade"}, {"COMPONENT", "store"},
      {"ISOLATION", "default"},
      {"MODE", "declarative"}};
  for (const auto& [slot, fallback] : defaults) {
    std::string text = fallback;
    for (const auto& [key, name] : slots) {
      if (key == path && std::string(name) == slot) text = value;
    }
    yaml.replace(yaml.find(slot), std::string(slot).size(), text);
  }
  return yaml;
}

// The choice keys of the table, with their allowed values.
std::vector<std::pair<std::string, std::vector<std::string_view>>> choice_keys() {
  std::vector<std::pair<std::string, std::vector<std::string_view>>> out;
  std::function<void(const Rule&, const std::string&)> walk = [&](const Rule& rule,
                                                                 const std::string& path) {
    if (rule.shape == Shape::mapping) {
      for (const auto& key : rule.keys) walk(*key.rule, join(path, key.name));
    } else if (rule.shape == Shape::named_map) {
      walk(*rule.element, path + ".<name>");
    } else if (rule.shape == Shape::sequence) {
      walk(*rule.element, path + "[i]");
    } else if (rule.shape == Shape::choice) {
      out.emplace_back(path, rule.choices);
    }
  };
  walk(v5store::spec_format::spec_rule(), "");
  return out;
}

TEST(SpecChoices, TheParserAcceptsEveryValueTheFormatAllows) {
  const auto keys = choice_keys();
  ASSERT_EQ(keys.size(), 10u);
  for (const auto& [path, values] : keys) {
    for (std::string_view value : values) {
      const std::string yaml = spec_with(path, std::string(value));
      EXPECT_NO_THROW(v5store::parse_spec_string(yaml, "choices.yaml"))
          << path << ": " << value << "\n" << yaml;
    }
  }
}

TEST(SpecChoices, TheParserRefusesAValueTheFormatDoesNotAllow) {
  for (const auto& [path, values] : choice_keys()) {
    if (path == "components[i].type") continue;  // read as text; level 1 checks it (V112)
    const std::string key = path;  // clang 14 cannot capture a structured binding
    v5test::expect_error(
        [&] { v5store::parse_spec_string(spec_with(key, "no_such_value"), "choices.yaml"); },
        v5store::ErrorCode::config, "no_such_value");
  }
}

TEST(SpecChoices, TheDocsNameEveryAllowedValue) {
  for (const auto& [path, values] : choice_keys()) {
    if (path == "entities.<name>.fields.<name>.type") continue;  // its own table of types
    const std::set<std::string> documented = documented_values(path);
    for (std::string_view value : values) {
      EXPECT_EQ(documented.count(std::string(value)), 1u)
          << "docs/spec.md does not name " << value << " for " << path;
    }
  }
}

}  // namespace

// Every mapping of the table at once: the parser binds each of them to the table when it first
// reads it (a key in one and not the other throws std::logic_error), and reads by its rules.
constexpr const char* kEveryMapping = R"(schema_version: 1
system: { name: shop, version: 3, description: a shop }
databases:
  main:
    backend: postgres
    dsn: "host=db dbname=shop"
    pool: { max_size: 7, leak_detection_ms: 50 }
entities:
  order:
    table: orders
    fields:
      id: { type: int64, primary_key: true, example: 7 }
      state: { type: enum, values: [open, paid], on_delete: set_null }
    indexes:
      - { fields: [state] }
components:
  - name: orders
    type: store
    entity: order
    database: main
    cache: { max_entries: 100, ttl_s: 5 }
    transactions: { isolation: serializable, max_retries: 1 }
monitoring:
  listen: "127.0.0.1:9000"
  categories: { pool: { warning: 0.5, critical_category: true } }
migrations: { mode: versioned, owns_schema: true, ignore: [tmp_*] }
)";

TEST(SpecParserTable, ReadsEveryMappingOfTheTable) {
  const v5store::SystemSpec spec = v5store::parse_spec_string(kEveryMapping, "every.yaml");
  EXPECT_EQ(spec.version, 3);
  EXPECT_EQ(spec.databases.at(0).backend, v5store::BackendKind::postgresql);
  EXPECT_EQ(spec.databases.at(0).pool.leak_detection_ms, 50);
  const v5store::EntitySpec& order = spec.entities.at(0);
  EXPECT_EQ(order.table, "orders");
  EXPECT_EQ(order.fields.at(0).example, "7");
  EXPECT_EQ(order.fields.at(1).on_delete, v5store::OnDelete::set_null);
  EXPECT_EQ(order.indexes.at(0).name, "ix_orders_state");
  EXPECT_EQ(spec.components.at(0).cache.max_entries, 100u);
  EXPECT_EQ(spec.components.at(0).transactions.isolation, v5store::IsolationLevel::serializable);
  EXPECT_TRUE(spec.monitoring.listen_set);
  EXPECT_TRUE(spec.monitoring.categories.at("pool").critical_category);
  EXPECT_EQ(spec.migrations.mode, v5store::MigrationMode::versioned);
  EXPECT_EQ(spec.migrations.ignore, std::vector<std::string>{"tmp_*"});
}

TEST(SpecParserTable, ChoiceMessagesListTheTableNamesWithoutAliases) {
  v5test::expect_error(
      [] {
        v5store::parse_spec_string(
            "databases:\n  main: { backend: oracle, dsn: x }\n", "alias.yaml");
      },
      v5store::ErrorCode::config,
      "alias.yaml:2:20: databases.main.backend: unknown backend \"oracle\" (expected sqlite, "
      "postgresql or mysql)");
  v5test::expect_error(
      [] {
        v5store::parse_spec_string("migrations: { mode: sideways }\n", "mode.yaml");
      },
      v5store::ErrorCode::config,
      "mode.yaml:1:21: migrations.mode: unknown mode \"sideways\" (expected declarative or "
      "versioned)");
}
