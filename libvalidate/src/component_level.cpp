#include "component_level.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "generated_names.hpp"
#include "replica_checks.hpp"
#include "identifiers.hpp"
#include "v5validate/sample_values.hpp"
#include "value_syntax.hpp"

namespace v5validate::detail {

namespace {

using v5store::EntitySpec;
using v5store::FieldSpec;
using v5store::FieldType;
using v5store::SystemSpec;

bool is_integer_type(FieldType type) {
  return type == FieldType::int32 || type == FieldType::int64;
}
bool is_numeric_type(FieldType type) {
  return is_integer_type(type) || type == FieldType::float64 || type == FieldType::decimal;
}
bool is_length_type(FieldType type) {
  return type == FieldType::string || type == FieldType::text || type == FieldType::bytes;
}

std::vector<std::string_view> names_of_entities(const SystemSpec& spec) {
  std::vector<std::string_view> names;
  for (const auto& e : spec.entities) names.push_back(e.name);
  return names;
}

// V201 / V202: a component's entity and database exist.
void check_component_references(const SystemSpec& spec, Sink& sink) {
  std::vector<std::string_view> databases;
  for (const auto& d : spec.databases) databases.push_back(d.name);
  for (std::size_t i = 0; i < spec.components.size(); ++i) {
    const auto& component = spec.components[i];
    if (spec.find_entity(component.entity) == nullptr) {
      sink.add("V201", fmt::format("components[{}].entity", i),
               fmt::format("component `{}` uses entity `{}`, which is not defined", component.name,
                           component.entity),
               suggestion_hint(component.entity, names_of_entities(spec)));
    }
    if (spec.find_database(component.database) == nullptr) {
      sink.add("V202", fmt::format("components[{}].database", i),
               fmt::format("component `{}` uses database `{}`, which is not defined",
                           component.name, component.database),
               suggestion_hint(component.database, databases));
    }
  }
}

// True when `field` alone identifies a row of `entity`: its single-field primary key, a
// unique field, or the only field of a unique index.
bool is_unique_key(const EntitySpec& entity, const FieldSpec& field) {
  const auto key = entity.primary_key();
  if (key.size() == 1 && key.front()->name == field.name) return true;
  if (field.unique) return true;
  return std::any_of(entity.indexes.begin(), entity.indexes.end(), [&](const auto& index) {
    return index.unique && index.fields.size() == 1 && index.fields.front() == field.name;
  });
}

// V203: a foreign key has the referenced field's type; reported at `path`.
void check_foreign_key_type(const EntitySpec& entity, const FieldSpec& field,
                            const EntitySpec& target, const FieldSpec& referenced,
                            const std::string& path, Sink& sink) {
  std::string problem;
  if (field.type != referenced.type) {
    problem = fmt::format("is {} but {}.{} is {}", v5store::to_string(field.type), target.name,
                          referenced.name, v5store::to_string(referenced.type));
  } else if (field.type == FieldType::decimal &&
             (field.precision != referenced.precision || field.scale != referenced.scale)) {
    problem =
        fmt::format("is decimal({},{}) but {}.{} is decimal({},{})", field.precision, field.scale,
                    target.name, referenced.name, referenced.precision, referenced.scale);
  } else if (field.max_length && referenced.max_length &&
             *field.max_length > *referenced.max_length) {
    problem = fmt::format("allows {} characters but {}.{} only {}", *field.max_length, target.name,
                          referenced.name, *referenced.max_length);
  }
  if (!problem.empty()) {
    sink.add("V203", path,
             fmt::format("foreign key {}.{} {}", entity.name, field.name, problem),
             fmt::format("declare {}.{} exactly like {}.{}", entity.name, field.name, target.name,
                         referenced.name));
  }
}

// V204 / V205 / V206 / V203: each references resolves to a key of the same type.
void check_foreign_keys(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      if (!field.references_entity) continue;
      const std::string path = field_path(entity, field) + ".references";
      const EntitySpec* target = spec.find_entity(*field.references_entity);
      if (target == nullptr) {
        sink.add("V204", path,
                 fmt::format("{}.{} references entity `{}`, which is not defined", entity.name,
                             field.name, *field.references_entity),
                 suggestion_hint(*field.references_entity, names_of_entities(spec)));
        continue;
      }
      const std::string referenced_name = field.references_field.value_or("");
      const FieldSpec* referenced = target->find_field(referenced_name);
      if (referenced == nullptr) {
        std::vector<std::string_view> fields;
        for (const auto& f : target->fields) fields.push_back(f.name);
        sink.add(
            "V205", path,
            fmt::format("{}.{} references `{}.{}`, but {} has no field `{}`", entity.name,
                        field.name, target->name, referenced_name, target->name, referenced_name),
            suggestion_hint(referenced_name, fields));
        continue;
      }
      if (!is_unique_key(*target, *referenced)) {
        sink.add("V206", path,
                 fmt::format("{}.{} references {}.{}, which is neither the primary key of {} nor "
                             "unique",
                             entity.name, field.name, target->name, referenced->name, target->name),
                 fmt::format("reference the primary key of {} or mark {}.{} unique: true",
                             target->name, target->name, referenced->name));
      }
      check_foreign_key_type(entity, field, *target, *referenced, field_path(entity, field) + ".type",
                             sink);
    }
  }
}

