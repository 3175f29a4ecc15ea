// The declarative planner: differences to ordered, labelled DDL steps.
#include "migrate/declarative_planner.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "migrate/declared_schema.hpp"
#include "migrate/schema_diff.hpp"
#include "migrate/type_change.hpp"

namespace v5store::detail {

namespace {

// The prefix of the temporary table of the SQLite table-rebuild procedure.
constexpr std::string_view kRebuildPrefix = "v5_new_";

// Step buckets, in execution order.
enum Phase {
  kDropForeignKeys,
  kDropIndexes,
  kCreateTables,
  kRebuildTables,
  kAddColumns,
  kAlterColumns,
  kCreateIndexes,
  kAddForeignKeys,
  kDropColumns,
  kDropTables,
  kPhaseCount
};

struct Safety {
  StepSafety level = StepSafety::safe;
  std::string reason;

  void raise(StepSafety to, const std::string& why) {
    if (to == StepSafety::safe) return;
    if (static_cast<int>(to) > static_cast<int>(level)) level = to;
    reason += (reason.empty() ? "" : "; ") + why;
  }
};

class Planner {
 public:
  Planner(const Backend& backend, const SystemSpec& spec,
          const std::vector<const EntitySpec*>& entities, const LiveSchema& live)
      : backend_(backend), spec_(spec), entities_(entities), live_(live) {}

  std::vector<MigrationStep> plan(const std::vector<SchemaDifference>& differences) {
    std::map<std::string, std::vector<const SchemaDifference*>> by_table;
    for (const auto& difference : differences) by_table[difference.table].push_back(&difference);
    std::vector<const EntitySpec*> new_tables;
    std::vector<std::string> dropped_tables;
    for (const auto& [table, list] : by_table) {
      const EntitySpec* entity = entity_for(table);
      if (list.front()->kind == DifferenceKind::missing_table) {
        new_tables.push_back(entity);
      } else if (list.front()->kind == DifferenceKind::extra_table) {
        dropped_tables.push_back(table);
      } else if (!backend_.alters_tables_in_place() && needs_rebuild(*entity, list)) {
        plan_rebuild(*entity, list);
      } else {
        plan_in_place(*entity, list);
      }
    }
    plan_create_tables(new_tables);
    plan_drop_tables(dropped_tables);
    std::vector<MigrationStep> out;
    for (auto& phase : phases_) {
      for (auto& step : phase) out.push_back(std::move(step));
    }
    return out;
  }

 private:
  const EntitySpec* entity_for(const std::string& table) const {
    for (const EntitySpec* entity : entities_) {
      if (table_name(*entity) == table) return entity;
    }
    return nullptr;
  }

  std::string table_sql(const EntitySpec& entity) const { return backend_.quote(table_name(entity)); }

  void add(Phase phase, std::string description, std::vector<std::string> sql,
           const Safety& safety) {
    phases_[phase].push_back(
        MigrationStep{std::move(description), std::move(sql), safety.level, safety.reason});
  }

  // The safety of one difference of an existing table.
  Safety classify(const EntitySpec& entity, const SchemaDifference& d) const {
    Safety safety;
    const FieldSpec* field = entity.find_field(d.object);
    const std::string where = d.table + "." + d.object;
    switch (d.kind) {
      case DifferenceKind::missing_column:
        if (field != nullptr && !declared_nullable(*field) && !declared_default(*field) &&
            !field->generated) {
          safety.raise(StepSafety::data_dependent,
                       "NOT NULL column " + where + " without a default fails on a table with rows");
        }
        break;
      case DifferenceKind::extra_column:
        safety.raise(StepSafety::destructive, "drops column " + where + " and its data");
        break;
      case DifferenceKind::column_type:
        if (!is_widening(d.actual, d.expected)) {
          safety.raise(StepSafety::destructive,
                       "changes " + where + " from " + d.actual + " to " + d.expected +
                           ", which is not a widening: values may be lost or rejected");
        }
        break;
      case DifferenceKind::column_nullability:
        if (d.expected == "NOT NULL") {
          safety.raise(StepSafety::data_dependent,
                       "NOT NULL on " + where + " fails while the column holds NULLs");
        }
        break;
      case DifferenceKind::primary_key:
        safety.raise(StepSafety::destructive, "changes the primary key of " + d.table +
                                                  " from " + d.actual + " to " + d.expected);
        break;
      case DifferenceKind::missing_index:
        if (d.expected.starts_with("UNIQUE")) {
          safety.raise(StepSafety::data_dependent,
                       "unique index " + d.object + " fails while " + d.table + " holds duplicates");
        }
        break;
      case DifferenceKind::missing_foreign_key:
        safety.raise(StepSafety::data_dependent,
                     "foreign key " + where + " fails while rows reference missing keys");
        break;
      case DifferenceKind::column_check:
        if (d.expected != "(none)") {
          safety.raise(StepSafety::data_dependent,
                       "CHECK (" + d.expected + ") on " + where + " fails while rows break it");
        }
        break;
      default:
        break;
    }
    return safety;
  }

