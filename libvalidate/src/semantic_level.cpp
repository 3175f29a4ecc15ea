#include "semantic_level.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dsn_syntax.hpp"
#include "reserved_words.hpp"
#include "v5store/internal/names.hpp"

namespace v5validate::detail {

namespace {

using v5store::BackendKind;
using v5store::EntitySpec;
using v5store::FieldSpec;
using v5store::FieldType;
using v5store::SystemSpec;
using v5store::detail::table_name;

std::set<BackendKind> configured_backends(const SystemSpec& spec) {
  std::set<BackendKind> backends;
  for (const auto& database : spec.databases) backends.insert(database.backend);
  return backends;
}

// True when an index (or the primary key, or a unique constraint) starts with `field`.
bool is_indexed(const EntitySpec& entity, const FieldSpec& field) {
  const auto key = entity.primary_key();
  if (!key.empty() && key.front()->name == field.name) return true;
  if (field.unique) return true;
  return std::any_of(entity.indexes.begin(), entity.indexes.end(), [&](const auto& index) {
    return !index.fields.empty() && index.fields.front() == field.name;
  });
}

// True when the primary key or an index begins with all of `fields`, in any order (a lookup
// by every one of them can use it): the index a composite foreign key needs.
bool is_indexed(const EntitySpec& entity, const std::vector<std::string>& fields) {
  const auto begins_with_fields = [&](std::vector<std::string> columns) {
    if (columns.size() < fields.size()) return false;
    columns.resize(fields.size());
    return std::is_permutation(columns.begin(), columns.end(), fields.begin());
  };
  std::vector<std::string> key;
  for (const FieldSpec* field : entity.primary_key()) key.push_back(field->name);
  if (begins_with_fields(key)) return true;
  return std::any_of(entity.indexes.begin(), entity.indexes.end(),
                     [&](const auto& index) { return begins_with_fields(index.fields); });
}

// True when the field takes part in a key, a unique constraint or an index.
bool is_in_any_index(const EntitySpec& entity, const FieldSpec& field) {
  if (field.primary_key || field.unique) return true;
  return std::any_of(entity.indexes.begin(), entity.indexes.end(), [&](const auto& index) {
    return std::find(index.fields.begin(), index.fields.end(), field.name) != index.fields.end();
  });
}

// V401 (PostgreSQL, MySQL) / V402 (SQLite): a name is a reserved word of a configured backend.
void check_reserved_name(const std::set<BackendKind>& backends, std::string_view name,
                         std::string_view what, const std::string& path, Sink& sink) {
  std::vector<std::string> hard;
  bool sqlite = false;
  for (BackendKind backend : backends) {
    if (!is_reserved_word(backend, name)) continue;
    if (backend == BackendKind::sqlite) {
      sqlite = true;
    } else {
      hard.emplace_back(v5store::to_string(backend));
    }
  }
  if (!hard.empty()) {
    sink.add("V401", path,
             fmt::format("{} `{}` is a reserved word of {}", what, name, fmt::join(hard, " and ")),
             fmt::format("rename it, e.g. `{}s` or `{}_value`", name, name));
  } else if (sqlite) {
    sink.add("V402", path, fmt::format("{} `{}` is an SQLite keyword", what, name),
             "rename it; it works only quoted");
  }
}

void check_reserved_words(const SystemSpec& spec, const std::set<BackendKind>& backends,
                          Sink& sink) {
  for (const auto& entity : spec.entities) {
    check_reserved_name(backends, table_name(entity), "table name",
                        entity.table.empty() ? fmt::format("entities.{}", entity.name)
                                             : fmt::format("entities.{}.table", entity.name),
                        sink);
    for (const auto& field : entity.fields) {
      // A `column:` maps an existing column, which is always quoted: not a name v5store chose.
      if (!field.column.empty()) continue;
      check_reserved_name(backends, field.name, "column name", field_path(entity, field), sink);
    }
    for (std::size_t i = 0; i < entity.indexes.size(); ++i) {
      const auto& index = entity.indexes[i];
      if (!index.name.empty()) {
        check_reserved_name(backends, index.name, "index name",
                            fmt::format("entities.{}.indexes[{}].name", entity.name, i), sink);
      }
    }
  }
}

// V403: a type or constraint a configured backend cannot represent.
void check_type_portability(const SystemSpec& spec, const std::set<BackendKind>& backends,
                            Sink& sink) {
  if (backends.count(BackendKind::mysql) == 0) return;
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      const std::string path = field_path(entity, field);
      const bool long_type = field.type == FieldType::text || field.type == FieldType::bytes ||
                             field.type == FieldType::json;
      if (long_type && is_in_any_index(entity, field)) {
        sink.add("V403", path,
                 fmt::format("{}.{} is {} and part of a key or index; MySQL/MariaDB cannot index "
                             "TEXT, BLOB or JSON columns without a prefix length",
                             entity.name, field.name, v5store::to_string(field.type)),
                 "use string with a max_length for indexed values");
      }
      if (field.type == FieldType::string && field.max_length && *field.max_length > 16383) {
        sink.add("V403", path + ".max_length",
                 fmt::format("{}.{} has max_length {}; a MySQL/MariaDB VARCHAR in utf8mb4 holds "
                             "at most 16383 characters",
                             entity.name, field.name, *field.max_length),
                 "use type text for long values");
      }
      if (field.type == FieldType::decimal && (field.precision > 65 || field.scale > 30)) {
        sink.add("V403", path + ".precision",
                 fmt::format("{}.{} is decimal({},{}); MySQL allows precision <= 65 and "
                             "scale <= 30",
                             entity.name, field.name, field.precision, field.scale),
                 "lower precision and scale");
      }
    }
  }
}