// True when the fields named `names` of `entity` identify a row: one unique key field, or
// (as a set) its primary key or the fields of a unique index.
bool is_key_set(const EntitySpec& entity, std::vector<std::string> names) {
  if (names.size() == 1) {
    const FieldSpec* field = entity.find_field(names.front());
    return field != nullptr && is_unique_key(entity, *field);
  }
  std::sort(names.begin(), names.end());
  const auto same = [&](std::vector<std::string> other) {
    std::sort(other.begin(), other.end());
    return other == names;
  };
  std::vector<std::string> key;
  for (const FieldSpec* field : entity.primary_key()) key.push_back(field->name);
  if (same(key)) return true;
  return std::any_of(entity.indexes.begin(), entity.indexes.end(),
                     [&](const auto& index) { return index.unique && same(index.fields); });
}

// One `foreign_keys` entry of an entity, with where to report about it.
struct KeyEntry {
  const EntitySpec& entity;
  const v5store::ForeignKeySpec& fk;
  std::string path;   // entities.<entity>.foreign_keys[i]
  std::string label;  // foreign key <entity>[i]
};

// V230 / V219: the entry's own fields exist, once each (nullable for set_null). The fields, or
// an empty list after a finding.
std::vector<const FieldSpec*> entry_fields(const KeyEntry& e, Sink& sink) {
  std::vector<const FieldSpec*> fields;
  std::set<std::string> seen;
  std::vector<std::string_view> own;
  for (const auto& f : e.entity.fields) own.push_back(f.name);
  bool found_all = true;
  for (std::size_t k = 0; k < e.fk.fields.size(); ++k) {
    const std::string& name = e.fk.fields[k];
    const FieldSpec* field = e.entity.find_field(name);
    const std::string path = fmt::format("{}.fields[{}]", e.path, k);
    if (field == nullptr) {
      sink.add("V230", path,
               fmt::format("{} names `{}`, which is not a field of {}", e.label, name,
                           e.entity.name),
               suggestion_hint(name, own));
      found_all = false;
    } else if (!seen.insert(name).second) {
      sink.add("V230", path, fmt::format("{} lists {} twice", e.label, name),
               "list each field once");
      found_all = false;
    } else {
      fields.push_back(field);
      if (e.fk.on_delete == v5store::OnDelete::set_null && !field->nullable) {
        sink.add("V219", e.path + ".on_delete",
                 fmt::format("{} has on_delete: set_null but {}.{} is not nullable", e.label,
                             e.entity.name, name));
      }
    }
  }
  return found_all ? fields : std::vector<const FieldSpec*>{};
}

