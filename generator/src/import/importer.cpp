// The catalog to spec model: names, fields, keys, indexes, references, then a drift check of
// the result against the same database that keeps the real type or default wherever the
// mapped one would differ.
#include "import/importer.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>

#include "import/naming.hpp"
#include "import/type_mapping.hpp"
#include "v5store/introspection.hpp"
#include "v5store/migrator.hpp"
#include "words/inflect.hpp"

namespace v5gen::import {

namespace {

using v5store::EntitySpec;
using v5store::FieldSpec;
using v5store::FieldType;
using v5store::LiveTable;

bool matches_any(const std::vector<std::string>& globs, const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  });
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

bool is_identifier(std::string_view name) {
  if (name.empty() || name.size() > 63 || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Where each imported table's entity and each column's field ended up.
struct Names {
  std::map<std::string, std::string> entity_of_table;
  std::map<std::string, std::map<std::string, std::string>> field_of_column;  // table -> column
};

class Importer {
 public:
  Importer(const v5store::detail::Backend& backend, soci::session& session,
           const ImportOptions& options)
      : backend_(backend), session_(session), options_(options) {}

  ImportResult run() {
    live_ = backend_.introspect(session_);
    extras_ = backend_.introspect_extras(session_);
    result_.spec.name = options_.system;
    result_.dsn_variable = upper(options_.system) + "_DSN";
    v5store::DatabaseSpec database;
    database.name = "main";
    database.backend = backend_.kind();
    database.dsn_template = "${" + result_.dsn_variable + "}";
    result_.spec.databases.push_back(database);
    result_.spec.migrations.mode = v5store::MigrationMode::declarative;
    for (const auto& object : extras_.objects) {
      result_.not_imported.push_back({object.kind, object.name, reason_for(object.kind)});
      if (object.kind == "partition") partitions_.insert(object.name);
    }
    std::vector<const LiveTable*> tables;
    for (const auto& table : live_.tables) {
      if (selected(table)) tables.push_back(&table);
    }
    for (const LiveTable* table : tables) add_entity(*table);
    for (const LiveTable* table : tables) add_references(*table);
    add_components();
    reconcile_with_drift();
    return std::move(result_);
  }

 private:
  static std::string reason_for(const std::string& kind) {
    if (kind == "partition") return "a partition of an imported table (rows are read through it)";
    if (kind == "view" || kind == "materialized view") return "v5store maps tables only";
    if (kind == "sequence") return "not owned by a column; v5store has no sequences";
    if (kind == "trigger") return "runs in the database unchanged; v5store does not manage it";
    return "v5store manages tables only; it stays in the database unchanged";
  }

  bool selected(const LiveTable& table) {
    if (table.name == v5store::kSchemaHistoryTable || partitions_.count(table.name) != 0) return false;
    if (!options_.include.empty() && !matches_any(options_.include, table.name)) return false;
    if (matches_any(options_.exclude, table.name)) {
      result_.not_imported.push_back({"table", table.name, "left out by --exclude"});
      return false;
    }
    if (auto why = unusable_name(table.name)) {
      result_.not_imported.push_back({"table", "(name not shown)", *why});
      return false;
    }
    for (const auto& column : table.columns) {
      if (auto why = unusable_name(column.name)) {
        result_.not_imported.push_back({"table", table.name, "a column name: " + *why});
        return false;
      }
    }
    return true;
  }

  void add_entity(const LiveTable& table) {
    EntitySpec entity;
    const PickedName picked = entities_.pick(words::singular(snake_name(table.name)), table.name);
    entity.name = picked.name;
    entity.table = table.name;
    std::vector<std::string> notes;
    if (!picked.why.empty()) notes.push_back("named " + entity.name + ": " + picked.why);
    names_.entity_of_table[table.name] = entity.name;
    NameScope fields;
    auto& field_names = names_.field_of_column[table.name];
    for (const auto& column : table.columns) {
      MappedField mapped = map_column(backend_, table, column, extras_);
      FieldSpec& field = mapped.field;
      const PickedName name = fields.pick(snake_name(column.name), column.name);
      field.name = name.name;
      field.column = column.name;
      if (!name.why.empty()) mapped.notes.insert(mapped.notes.begin(), "named " + field.name + ": " + name.why);
      field.primary_key = std::find(table.primary_key.begin(), table.primary_key.end(),
                                    column.name) != table.primary_key.end();
      const bool integer = field.type == FieldType::int32 || field.type == FieldType::int64;
      if (column.generated && field.primary_key && table.primary_key.size() == 1 && integer) {
        field.generated = true;
      } else if (column.generated) {
        // A serial column that is not the one key: its default draws from the sequence.
        if (column.default_value) field.default_sql = column.default_value;
        mapped.notes.push_back("generated by the database (not a single integer key)");
      }
      if (field.primary_key) field.nullable = false;
      field.description = joined(mapped.notes, "; ");
      field_names[column.name] = field.name;
      entity.fields.push_back(std::move(field));
    }
    key_first(table, entity);
    if (table.primary_key.empty()) {
      entity.read_only = true;
      notes.push_back("no primary key: imported read-only (no update or remove)");
    }
    add_indexes(table, entity);
    entity.description = joined(notes, "; ");
    result_.spec.entities.push_back(std::move(entity));
  }

  // A composite key whose order differs from the column order: its fields move to the front,
  // in key order (the spec's key order is the fields' order).
  static void key_first(const LiveTable& table, EntitySpec& entity) {
    std::vector<FieldSpec> ordered;
    for (const auto& column : table.primary_key) {
      for (const auto& field : entity.fields) {
        if (field.column == column) ordered.push_back(field);
      }
    }
    std::vector<std::string> declared;
    for (const auto& field : entity.fields) {
      if (field.primary_key) declared.push_back(field.column);
    }
    if (declared == table.primary_key) return;
    for (const auto& field : entity.fields) {
      if (!field.primary_key) ordered.push_back(field);
    }
    entity.fields = std::move(ordered);
  }

  void add_indexes(const LiveTable& table, EntitySpec& entity) {
    const auto& field_names = names_.field_of_column[table.name];
    for (const auto& index : table.indexes) {
      if (index.columns == table.primary_key) continue;
      if (index.unique && index.columns.size() == 1) {
        for (auto& field : entity.fields) {
          if (field.column == index.columns.front()) field.unique = true;
        }
        continue;
      }
      v5store::IndexSpec spec;
      for (const auto& column : index.columns) spec.fields.push_back(field_names.at(column));
      spec.unique = index.unique;
      if (is_identifier(index.name)) spec.name = index.name;
      entity.indexes.push_back(std::move(spec));
    }
  }

  void add_references(const LiveTable& table) {
    EntitySpec& entity = *std::find_if(
        result_.spec.entities.begin(), result_.spec.entities.end(),
        [&](const EntitySpec& e) { return e.table == table.name; });
    for (const auto& fk : table.foreign_keys) {
      const std::string label = table.name + " (" + joined(fk.columns, ", ") + ") -> " +
                                fk.referenced_table + " (" + joined(fk.referenced_columns, ", ") + ")";
      const auto target = names_.entity_of_table.find(fk.referenced_table);
      if (target == names_.entity_of_table.end()) {
        result_.not_imported.push_back({"foreign key", label, "its table is not imported"});
        continue;
      }
      if (fk.columns.size() != 1) {
        entity.foreign_keys.push_back(composite_key(table, fk, target->second));
        continue;
      }
      for (auto& field : entity.fields) {
        if (field.column != fk.columns.front()) continue;
        field.references_entity = target->second;
        field.references_field = names_.field_of_column[fk.referenced_table][fk.referenced_columns.front()];
        field.on_delete = fk.on_delete;
      }
    }
  }

  // A composite foreign key as a `foreign_keys` entry; referenced_fields left out when they
  // are the referenced table's primary key in key order (SQLite's `REFERENCES t` names none).
  v5store::ForeignKeySpec composite_key(const LiveTable& table, const v5store::LiveForeignKey& fk,
                                        const std::string& target_entity) {
    v5store::ForeignKeySpec spec;
    spec.references = target_entity;
    spec.on_delete = fk.on_delete;
    const auto& own = names_.field_of_column[table.name];
    for (const auto& column : fk.columns) spec.fields.push_back(own.at(column));
    const LiveTable* target = live_.find_table(fk.referenced_table);
    const bool named = std::any_of(fk.referenced_columns.begin(), fk.referenced_columns.end(),
                                   [](const std::string& column) { return !column.empty(); });
    if (!named || (target != nullptr && fk.referenced_columns == target->primary_key)) return spec;
    const auto& theirs = names_.field_of_column[fk.referenced_table];
    for (const auto& column : fk.referenced_columns) spec.referenced_fields.push_back(theirs.at(column));
    return spec;
  }

  void add_components() {
    NameScope components;
    for (const auto& entity : result_.spec.entities) {
      v5store::ComponentSpec component;
      component.name = components.pick(words::plural(entity.name), entity.name).name;
      component.type = "store";
      component.entity = entity.name;
      component.database = "main";
      result_.spec.components.push_back(std::move(component));
    }
  }

  // Drift between the imported entities and the database: a type or default the mapping
  // spelled otherwise is replaced by the database's own (sql_type, default_sql); what is left
  // is reported.
  void reconcile_with_drift() {
    for (int pass = 0; pass < 2; ++pass) {
      const v5store::DriftReport report = v5store::check_drift(result_.spec, "main", session_);
      bool changed = false;
      result_.drift.clear();
      for (const auto& d : report.differences) {
        FieldSpec* field = field_for(d.table, d.object);
        const v5store::LiveTable* table = live_.find_table(d.table);
        const v5store::LiveColumn* column =
            field != nullptr && table != nullptr ? table->find_column(field->column) : nullptr;
        if (column != nullptr && pass == 0 &&
            (d.kind == v5store::DifferenceKind::column_type ||
             d.kind == v5store::DifferenceKind::column_check)) {
          field->sql_type = column->raw_type;
          changed = true;
        } else if (column != nullptr && pass == 0 &&
                   d.kind == v5store::DifferenceKind::column_default && column->default_value) {
          field->default_value.reset();
          field->default_sql = column->default_value;
          changed = true;
        } else {
          result_.drift.push_back(d.to_string());
        }
      }
      if (!changed) return;
    }
  }

  FieldSpec* field_for(const std::string& table, const std::string& field_name) {
    for (auto& entity : result_.spec.entities) {
      if (entity.table != table) continue;
      for (auto& field : entity.fields) {
        if (field.name == field_name) return &field;
      }
    }
    return nullptr;
  }

  const v5store::detail::Backend& backend_;
  soci::session& session_;
  const ImportOptions& options_;
  v5store::LiveSchema live_;
  v5store::detail::CatalogExtras extras_;
  std::set<std::string> partitions_;
  NameScope entities_;
  Names names_;
  ImportResult result_;
};

}  // namespace

ImportResult import_catalog(const v5store::detail::Backend& backend, soci::session& session,
                            const ImportOptions& options) {
  return Importer(backend, session, options).run();
}

}  // namespace v5gen::import