// V404: a type that behaves differently on a configured backend.
void check_type_behaviour(const SystemSpec& spec, const std::set<BackendKind>& backends,
                          Sink& sink) {
  if (backends.count(BackendKind::sqlite) == 0) return;
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      if (field.type == FieldType::decimal && backends.size() > 1) {
        sink.add("V404", field_path(entity, field),
                 fmt::format("{}.{} is decimal: exact on PostgreSQL and MySQL, stored as text on "
                             "SQLite, where SUM and comparisons in SQL are not exact",
                             entity.name, field.name),
                 "compute with decimals in the application, not in SQL, on SQLite");
      }
    }
  }
}

// V405: a foreign key (a field's `references`, or an entry of `foreign_keys`, composite ones
// included) without an index starting with its fields.
void check_foreign_key_indexes(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      if (!field.references_entity || is_indexed(entity, field)) continue;
      sink.add("V405", field_path(entity, field),
               fmt::format("foreign key {}.{} has no index; deletes in {} and joins scan {}",
                           entity.name, field.name, *field.references_entity, table_name(entity)),
               fmt::format("add `- {{ fields: [{}] }}` to entities.{}.indexes", field.name,
                           entity.name));
    }
    for (std::size_t i = 0; i < entity.foreign_keys.size(); ++i) {
      const v5store::ForeignKeySpec& key = entity.foreign_keys[i];
      const FieldSpec* single =
          key.fields.size() == 1 ? entity.find_field(key.fields.front()) : nullptr;
      if (key.fields.empty() || (single != nullptr && is_indexed(entity, *single)) ||
          is_indexed(entity, key.fields)) {
        continue;
      }
      const std::string fields = fmt::format("{}", fmt::join(key.fields, ", "));
      sink.add(
          "V405", fmt::format("entities.{}.foreign_keys[{}]", entity.name, i),
          fmt::format("foreign key {}({}) has no index; deletes in {} and joins scan {}",
                      entity.name, fields, key.references, table_name(entity)),
          fmt::format("add `- {{ fields: [{}] }}` to entities.{}.indexes", fields, entity.name));
    }
  }
}

// V406: unique on a nullable column.
void check_nullable_unique(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      if (field.unique && field.nullable) {
        sink.add("V406", field_path(entity, field) + ".unique",
                 fmt::format("{}.{} is unique and nullable: every backend allows any number of "
                             "NULLs in it",
                             entity.name, field.name),
                 "make it not nullable if one NULL at most is meant");
      }
    }
  }
}

// V407: pool max_size against connections = cores * 2 + spindles.
void check_pool_sizing(const SystemSpec& spec, const Options& options, Sink& sink) {
  const int cores = options.server_cores > 0
                        ? options.server_cores
                        : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const int limit = cores * 2 + std::max(0, options.server_spindles);
  for (const auto& database : spec.databases) {
    if (database.pool.max_size > limit) {
      sink.add(
          "V407", fmt::format("databases.{}.pool.max_size", database.name),
          fmt::format("pool of {} has max_size {}, more than cores x 2 + spindles = {} "
                      "({} cores, {} spindles)",
                      database.name, database.pool.max_size, limit, cores, options.server_spindles),
          fmt::format("lower max_size to {} or less", limit));
    }
  }
}