// V230 / V205 / V206: the referenced fields (default: the primary key of `target`) pair with
// the entry's fields, exist and are a key of `target`. The fields, or an empty list after a
// finding.
std::vector<const FieldSpec*> entry_referenced(const KeyEntry& e, const EntitySpec& target,
                                               Sink& sink) {
  std::vector<std::string> names = e.fk.referenced_fields;
  if (names.empty()) {
    for (const FieldSpec* key : target.primary_key()) names.push_back(key->name);
  }
  if (names.empty()) {
    sink.add("V230", e.path + ".referenced_fields",
             fmt::format("{} references {}, which has no primary key", e.label, target.name),
             "name the referenced fields (a unique index of " + target.name + ")");
    return {};
  }
  if (names.size() != e.fk.fields.size()) {
    sink.add("V230", e.path + ".referenced_fields",
             fmt::format("{} has {} fields but references {} of {} ({})", e.label,
                         e.fk.fields.size(), names.size(), target.name, fmt::join(names, ", ")),
             "pair each field with one referenced field, in order");
    return {};
  }
  std::vector<std::string_view> theirs;
  for (const auto& f : target.fields) theirs.push_back(f.name);
  std::vector<const FieldSpec*> referenced;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const FieldSpec* field = target.find_field(names[k]);
    if (field == nullptr) {
      sink.add("V205", fmt::format("{}.referenced_fields[{}]", e.path, k),
               fmt::format("{} references `{}.{}`, but {} has no field `{}`", e.label,
                           target.name, names[k], target.name, names[k]),
               suggestion_hint(names[k], theirs));
      return {};
    }
    referenced.push_back(field);
  }
  if (!is_key_set(target, names)) {
    sink.add("V206", e.path + ".referenced_fields",
             fmt::format("{} references {}.({}), which is neither the primary key of {} nor a "
                         "unique index",
                         e.label, target.name, fmt::join(names, ", "), target.name),
             fmt::format("reference the primary key of {} or declare a unique index on these "
                         "fields",
                         target.name));
  }
  return referenced;
}

// V230 / V204 / V205 / V206 / V203 / V219: each `foreign_keys` entry names fields of its
// entity once each, as many as it references of an entity that exists, whose fields are a key
// of the same types.
void check_foreign_key_entries(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    for (std::size_t i = 0; i < entity.foreign_keys.size(); ++i) {
      const KeyEntry e{entity, entity.foreign_keys[i],
                       fmt::format("entities.{}.foreign_keys[{}]", entity.name, i),
                       fmt::format("foreign key {}[{}]", entity.name, i)};
      const std::vector<const FieldSpec*> fields = entry_fields(e, sink);
      const EntitySpec* target = spec.find_entity(e.fk.references);
      if (target == nullptr) {
        sink.add("V204", e.path + ".references",
                 fmt::format("{} references entity `{}`, which is not defined", e.label,
                             e.fk.references),
                 suggestion_hint(e.fk.references, names_of_entities(spec)));
        continue;
      }
      const std::vector<const FieldSpec*> referenced = entry_referenced(e, *target, sink);
      if (fields.empty() || fields.size() != referenced.size()) continue;
      for (std::size_t k = 0; k < fields.size(); ++k) {
        check_foreign_key_type(entity, *fields[k], *target, *referenced[k],
                               fmt::format("{}.fields[{}]", e.path, k), sink);
      }
    }
  }
}

// V207 / V222: every entity that is not read_only has a primary key, and no key field is
// nullable.
void check_primary_keys(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    const auto key = entity.primary_key();
    if (key.empty() && !entity.read_only) {
      sink.add("V207", fmt::format("entities.{}", entity.name),
               fmt::format("entity `{}` has no primary key", entity.name),
               "mark a field primary_key: true, e.g. id: { type: int64, primary_key: true, "
               "generated: true }, or declare the entity read_only: true");
    }
    for (const FieldSpec* field : key) {
      if (field->nullable) {
        sink.add("V222", field_path(entity, *field) + ".nullable",
                 fmt::format("primary-key field {}.{} is nullable", entity.name, field->name),
                 "remove nullable: true");
      }
    }
  }
}

