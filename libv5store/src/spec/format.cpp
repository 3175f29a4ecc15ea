// The spec format as data: one Rule per key of format version 1.
#include "v5store/internal/spec_format.hpp"

#include <algorithm>

namespace v5store::spec_format {

namespace {

Rule scalar(Shape shape) {
  Rule rule;
  rule.shape = shape;
  return rule;
}

Rule integer(std::int64_t min, std::int64_t max) {
  Rule rule = scalar(Shape::integer);
  rule.min = min;
  rule.max = max;
  return rule;
}

Rule choice(std::vector<std::string_view> choices, std::string_view code = "V112") {
  Rule rule = scalar(Shape::choice);
  rule.choices = std::move(choices);
  rule.code = code;
  return rule;
}

Rule mapping(std::vector<KeyRule> keys) {
  Rule rule = scalar(Shape::mapping);
  rule.keys = std::move(keys);
  return rule;
}

Rule named_map(const Rule* element, bool non_empty, std::vector<std::string_view> names = {}) {
  Rule rule = scalar(Shape::named_map);
  rule.element = element;
  rule.non_empty = non_empty;
  rule.choices = std::move(names);
  return rule;
}

// A scalar rule whose value may come from the environment.
Rule from_env(Rule rule) {
  rule.expand = true;
  return rule;
}

// A scalar rule whose value is never shown in a message.
Rule secret(Rule rule) {
  rule.secret = true;
  return rule;
}

Rule sequence(const Rule* element, bool non_empty) {
  Rule rule = scalar(Shape::sequence);
  rule.element = element;
  rule.non_empty = non_empty;
  return rule;
}

struct Schema {
  Rule string = scalar(Shape::string);
  Rule identifier = scalar(Shape::identifier);
  Rule sql_name = scalar(Shape::sql_name);
  Rule boolean = scalar(Shape::boolean);
  Rule number = scalar(Shape::number);
  Rule any_scalar = scalar(Shape::any_scalar);
  Rule dsn = secret(from_env(scalar(Shape::dsn)));
  Rule token = secret(from_env(scalar(Shape::string)));
  Rule directory = from_env(scalar(Shape::string));
  Rule references = scalar(Shape::references);
  Rule pattern = scalar(Shape::pattern);
  Rule listen = from_env(scalar(Shape::listen));
  Rule schema_version = scalar(Shape::integer);
  Rule positive = integer(1, 1'000'000'000);
  Rule non_negative = integer(0, 1'000'000'000);
  Rule pool_size = integer(1, 100'000);
  Rule length = integer(0, 1'073'741'824);
  Rule digits = integer(0, 1000);
  Rule backend =
      from_env(choice({"sqlite", "postgresql", "mysql", "sqlite3", "postgres", "mariadb"}, "V110"));
  Rule field_type = choice({"bool", "int32", "int64", "float64", "decimal", "string", "text",
                            "bytes", "date", "timestamp", "uuid", "json", "enum", "opaque"},
                           "V111");
  Rule on_delete = choice({"cascade", "restrict", "set_null", "no_action"});
  Rule isolation =
      choice({"default", "read_uncommitted", "read_committed", "repeatable_read", "serializable"});
  Rule component_type = choice({"store", "api"});
  Rule read_from = choice({"primary", "replica"});
  Rule migration_mode = choice({"declarative", "versioned"});
  Rule identifier_list = sequence(&identifier, true);
  Rule scalar_list = sequence(&string, false);

  Rule system =
      mapping({{"name", &identifier, true}, {"version", &positive}, {"description", &string}});
  Rule pool = mapping({{"max_size", &pool_size},
                       {"min_idle", &non_negative},
                       {"acquire_timeout_ms", &non_negative},
                       {"idle_timeout_s", &non_negative},
                       {"max_lifetime_s", &non_negative},
                       {"keepalive_s", &non_negative},
                       {"validation_timeout_ms", &non_negative},
                       {"leak_detection_ms", &non_negative}});
  Rule pooler = choice({"none", "pgbouncer"});
  Rule replica = mapping({{"dsn", &dsn, true}, {"pool", &pool}});
  Rule replicas = sequence(&replica, false);
  Rule read_your_writes = choice({"none", "sticky", "position"});
  Rule database = mapping({{"backend", &backend, true},
                           {"dsn", &dsn, true},
                           {"pooler", &pooler},
                           {"migration_dsn", &dsn},
                           {"pool", &pool},
                           {"replicas", &replicas},
                           {"read_your_writes", &read_your_writes},
                           {"read_your_writes_ms", &non_negative},
                           {"max_replica_lag_ms", &non_negative}});
  Rule databases = named_map(&database, true);
  Rule field = mapping({{"type", &field_type, true},
                        {"column", &sql_name},
                        {"sql_type", &string},
                        {"nullable", &boolean},
                        {"primary_key", &boolean},
                        {"generated", &boolean},
                        {"unique", &boolean},
                        {"default", &any_scalar},
                        {"default_sql", &string},
                        {"min", &number},
                        {"max", &number},
                        {"min_length", &length},
                        {"max_length", &length},
                        {"pattern", &pattern},
                        {"example", &any_scalar},
                        {"values", &scalar_list},
                        {"references", &references},
                        {"on_delete", &on_delete},
                        {"precision", &digits},
                        {"scale", &digits},
                        {"description", &string}});
  Rule fields = named_map(&field, true);
  Rule index =
      mapping({{"fields", &identifier_list, true}, {"unique", &boolean}, {"name", &identifier}});
  Rule indexes = sequence(&index, false);
  Rule foreign_key = mapping({{"fields", &identifier_list, true},
                              {"references", &identifier, true},
                              {"referenced_fields", &identifier_list},
                              {"on_delete", &on_delete}});
  Rule foreign_keys = sequence(&foreign_key, false);
  Rule entity = mapping({{"table", &sql_name},
                         {"fields", &fields, true},
                         {"indexes", &indexes},
                         {"foreign_keys", &foreign_keys},
                         {"read_only", &boolean},
                         {"description", &string}});
  Rule entities = named_map(&entity, true);
  Rule cache = mapping({{"max_entries", &non_negative}, {"ttl_s", &non_negative}});
  Rule transactions =
      mapping({{"isolation", &isolation}, {"max_retries", &non_negative}, {"read_only", &boolean}});
  Rule api_auth = mapping({{"bearer_token", &token}});
  Rule base_path = scalar(Shape::string);
  Rule body_bytes = integer(1, 1'073'741'824);
  // A component is a store (entity, database, cache, transactions) or an api (docs/api.md).
  Rule component = mapping({{"name", &identifier, true},
                            {"type", &component_type, true},
                            {"entity", &identifier, true, "store"},
                            {"database", &identifier, true, "store"},
                            {"cache", &cache, false, "store"},
                            {"transactions", &transactions, false, "store"},
                            {"read_from", &read_from, false, "store"},
                            {"stores", &identifier_list, true, "api"},
                            {"listen", &listen, false, "api"},
                            {"base_path", &base_path, false, "api"},
                            {"auth", &api_auth, false, "api"},
                            {"max_body_bytes", &body_bytes, false, "api"}});
  Rule components = sequence(&component, false);
  Rule category = mapping({{"interval_ms", &non_negative},
                           {"timeout_ms", &positive},
                           {"warning", &number},
                           {"critical", &number},
                           {"critical_category", &boolean}});
  Rule categories = named_map(&category, false,
                              {"connectivity", "pool", "query_performance", "schema_integrity",
                               "transactions", "storage", "backup", "security"});
  Rule monitoring = mapping({{"listen", &listen},
                             {"health_interval_ms", &positive},
                             {"bearer_token", &token},
                             {"enabled", &boolean},
                             {"categories", &categories}});
  Rule migrations = mapping({{"mode", &migration_mode},
                             {"dir", &directory},
                             {"owns_schema", &boolean},
                             {"ignore", &scalar_list}});
  Rule document = mapping({{"schema_version", &schema_version, true},
                           {"system", &system, true},
                           {"databases", &databases, true},
                           {"entities", &entities, true},
                           {"components", &components},
                           {"monitoring", &monitoring},
                           {"migrations", &migrations}});
};

}  // namespace

const Rule& spec_rule() {
  static const Schema schema;
  return schema.document;
}

const Rule* rule_at(std::string_view path) {
  const Rule* rule = &spec_rule();
  std::size_t i = 0;
  while (rule != nullptr && i < path.size()) {
    if (path[i] == '[') {  // "[n]": an item of a sequence
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos || rule->shape != Shape::sequence) return nullptr;
      rule = rule->element;
      i = close + 1;
    } else {
      const std::size_t end = std::min(path.find_first_of(".[", i), path.size());
      const std::string_view segment = path.substr(i, end - i);
      if (rule->shape == Shape::named_map) {
        rule = rule->element;
      } else if (rule->shape == Shape::mapping) {
        const auto key = std::find_if(rule->keys.begin(), rule->keys.end(),
                                      [&](const KeyRule& k) { return k.name == segment; });
        rule = key == rule->keys.end() ? nullptr : key->rule;
      } else {
        return nullptr;
      }
      i = end;
    }
    if (i < path.size() && path[i] == '.') ++i;
  }
  return rule;
}

}  // namespace v5store::spec_format