std::vector<std::string> name_parts(std::string_view name) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : name) {
    if (c == '_') {
      if (!part.empty()) parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  if (!part.empty()) parts.push_back(part);
  return parts;
}

// V408: a field named like a secret, stored as a plain string.
void check_sensitive_fields(const SystemSpec& spec, Sink& sink) {
  static const std::set<std::string> kSecret = {"password", "passwd",     "pwd",        "secret",
                                                "token",    "ssn",        "cvv",        "cvc",
                                                "pin",      "passphrase", "cardnumber", "apikey"};
  static const std::set<std::string> kProtected = {
      "hash",   "hashed", "digest",  "encrypted", "enc",  "cipher", "ciphertext", "salt",
      "masked", "last4",  "expires", "expiry",    "type", "count",  "id"};
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      if (field.type != FieldType::string && field.type != FieldType::text) continue;
      const auto parts = name_parts(field.name);
      bool secret = false;
      bool protection = false;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        secret = secret || kSecret.count(parts[i]) > 0;
        protection = protection || kProtected.count(parts[i]) > 0;
        if (i + 1 < parts.size()) {
          const std::string pair = parts[i] + parts[i + 1];
          secret = secret || pair == "cardnumber" || pair == "creditcard" || pair == "apikey" ||
                   pair == "privatekey" || pair == "cardno";
        }
      }
      if (secret && !protection) {
        sink.add("V408", field_path(entity, field),
                 fmt::format("{}.{} looks like a secret and is stored as a plain {}", entity.name,
                             field.name, v5store::to_string(field.type)),
                 "store a hash (e.g. " + field.name + "_hash) or an encrypted value");
      }
    }
  }
}

bool looks_plural(std::string_view name) {
  const std::string_view last =
      name.rfind('_') == std::string_view::npos ? name : name.substr(name.rfind('_') + 1);
  if (last.size() < 3 || last.back() != 's') return false;
  return !(last.ends_with("ss") || last.ends_with("us") || last.ends_with("is"));
}

// V409: table names mix singular and plural.
void check_table_naming(const SystemSpec& spec, Sink& sink) {
  std::vector<const EntitySpec*> plural;
  std::vector<const EntitySpec*> singular;
  for (const auto& entity : spec.entities) {
    (looks_plural(table_name(entity)) ? plural : singular).push_back(&entity);
  }
  if (plural.empty() || singular.empty()) return;
  const auto& minority = plural.size() < singular.size() ? plural : singular;
  const auto& majority = plural.size() < singular.size() ? singular : plural;
  std::vector<std::string> names;
  for (const auto* e : minority) names.push_back(table_name(*e));
  const EntitySpec& first = *minority.front();
  const bool minority_plural = &minority == &plural;
  sink.add("V409",
           first.table.empty() ? fmt::format("entities.{}", first.name)
                               : fmt::format("entities.{}.table", first.name),
           fmt::format("table names mix singular and plural: {} {} {}, {} other{} {} {}",
                       fmt::join(names, ", "), names.size() == 1 ? "is" : "are",
                       minority_plural ? "plural" : "singular", majority.size(),
                       majority.size() == 1 ? "" : "s", majority.size() == 1 ? "is" : "are",
                       minority_plural ? "singular" : "plural"),
           "pick one convention and set table: where the entity name differs");
}

// V410: foreign-key names mix the _id suffix and bare names.
void check_foreign_key_naming(const SystemSpec& spec, Sink& sink) {
  std::vector<std::string> with_id;
  std::vector<std::string> without_id;
  std::string first_without;
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      // A key named like the field it references (sku -> product.sku) follows either style.
      if (!field.references_entity || field.name == field.references_field) continue;
      if (field.name.ends_with("_id")) {
        with_id.push_back(entity.name + "." + field.name);
      } else {
        if (first_without.empty()) first_without = field_path(entity, field);
        without_id.push_back(entity.name + "." + field.name);
      }
    }
  }
  if (with_id.empty() || without_id.empty()) return;
  sink.add("V410", first_without,
           fmt::format("foreign keys {} end in _id but {} do not", fmt::join(with_id, ", "),
                       fmt::join(without_id, ", ")),
           "name foreign keys consistently, e.g. <entity>_id");
}

// V411: primary keys mix `id` and `<entity>_id`.
void check_primary_key_naming(const SystemSpec& spec, Sink& sink) {
  std::vector<const EntitySpec*> plain;
  std::vector<const EntitySpec*> prefixed;
  for (const auto& entity : spec.entities) {
    const auto key = entity.primary_key();
    if (key.size() != 1) continue;
    if (key.front()->name == "id") plain.push_back(&entity);
    if (key.front()->name == entity.name + "_id") prefixed.push_back(&entity);
  }
  if (plain.empty() || prefixed.empty()) return;
  const EntitySpec& first = *prefixed.front();
  sink.add("V411", field_path(first, *first.primary_key().front()),
           fmt::format("{} entit{} name the primary key `id`, {} name it `<entity>_id`",
                       plain.size(), plain.size() == 1 ? "y" : "ies", prefixed.size()),
           "pick one convention");
}