// V208: every index field exists.
void check_index_fields(const SystemSpec& spec, Sink& sink) {
  for (const auto& entity : spec.entities) {
    std::vector<std::string_view> fields;
    for (const auto& f : entity.fields) fields.push_back(f.name);
    for (std::size_t i = 0; i < entity.indexes.size(); ++i) {
      const auto& index = entity.indexes[i];
      for (std::size_t k = 0; k < index.fields.size(); ++k) {
        if (entity.find_field(index.fields[k]) != nullptr) continue;
        sink.add("V208", fmt::format("entities.{}.indexes[{}].fields[{}]", entity.name, i, k),
                 fmt::format("index of {} names field `{}`, which {} does not have", entity.name,
                             index.fields[k], entity.name),
                 suggestion_hint(index.fields[k], fields));
      }
    }
  }
}

// Whether `text` matches `pattern` (ECMAScript); true when the pattern cannot be used.
bool matches(const std::string& pattern, const std::string& text) {
  try {
    return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::exception&) {
    return true;
  }
}

// Why `value` cannot be read as the field's type, or "". `now` is a date or timestamp only
// where `allow_now` (a default, not an example).
std::string value_type_problem(const FieldSpec& field, const std::string& value, bool allow_now) {
  const bool now = allow_now && value == "now";
  switch (field.type) {
    case FieldType::boolean:
      return is_boolean_word(value) ? "" : "is not true or false";
    case FieldType::int32: {
      auto n = read_integer(value);
      if (!n) return "is not an integer";
      return (*n < std::numeric_limits<std::int32_t>::min() ||
              *n > std::numeric_limits<std::int32_t>::max())
                 ? "does not fit in int32"
                 : "";
    }
    case FieldType::int64:
      return read_integer(value) ? "" : "is not an integer";
    case FieldType::float64:
      return read_number(value) ? "" : "is not a number";
    case FieldType::decimal:
      return is_decimal(value, field.precision, field.scale)
                 ? ""
                 : fmt::format("is not a decimal with precision {} and scale {}", field.precision,
                               field.scale);
    case FieldType::date:
      return now || is_date(value) ? "" : "is not a YYYY-MM-DD date";
    case FieldType::timestamp:
      if (now || is_timestamp(value)) return "";
      return allow_now ? "is not `now` or a YYYY-MM-DD HH:MM:SS timestamp"
                       : "is not a YYYY-MM-DD HH:MM:SS timestamp";
    case FieldType::uuid:
      return is_uuid(value) ? "" : "is not a UUID (8-4-4-4-12 hex digits)";
    case FieldType::json:
      return is_json(value) ? "" : "is not valid JSON";
    default:
      return "";
  }
}

// Which of the field's own constraints `value` (of the right type) breaks, or "".
std::string value_rule_problem(const FieldSpec& field, const std::string& value) {
  if (is_numeric_type(field.type)) {
    const auto number = read_number(value);
    if (number && field.min && *number < *field.min) {
      return fmt::format("is below min {}", *field.min);
    }
    if (number && field.max && *number > *field.max) {
      return fmt::format("is above max {}", *field.max);
    }
  } else if (is_length_type(field.type)) {
    std::int64_t length = 0;
    for (unsigned char c : value) length += field.type == FieldType::bytes || (c & 0xC0) != 0x80;
    if (field.max_length && length > *field.max_length) {
      return fmt::format("is longer than max_length {}", *field.max_length);
    }
    if (field.min_length && length < *field.min_length) {
      return fmt::format("is shorter than min_length {}", *field.min_length);
    }
    if (field.pattern && value.size() <= 1024 && !matches(*field.pattern, value)) {
      return "does not match the field's pattern";
    }
  }
  return "";
}