  // SQLite can ADD COLUMN only for a nullable column or one with a constant default, and
  // cannot drop a UNIQUE constraint's index; anything else needs the rebuild procedure.
  bool needs_rebuild(const EntitySpec& entity,
                     const std::vector<const SchemaDifference*>& differences) const {
    for (const SchemaDifference* d : differences) {
      switch (d->kind) {
        case DifferenceKind::missing_column: {
          const FieldSpec* field = entity.find_field(d->object);
          const auto fallback = declared_default(*field);
          if (field->primary_key || fallback == "now" ||
              (!declared_nullable(*field) && !fallback)) {
            return true;
          }
          break;
        }
        case DifferenceKind::extra_index:
          if (d->object.starts_with("sqlite_autoindex_")) return true;
          break;
        case DifferenceKind::missing_index:
          break;
        default:
          return true;
      }
    }
    return false;
  }

  // The documented SQLite procedure: create the new table under a temporary name, copy the
  // columns both tables have, drop the old table, rename, recreate the indexes. Foreign keys
  // are off for the run (the migration lock) and checked before the migration is released.
  void plan_rebuild(const EntitySpec& entity,
                    const std::vector<const SchemaDifference*>& differences) {
    const std::string& table = table_name(entity);
    const LiveTable* live = live_.find_table(table);
    Safety safety;
    std::string changes;
    for (const SchemaDifference* d : differences) {
      const Safety one = classify(entity, *d);
      safety.raise(one.level, one.reason);
      changes += (changes.empty() ? "" : ", ") + std::string(to_string(d->kind)) +
                 (d->object.empty() ? "" : " " + d->object);
    }
    EntitySpec rebuilt = entity;
    rebuilt.table = std::string(kRebuildPrefix) + table;
    std::string columns;
    for (const auto& field : entity.fields) {
      if (live->find_column(column_name(field)) == nullptr) continue;
      columns += (columns.empty() ? "" : ", ") + backend_.quote(column_name(field));
    }
    std::vector<std::string> sql{backend_.create_table(spec_, rebuilt)};
    if (!columns.empty()) {
      sql.push_back("INSERT INTO " + backend_.quote(rebuilt.table) + " (" + columns + ") SELECT " +
                    columns + " FROM " + backend_.quote(table));
    }
    sql.push_back("DROP TABLE " + backend_.quote(table));
    sql.push_back("ALTER TABLE " + backend_.quote(rebuilt.table) + " RENAME TO " +
                  backend_.quote(table));
    for (const auto& index : entity.indexes) sql.push_back(backend_.create_index(entity, index));
    add(kRebuildTables, "rebuild table " + table + " (" + changes + ")", std::move(sql), safety);
  }

