// The schema comparison: declared entities against the live schema.
#include "migrate/schema_diff.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <tuple>

#include "introspection/check_constraints.hpp"
#include "introspection/type_text.hpp"
#include "migrate/declared_schema.hpp"

namespace v5store::detail {

namespace {

bool same_on_delete(OnDelete a, OnDelete b) {
  const auto fold = [](OnDelete x) { return x == OnDelete::restrict ? OnDelete::no_action : x; };
  return fold(a) == fold(b);
}

std::string_view on_delete_text(OnDelete action) {
  switch (action) {
    case OnDelete::cascade: return " ON DELETE CASCADE";
    case OnDelete::set_null: return " ON DELETE SET NULL";
    case OnDelete::restrict:
    case OnDelete::no_action: return "";
  }
  return "";
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

bool is_numeric(FieldType type) {
  return type == FieldType::int32 || type == FieldType::int64 || type == FieldType::float64 ||
         type == FieldType::decimal;
}

bool same_default(const FieldSpec& field, const std::optional<std::string>& declared,
                  const std::optional<std::string>& live) {
  if (declared.has_value() != live.has_value()) return false;
  if (!declared) return true;
  if (*declared == *live) return true;
  if (is_numeric(field.type) || field.type == FieldType::boolean) {
    char* end_a = nullptr;
    char* end_b = nullptr;
    const double a = std::strtod(declared->c_str(), &end_a);
    const double b = std::strtod(live->c_str(), &end_b);
    return *end_a == '\0' && *end_b == '\0' && a == b;
  }
  return false;
}

// The conditions joined with AND, or "(none)".
std::string conjunction(const std::vector<std::string>& conditions) {
  const std::string joined = and_conditions(conditions);
  return joined.empty() ? "(none)" : joined;
}

// The difference between a column's declared and live checks, if any.
std::optional<SchemaDifference> diff_checks(const Backend& backend, const EntitySpec& entity,
                                            const FieldSpec& field, const LiveTable& live) {
  if (!field.sql_type.empty()) return std::nullopt;  // the database's constraints are authoritative
  const auto declared = backend.column_checks(entity, field);
  std::vector<std::string> live_conditions;
  for (const auto& check : checks_on_column(live, column_name(field))) {
    live_conditions.push_back(check.expression);
  }
  if (declared.empty() && live_conditions.empty()) return std::nullopt;
  const auto expected = conjunction(declared);
  const auto actual = conjunction(live_conditions);
  if (!declared.empty() && !live_conditions.empty() &&
      check_signature(expected) == check_signature(actual)) {
    return std::nullopt;
  }
  return SchemaDifference{DifferenceKind::column_check, table_name(entity), field.name, expected,
                          actual};
}

void diff_columns(const Backend& backend, const EntitySpec& entity, const LiveTable& live,
                  std::vector<SchemaDifference>& out) {
  const std::string& table = table_name(entity);
  for (const auto& field : entity.fields) {
    const std::string declared_type = backend.normalize_type(backend.column_type(field));
    const LiveColumn* column = live.find_column(column_name(field));
    if (column == nullptr) {
      out.push_back({DifferenceKind::missing_column, table, field.name, declared_type, ""});
      continue;
    }
    // An opaque column's type is the database's business: never compared, never altered.
    if (declared_type != column->type && field.type != FieldType::opaque) {
      out.push_back({DifferenceKind::column_type, table, field.name, declared_type, column->type});
    }
    const bool nullable = declared_nullable(field);
    if (nullable != column->nullable) {
      out.push_back({DifferenceKind::column_nullability, table, field.name,
                     nullable ? "NULL" : "NOT NULL", column->nullable ? "NULL" : "NOT NULL"});
    }
    if (!field.generated && !column->generated) {
      const auto declared = declared_default(field);
      const auto actual = column->default_value ? normalize_default(*column->default_value)
                                                : std::nullopt;
      if (!same_default(field, declared, actual)) {
        out.push_back({DifferenceKind::column_default, table, field.name,
                       declared.value_or("(none)"),
                       column->default_value.value_or("(none)")});
      }
    }
    if (auto checks = diff_checks(backend, entity, field, live)) out.push_back(std::move(*checks));
  }
  for (const auto& column : live.columns) {
    const bool declared = std::any_of(entity.fields.begin(), entity.fields.end(),
                                      [&](const FieldSpec& f) { return column_name(f) == column.name; });
    if (!declared) {
      out.push_back({DifferenceKind::extra_column, table, column.name, "", column.type});
    }
  }
}

void diff_primary_key(const EntitySpec& entity, const LiveTable& live,
                      std::vector<SchemaDifference>& out) {
  std::vector<std::string> declared;
  for (const FieldSpec* field : entity.primary_key()) declared.push_back(column_name(*field));
  if (declared != live.primary_key) {
    out.push_back({DifferenceKind::primary_key, table_name(entity), "", "(" + join(declared) + ")",
                   "(" + join(live.primary_key) + ")"});
  }
}

void diff_indexes(const EntitySpec& entity, const LiveTable& live,
                  std::vector<SchemaDifference>& out) {
  const std::string& table = table_name(entity);
  const std::vector<IndexSpec> declared = declared_indexes(entity);
  const auto label = [](bool unique, const std::vector<std::string>& columns) {
    return std::string(unique ? "UNIQUE " : "") + "(" + join(columns) + ")";
  };
  for (const auto& index : declared) {
    const std::vector<std::string> columns = column_names(entity, index.fields);
    const bool found = std::any_of(live.indexes.begin(), live.indexes.end(), [&](const LiveIndex& l) {
      return l.columns == columns && l.unique == index.unique;
    });
    if (!found) {
      out.push_back({DifferenceKind::missing_index, table, index.name,
                     label(index.unique, index.fields), ""});
    }
  }
  for (const auto& index : live.indexes) {
    const bool found = std::any_of(declared.begin(), declared.end(), [&](const IndexSpec& d) {
      return column_names(entity, d.fields) == index.columns && d.unique == index.unique;
    });
    if (!found) {
      out.push_back({DifferenceKind::extra_index, table, index.name, "",
                     label(index.unique, index.columns)});
    }
  }
}

void diff_foreign_keys(const SystemSpec& spec, const EntitySpec& entity, const LiveTable& live,
                       std::vector<SchemaDifference>& out) {
  const std::string& table = table_name(entity);
  std::set<const LiveForeignKey*> matched;
  for (const auto& fk : spec.foreign_keys_of(entity)) {
    const LiveForeignKey* found = matching_foreign_key(spec, entity, fk, live);
    if (found == nullptr) {
      out.push_back({DifferenceKind::missing_foreign_key, table, join(fk.fields),
                     describe_foreign_key(spec, entity, fk), ""});
    } else {
      matched.insert(found);
    }
  }
  for (const auto& fk : live.foreign_keys) {
    if (matched.count(&fk) == 0) {
      out.push_back({DifferenceKind::extra_foreign_key, table, fk.name.empty() ? join(fk.columns) : fk.name,
                     "", describe_foreign_key(fk)});
    }
  }
}

}  // namespace

std::vector<LiveCheck> checks_on_column(const LiveTable& table, std::string_view column) {
  std::vector<LiveCheck> out;
  for (const auto& check : table.checks) {
    if (check.column == column) out.push_back(check);
  }
  return out;
}

const LiveForeignKey* matching_foreign_key(const SystemSpec& spec, const EntitySpec& entity,
                                           const ForeignKeySpec& fk, const LiveTable& table) {
  const EntitySpec* target = spec.find_entity(fk.references);
  if (target == nullptr) return nullptr;
  const std::vector<std::string> columns = column_names(entity, fk.fields);
  const std::vector<std::string> referenced = column_names(*target, fk.referenced_fields);
  for (const auto& live : table.foreign_keys) {
    if (live.columns == columns && live.referenced_table == table_name(*target) &&
        live.referenced_columns == referenced && same_on_delete(live.on_delete, fk.on_delete)) {
      return &live;
    }
  }
  return nullptr;
}

std::string describe_foreign_key(const LiveForeignKey& fk) {
  return "(" + join(fk.columns) + ") -> " + fk.referenced_table + "(" +
         join(fk.referenced_columns) + ")" + std::string(on_delete_text(fk.on_delete));
}

std::string describe_foreign_key(const SystemSpec& spec, const EntitySpec& entity,
                                 const ForeignKeySpec& fk) {
  const EntitySpec* target = spec.find_entity(fk.references);
  return "(" + join(column_names(entity, fk.fields)) + ") -> " +
         (target != nullptr ? table_name(*target) : fk.references) + "(" +
         join(target != nullptr ? column_names(*target, fk.referenced_fields)
                                : fk.referenced_fields) +
         ")" + std::string(on_delete_text(fk.on_delete));
}

std::vector<SchemaDifference> diff_schema(const Backend& backend, const SystemSpec& spec,
                                          const std::vector<const EntitySpec*>& entities,
                                          const LiveSchema& live,
                                          std::vector<std::string>* unmanaged) {
  std::vector<SchemaDifference> out;
  std::set<std::string> declared_tables;
  for (const EntitySpec* entity : entities) {
    const std::string& table = table_name(*entity);
    declared_tables.insert(table);
    const LiveTable* live_table = live.find_table(table);
    if (live_table == nullptr) {
      out.push_back({DifferenceKind::missing_table, table, "", "", ""});
      continue;
    }
    diff_columns(backend, *entity, *live_table, out);
    diff_primary_key(*entity, *live_table, out);
    diff_indexes(*entity, *live_table, out);
    diff_foreign_keys(spec, *entity, *live_table, out);
  }
  for (const auto& table : live.tables) {
    if (declared_tables.count(table.name) != 0 || table.name == kSchemaHistoryTable ||
        ignored_table(spec, table.name)) {
      continue;
    }
    if (spec.migrations.owns_schema) {
      out.push_back({DifferenceKind::extra_table, table.name, "", "", ""});
    } else if (unmanaged != nullptr) {
      unmanaged->push_back(table.name);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const SchemaDifference& a, const SchemaDifference& b) {
    return std::tie(a.table, a.kind, a.object) < std::tie(b.table, b.kind, b.object);
  });
  return out;
}

}  // namespace v5store::detail