// V209 / V210 / V214: a default or an example (`key`) is of the field's type and within its
// constraints.
void check_value(const EntitySpec& entity, const FieldSpec& field,
                 const std::optional<std::string>& given, std::string_view key, Sink& sink) {
  if (!given) return;
  const std::string& value = *given;
  const std::string path = field_path(entity, field) + "." + std::string(key);
  const std::string shown = value.size() > 60 ? value.substr(0, 60) + "..." : value;
  if (field.type == FieldType::enumeration) {
    if (!field.values.empty() &&
        std::find(field.values.begin(), field.values.end(), value) == field.values.end()) {
      sink.add("V214", path,
               fmt::format("{} `{}` of {}.{} is not one of its values", key, shown, entity.name,
                           field.name),
               suggestion_hint(
                   value, std::vector<std::string_view>(field.values.begin(), field.values.end())));
    }
    return;
  }
  const std::string problem = value_type_problem(field, value, key == "default");
  if (!problem.empty()) {
    sink.add("V209", path,
             fmt::format("{} `{}` of {}.{} ({}) {}", key, shown, entity.name, field.name,
                         v5store::to_string(field.type), problem));
    return;
  }
  const std::string broken = value_rule_problem(field, value);
  if (!broken.empty()) {
    sink.add("V210", path,
             fmt::format("{} `{}` of {}.{} {}", key, shown, entity.name, field.name, broken));
  }
}

// V226: some value satisfies the field's rules together (the value the generated smoke test
// writes). Fields filled in elsewhere (generated keys, foreign keys) and fields whose rules
// are already reported (bounds out of order, an enum without values, an example) are skipped.
void check_satisfiable(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  if (field.generated || field.references_entity || field.example) return;
  if ((field.min && field.max && *field.min > *field.max) ||
      (field.min_length && field.max_length && *field.min_length > *field.max_length) ||
      (field.type == FieldType::enumeration && field.values.empty()) ||
      (field.type == FieldType::decimal && (field.precision < 1 || field.scale > field.precision))) {
    return;
  }
  const SampleValue value = sample_value(field);
  if (value.text) return;
  sink.add("V226", field_path(entity, field),
           fmt::format("no value of {}.{} satisfies its rules together: {}", entity.name,
                       field.name, value.problem),
           "loosen the rules, or give the field an `example:` value that satisfies them");
}

// V211 / V212: bounds are ordered.
void check_bounds(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  if (field.min && field.max && *field.min > *field.max) {
    sink.add("V211", field_path(entity, field) + ".min",
             fmt::format("{}.{} has min {} greater than max {}", entity.name, field.name,
                         *field.min, *field.max));
  }
  if (field.min_length && field.max_length && *field.min_length > *field.max_length) {
    sink.add("V212", field_path(entity, field) + ".min_length",
             fmt::format("{}.{} has min_length {} greater than max_length {}", entity.name,
                         field.name, *field.min_length, *field.max_length));
  }
}

// V213: an enum has values.
void check_enum(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  if (field.type == FieldType::enumeration && field.values.empty()) {
    sink.add("V213", field_path(entity, field),
             fmt::format("enum field {}.{} has no values", entity.name, field.name),
             "add values: [a, b, c]");
  }
}

// V217: each option applies to the field's type.
void check_option_applicability(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  const std::string path = field_path(entity, field);
  const std::string_view type = v5store::to_string(field.type);
  const auto report = [&](std::string_view key, std::string_view applies_to) {
    sink.add(
        "V217", path + "." + std::string(key),
        fmt::format("{} does not apply to {}.{} of type {}", key, entity.name, field.name, type),
        fmt::format("{} applies to {}", key, applies_to));
  };
  if ((field.min || field.max) && !is_numeric_type(field.type)) {
    report(field.min ? "min" : "max", "int32, int64, float64 and decimal");
  }
  if ((field.min_length || field.max_length) && !is_length_type(field.type)) {
    report(field.min_length ? "min_length" : "max_length", "string, text and bytes");
  }
  if (field.pattern && field.type != FieldType::string && field.type != FieldType::text) {
    report("pattern", "string and text");
  }
  if (!field.values.empty() && field.type != FieldType::enumeration) report("values", "enum");
  if ((field.precision != 0 || field.scale != 0) && field.type != FieldType::decimal) {
    report(field.precision != 0 ? "precision" : "scale", "decimal");
  }
}