  void plan_in_place(const EntitySpec& entity,
                     const std::vector<const SchemaDifference*>& differences) {
    const std::string& table = table_name(entity);
    const LiveTable* live = live_.find_table(table);
    std::map<std::string, Safety> altered;  // column -> combined safety of its changes
    std::map<std::string, std::string> altered_what;
    std::map<std::string, Backend::ColumnChanges> altered_parts;
    for (const SchemaDifference* d : differences) {
      const Safety safety = classify(entity, *d);
      const FieldSpec* field = entity.find_field(d->object);
      switch (d->kind) {
        case DifferenceKind::missing_column:
          add(kAddColumns, "add column " + table + "." + d->object,
              {"ALTER TABLE " + table_sql(entity) + " ADD COLUMN " + backend_.quote(column_name(*field)) +
               " " + backend_.column_definition(entity, *field)},
              safety);
          break;
        case DifferenceKind::extra_column:
          add(kDropColumns, "drop column " + table + "." + d->object,
              {"ALTER TABLE " + table_sql(entity) + " DROP COLUMN " + backend_.quote(d->object)},
              safety);
          break;
        case DifferenceKind::column_type:
        case DifferenceKind::column_nullability:
        case DifferenceKind::column_default:
        case DifferenceKind::column_check:
          altered[d->object].raise(safety.level, safety.reason);
          altered_parts[d->object].type |= d->kind == DifferenceKind::column_type;
          altered_parts[d->object].nullability |= d->kind == DifferenceKind::column_nullability;
          altered_parts[d->object].default_value |= d->kind == DifferenceKind::column_default;
          if (d->kind == DifferenceKind::column_check) {
            altered_parts[d->object].checks = true;
            altered_parts[d->object].live_checks = checks_on_column(*live, d->object);
          }
          altered_what[d->object] += (altered_what[d->object].empty() ? "" : ", ") +
                                     std::string(d->kind == DifferenceKind::column_type ? "type "
                                                 : d->kind == DifferenceKind::column_default
                                                     ? "default "
                                                 : d->kind == DifferenceKind::column_check
                                                     ? "check "
                                                     : "") +
                                     d->actual + " -> " + d->expected;
          break;
        case DifferenceKind::missing_index: {
          for (const auto& index : declared_indexes(entity)) {
            if (index.name == d->object) {
              add(kCreateIndexes, "create index " + index.name + " on " + table,
                  {backend_.create_index(entity, index)}, safety);
            }
          }
          break;
        }
        case DifferenceKind::extra_index:
          add(kDropIndexes, "drop index " + d->object + " on " + table,
              {backend_.drop_index(table, d->object)}, safety);
          break;
        case DifferenceKind::missing_foreign_key:
          for (const auto& fk : spec_.foreign_keys_of(entity)) {
            if (d->expected != describe_foreign_key(spec_, entity, fk)) continue;
            add(kAddForeignKeys, "add foreign key " + table + "." + d->object,
                {"ALTER TABLE " + table_sql(entity) + " ADD " +
                 foreign_key_clause(backend_, spec_, entity, fk)},
                safety);
            break;
          }
          break;
        case DifferenceKind::extra_foreign_key: {
          const auto fk = std::find_if(live->foreign_keys.begin(), live->foreign_keys.end(),
                                       [&](const LiveForeignKey& f) { return f.name == d->object; });
          if (fk != live->foreign_keys.end()) {
            add(kDropForeignKeys, "drop foreign key " + d->object + " on " + table,
                {backend_.drop_foreign_key(table, fk->name)}, safety);
          }
          break;
        }
        case DifferenceKind::primary_key:
          throw Error(ErrorCode::migration,
                      "the primary key of " + table + " changes from " + d->actual + " to " +
                          d->expected + ": declarative mode does not change primary keys in "
                          "place; write a versioned migration");
        case DifferenceKind::missing_table:
        case DifferenceKind::extra_table:
          break;
      }
    }
    for (const auto& [column, safety] : altered) {
      add(kAlterColumns, "alter column " + table + "." + column + " (" + altered_what[column] + ")",
          backend_.alter_column(entity, *entity.find_field(column), altered_parts[column]),
          safety);
    }
  }

  // Creates the missing tables, each after the missing tables it references.
  void plan_create_tables(const std::vector<const EntitySpec*>& tables) {
    std::set<const EntitySpec*> pending(tables.begin(), tables.end());
    std::set<const EntitySpec*> done;
    std::function<void(const EntitySpec*)> visit = [&](const EntitySpec* entity) {
      if (pending.count(entity) == 0 || done.count(entity) != 0) return;
      done.insert(entity);
      for (const auto& fk : spec_.foreign_keys_of(*entity)) {
        const EntitySpec* target = spec_.find_entity(fk.references);
        if (target != entity) visit(target);
      }
      std::vector<std::string> sql{backend_.create_table(spec_, *entity)};
      for (const auto& index : entity->indexes) sql.push_back(backend_.create_index(*entity, index));
      add(kCreateTables, "create table " + table_name(*entity), std::move(sql), Safety{});
    };
    for (const EntitySpec* entity : entities_) visit(entity);
  }

  // Drops the undeclared tables, each before the undeclared tables it references.
  void plan_drop_tables(std::vector<std::string> tables) {
    while (!tables.empty()) {
      const auto referenced = [&](const std::string& name) {
        for (const auto& other : tables) {
          if (other == name) continue;
          const LiveTable* live = live_.find_table(other);
          for (const auto& fk : live->foreign_keys) {
            if (fk.referenced_table == name) return true;
          }
        }
        return false;
      };
      auto next = std::find_if(tables.begin(), tables.end(),
                               [&](const std::string& name) { return !referenced(name); });
      if (next == tables.end()) next = tables.begin();
      Safety safety;
      safety.raise(StepSafety::destructive, "drops table " + *next + " and its data");
      add(kDropTables, "drop table " + *next, {"DROP TABLE " + backend_.quote(*next)}, safety);
      tables.erase(next);
    }
  }

  const Backend& backend_;
  const SystemSpec& spec_;
  const std::vector<const EntitySpec*>& entities_;
  const LiveSchema& live_;
  std::vector<MigrationStep> phases_[kPhaseCount];
};

}  // namespace

std::vector<MigrationStep> plan_declarative(const Backend& backend, const SystemSpec& spec,
                                            const std::vector<const EntitySpec*>& entities,
                                            const LiveSchema& live,
                                            const std::vector<SchemaDifference>& differences) {
  return Planner(backend, spec, entities, live).plan(differences);
}

}  // namespace v5store::detail