// V412: an entity no component uses.
void check_unused_entities(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    const bool used = std::any_of(spec.components.begin(), spec.components.end(),
                                  [&](const auto& c) { return c.entity == entity.name; });
    if (!used) {
      sink.add("V412", fmt::format("entities.{}", entity.name),
               fmt::format("no component uses entity `{}`", entity.name),
               fmt::format("add `- {{ name: {}s, type: store, entity: {}, database: ... }}` to "
                           "components, or remove the entity",
                           entity.name, entity.name));
    }
  }
}

// V413: an isolation level the component's backend does not provide as such.
void check_isolation_levels(const SystemSpec& spec, Sink& sink) {
  using v5store::IsolationLevel;
  for (std::size_t i = 0; i < spec.components.size(); ++i) {
    const auto& component = spec.components[i];
    const auto* database = spec.find_database(component.database);
    const IsolationLevel level = component.transactions.isolation;
    if (database == nullptr || level == IsolationLevel::default_level) continue;
    std::string note;
    if (database->backend == BackendKind::sqlite && level != IsolationLevel::serializable) {
      note = "SQLite transactions are always serializable";
    } else if (database->backend == BackendKind::postgresql &&
               level == IsolationLevel::read_uncommitted) {
      note = "PostgreSQL runs read_uncommitted as read_committed";
    }
    if (!note.empty()) {
      sink.add("V413", fmt::format("components[{}].transactions.isolation", i),
               fmt::format("component `{}` asks for an isolation level its database `{}` does "
                           "not provide as such: {}",
                           component.name, database->name, note),
               "declare the level the backend really runs");
    }
  }
}

// The host part of a "host:port" listen address; empty for every interface.
std::string listen_host(const std::string& listen) { return listen.substr(0, listen.rfind(':')); }

bool is_loopback(const std::string& host) {
  return host.rfind("127.", 0) == 0 || host == "localhost" || host == "::1" || host == "[::1]";
}

std::string interface_name(const std::string& host) {
  return host.empty() || host == "*" ? std::string("every interface") : host;
}

// V414: monitoring reachable beyond loopback without a bearer token.
void check_monitoring_exposure(const SystemSpec& spec, Sink& sink) {
  const auto& monitoring = spec.monitoring;
  if (!monitoring.enabled || !monitoring.bearer_token.empty()) return;
  const std::string host = listen_host(monitoring.listen);
  if (!is_loopback(host)) {
    sink.add("V414", "monitoring.listen",
             fmt::format("monitoring listens on {} without a bearer_token: /health details are "
                         "open to the network",
                         interface_name(host)),
             "set monitoring.bearer_token or listen on 127.0.0.1");
  }
}

// V416: an api component reachable beyond loopback without a bearer token.
void check_api_exposure(const SystemSpec& spec, Sink& sink) {
  for (const auto& api : spec.apis) {
    if (!api.bearer_token.empty()) continue;
    const std::string host = listen_host(api.listen);
    if (is_loopback(host)) continue;
    sink.add("V416", fmt::format("components[{}].listen", api.position),
             fmt::format("api component `{}` listens on {} without auth.bearer_token: anyone "
                         "who reaches it can read and write the rows of {}",
                         api.name, interface_name(host), fmt::join(api.stores, ", ")),
             "set auth: { bearer_token: \"${API_TOKEN}\" } or listen on 127.0.0.1");
  }
}

// V415: a literal password in a DSN (dsn, migration_dsn or a replica's dsn).
void check_literal_passwords(const SystemSpec& spec, Sink& sink) {
  for (const auto& database : spec.databases) {
    for (const v5store::DsnTemplate& dsn : v5store::dsn_templates(database)) {
      if (!has_literal_password(*dsn.text)) continue;
      sink.add(
          "V415", fmt::format("databases.{}.{}", database.name, dsn.key),
          fmt::format("the {} of database `{}` holds a literal password", dsn.key, database.name),
          "write password=${DB_PASSWORD} and set the variable in the environment");
    }
  }
}

}  // namespace

void SemanticLevel::run(Context& ctx) const {
  if (!ctx.spec) return;
  const SystemSpec& spec = *ctx.spec;
  Sink& sink = ctx.sink;
  const auto backends = configured_backends(spec);
  check_reserved_words(spec, backends, sink);
  check_type_portability(spec, backends, sink);
  check_type_behaviour(spec, backends, sink);
  check_foreign_key_indexes(spec, sink);
  check_nullable_unique(spec, sink);
  check_pool_sizing(spec, ctx.options, sink);
  check_sensitive_fields(spec, sink);
  check_table_naming(spec, sink);
  check_foreign_key_naming(spec, sink);
  check_primary_key_naming(spec, sink);
  check_unused_entities(spec, sink);
  check_isolation_levels(spec, sink);
  check_monitoring_exposure(spec, sink);
  check_api_exposure(spec, sink);
  check_literal_passwords(spec, sink);
}

}  // namespace v5validate::detail