// V218: a decimal's precision and scale.
void check_decimal(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  if (field.type != FieldType::decimal) return;
  if (field.precision < 1 || field.precision > 1000 || field.scale < 0 ||
      field.scale > field.precision) {
    sink.add("V218", field_path(entity, field) + ".precision",
             fmt::format("decimal {}.{} has precision {} and scale {}", entity.name, field.name,
                         field.precision, field.scale),
             "use 1 <= precision <= 1000 and 0 <= scale <= precision");
  }
}

// V219 / V220: on_delete fits the field.
void check_on_delete(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  if (field.on_delete == v5store::OnDelete::no_action) return;
  const std::string path = field_path(entity, field) + ".on_delete";
  if (!field.references_entity) {
    sink.add("V220", path,
             fmt::format("{}.{} has on_delete but no references", entity.name, field.name));
  } else if (field.on_delete == v5store::OnDelete::set_null && !field.nullable) {
    sink.add(
        "V219", path,
        fmt::format("{}.{} has on_delete: set_null but is not nullable", entity.name, field.name));
  }
}

// V221: generated only on an integer primary key.
void check_generated(const EntitySpec& entity, const FieldSpec& field, Sink& sink) {
  if (field.generated && (!field.primary_key || !is_integer_type(field.type))) {
    sink.add("V221", field_path(entity, field) + ".generated",
             fmt::format("{}.{} is generated but is not an integer primary key", entity.name,
                         field.name));
  }
}

// V223: min_idle <= max_size.
void check_pools(const SystemSpec& spec, Sink& sink) {
  for (const auto& database : spec.databases) {
    if (database.pool.min_idle > database.pool.max_size) {
      sink.add("V223", fmt::format("databases.{}.pool.min_idle", database.name),
               fmt::format("database {} has min_idle {} greater than max_size {}", database.name,
                           database.pool.min_idle, database.pool.max_size));
    }
  }
}

// V231 / V232: a pooler only in front of PostgreSQL, and with a migration DSN past it.
void check_poolers(const SystemSpec& spec, Sink& sink) {
  for (const auto& database : spec.databases) {
    if (database.pooler == v5store::Pooler::none) continue;
    const std::string path = fmt::format("databases.{}.pooler", database.name);
    if (database.backend != v5store::BackendKind::postgresql) {
      sink.add("V231", path,
               fmt::format("database {} is {}: pooler {} is only known in front of postgresql",
                           database.name, v5store::to_string(database.backend),
                           v5store::to_string(database.pooler)));
    } else if (database.migration_dsn_template.empty()) {
      sink.add("V232", path,
               fmt::format("database {} is behind {} without migration_dsn: migrations would "
                           "take their advisory lock through transaction pooling, which does "
                           "not hold it",
                           database.name, v5store::to_string(database.pooler)));
    }
  }
}

// V215 / V216 / V225: versioned migration files exist and are numbered without gaps or
// duplicates; a directory that does not exist yet is a warning (generate creates it).
void check_versioned_migrations(const SystemSpec& spec, const std::filesystem::path& base_dir,
                                Sink& sink) {
  if (spec.migrations.mode != v5store::MigrationMode::versioned) return;
  const std::filesystem::path dir = base_dir / spec.migrations.dir;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    sink.add("V225", "migrations.dir",
             fmt::format("the migrations directory `{}` does not exist yet", spec.migrations.dir),
             "`v5gen generate` creates it with V1__initial.<backend>.sql; `migrate up` needs it");
    return;
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    sink.add("V216", "migrations.dir",
             fmt::format("the migrations directory `{}` is not a directory", spec.migrations.dir),
             "correct migrations.dir (relative to the spec file)");
    return;
  }
  static const std::regex kName(
      R"(V([0-9]{1,9})__([A-Za-z0-9_]+)(\.(sqlite|postgresql|mysql))?\.sql)");
  std::map<std::string, std::map<long, std::string>> by_variant;  // "" = all backends
  std::vector<std::string> names;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (name.size() < 4 || name.substr(name.size() - 4) != ".sql") continue;
    std::smatch match;
    if (!std::regex_match(name, match, kName)) {
      sink.add("V216", "migrations.dir",
               fmt::format("migration file `{}` is not named V<n>__<name>[.<backend>].sql", name));
      continue;
    }
    const long version = std::stol(match[1].str());
    auto [it, inserted] = by_variant[match[4].str()].emplace(version, name);
    if (!inserted) {
      sink.add("V215", "migrations.dir",
               fmt::format("version {} is used by both `{}` and `{}`", version, it->second, name));
    }
  }
  std::map<long, bool> versions;
  for (const auto& [variant, files] : by_variant) {
    for (const auto& [version, name] : files) versions[version] = true;
  }
  long expected = versions.empty() ? 0 : versions.begin()->first;
  for (const auto& [version, present] : versions) {
    if (version != expected) {
      sink.add("V215", "migrations.dir",
               fmt::format("versions jump from {} to {}: version {} is missing", expected - 1,
                           version, expected));
    }
    expected = version + 1;
  }
}

// V227 / V228 / V229: an api component serves defined stores, on a listener of its own,
// under a well-formed base path.
void check_api_components(const SystemSpec& spec, Sink& sink) {
  std::vector<std::string_view> stores;
  for (const auto& c : spec.components) stores.push_back(c.name);
  std::map<std::string, std::string> listeners;  // listen -> who
  if (spec.monitoring.enabled) listeners.emplace(spec.monitoring.listen, "monitoring");
  for (std::size_t a = 0; a < spec.apis.size(); ++a) {
    const auto& api = spec.apis[a];
    const std::string where = fmt::format("api component `{}`", api.name);
    const std::string path = fmt::format("components[{}]", api.position);
    for (std::size_t s = 0; s < api.stores.size(); ++s) {
      if (spec.find_component(api.stores[s]) == nullptr) {
        sink.add("V227", fmt::format("{}.stores[{}]", path, s),
                 fmt::format("{} serves `{}`, which is not a store component", where,
                             api.stores[s]),
                 suggestion_hint(api.stores[s], stores));
      }
    }
    const auto [it, fresh] = listeners.emplace(api.listen, where);
    if (!fresh) {
      sink.add("V228", path + ".listen",
               fmt::format("{} listens on {}, as {} does", where, api.listen, it->second));
    }
    const std::string& base = api.base_path;
    if (!base.starts_with('/') || base.find_first_of("?#% ") != std::string::npos ||
        base.find("//") != std::string::npos) {
      sink.add("V229", path + ".base_path",
               fmt::format("{} has base_path '{}', which is not a path", where, base));
    }
  }
}

}  // namespace

void ComponentLevel::run(Context& ctx) const {
  if (!ctx.spec) return;
  const SystemSpec& spec = *ctx.spec;
  Sink& sink = ctx.sink;
  check_component_references(spec, sink);
  check_api_components(spec, sink);
  check_foreign_keys(spec, sink);
  check_foreign_key_entries(spec, sink);
  check_primary_keys(spec, sink);
  check_index_fields(spec, sink);
  for (const auto& entity : spec.entities) {
    for (const auto& field : entity.fields) {
      check_option_applicability(entity, field, sink);
      check_bounds(entity, field, sink);
      check_enum(entity, field, sink);
      check_decimal(entity, field, sink);
      check_value(entity, field, field.default_value, "default", sink);
      check_value(entity, field, field.example, "example", sink);
      check_satisfiable(entity, field, sink);
      check_on_delete(entity, field, sink);
      check_generated(entity, field, sink);
    }
  }
  check_pools(spec, sink);
  check_poolers(spec, sink);
  check_replica_shape(spec, sink);
  check_versioned_migrations(spec, ctx.base_dir, sink);
  check_generated_names(spec, sink);
}

}  // namespace v5validate::detail
