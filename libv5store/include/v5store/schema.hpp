// SchemaRegistry: the declared schema (entities, fields, keys, indexes, references) in the
// form the runtime uses, with every write-validation rule compiled once, and a stable checksum.
//
// Example:
//   const v5store::SchemaRegistry& schema = store.schema();
//   const v5store::EntitySchema& order = schema.entity("order");   // throws Error(schema)
//   order.validate(row, v5store::WriteKind::insert);               // throws Error(validation)
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "v5store/record.hpp"
#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace v5store {

namespace detail {
struct CompiledPattern;  // a field's pattern, compiled once (private)

// Transparent string hash so maps keyed by std::string can be searched with a string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
}  // namespace detail

// A broken write-validation rule: the field's path ("customer.email"), the rule ("type",
// "null", "required", "min", "max", "min_length", "max_length", "pattern", "enum", "format",
// "decimal", "unknown_field", "key") and a message that names both.
struct Violation {
  std::string path;
  std::string rule;
  std::string message;
};

// What a record is validated for: an insert needs every required field, an update only
// checks the fields it writes.
enum class WriteKind { insert, update };

// One field of an entity, with its rules compiled. Immutable after construction; thread-safe.
class FieldSchema {
 public:
  const FieldSpec& spec() const noexcept { return spec_; }
  const std::string& name() const noexcept { return spec_.name; }
  // The column in the table: the spec's `column`, else the name.
  const std::string& column() const noexcept {
    return spec_.column.empty() ? spec_.name : spec_.column;
  }
  FieldType type() const noexcept { return spec_.type; }
  // "entity.field", the path used in validation errors.
  const std::string& path() const noexcept { return path_; }
  // Position of the field in its entity (declaration order).
  std::size_t index() const noexcept { return index_; }
  bool nullable() const noexcept { return spec_.nullable; }
  bool primary_key() const noexcept { return spec_.primary_key; }
  bool generated() const noexcept { return spec_.generated; }
  bool unique() const noexcept { return spec_.unique; }

  // True when the field has a declared default.
  bool has_default() const noexcept { return default_.has_value() || default_now_; }

  // True when the declared default is "now": writes take the database's clock for it.
  bool default_is_now() const noexcept { return default_now_; }

  // The declared default as a Value of the field's type ("now" is evaluated at the call, on
  // the application's clock; record writes use the database's instead); nullopt when there is
  // none. Throws nothing but std::bad_alloc.
  std::optional<Value> default_value() const;

  // True when a write must supply a value: not nullable, not generated, no default.
  bool required() const noexcept { return !spec_.nullable && !spec_.generated && !has_default(); }

  // Checks one value against the field's rules: type, null, min/max, length, pattern (the
  // compiled regex), enum, uuid/decimal format. Returns the first broken rule, or nullopt.
  // Thread-safe.
  std::optional<Violation> check(const Value& value) const;

  // Same as check() but throws Error(validation) with the violation's message.
  void validate(const Value& value) const;

 private:
  friend class SchemaRegistry;
  FieldSpec spec_;
  std::string path_;
  std::size_t index_ = 0;
  std::optional<Value> default_;
  bool default_now_ = false;
  std::shared_ptr<const detail::CompiledPattern> pattern_;
};

// A foreign key: `field` (an index into the entity's fields) references `entity`.`target_field`.
struct Reference {
  std::size_t field = 0;
  std::string entity;
  std::string table;
  std::string target_field;
  OnDelete on_delete = OnDelete::no_action;
};

// One entity: its table, fields, primary key (one or several fields), indexes and references.
// Immutable after construction; thread-safe.
class EntitySchema {
 public:
  const std::string& name() const noexcept { return name_; }
  const std::string& table() const noexcept { return table_; }
  const std::string& description() const noexcept { return description_; }
  // `read_only: true`: records refuse update and remove (Error(validation)); such an entity
  // may have no primary key (an imported table without one).
  bool read_only() const noexcept { return read_only_; }
  // Position of the entity in its registry (declaration order).
  std::size_t index() const noexcept { return index_; }

  // The fields in declaration order.
  const std::vector<FieldSchema>& fields() const noexcept { return fields_; }

  // The field named `name`, or nullptr.
  const FieldSchema* find_field(std::string_view name) const noexcept;

  // The field named `name`. Throws Error(schema) "unknown field entity.name".
  const FieldSchema& field(std::string_view name) const;

  // Indexes into fields() of the primary-key fields, in declaration order; empty only for a
  // read-only entity.
  const std::vector<std::size_t>& primary_key() const noexcept { return primary_key_; }

  // The database-generated key field (auto increment), or nullptr.
  const FieldSchema* generated_field() const noexcept {
    return generated_ ? &fields_[*generated_] : nullptr;
  }

  // The declared indexes; an index without a name is named "ix_<table>_<field>[_<field>...]".
  // (Fields with `unique: true` are not listed here: see FieldSchema::unique().)
  const std::vector<IndexSpec>& indexes() const noexcept { return indexes_; }

  // The foreign keys, in field order.
  const std::vector<Reference>& references() const noexcept { return references_; }

  // The entity's `foreign_keys` entries (also composite), referenced_fields filled in with the
  // referenced entity's primary key when the spec leaves them out.
  const std::vector<ForeignKeySpec>& foreign_keys() const noexcept { return foreign_keys_; }

  // Validates a record before it is written: every field must exist and pass its rules; for
  // an insert every required field must be present.
  // Throws Error(validation) whose message names "entity.field" and the rule. Thread-safe.
  void validate(const Record& record, WriteKind kind) const;

  // Checks that `key` has one value per primary-key field, each passing the field's rules.
  // Throws Error(validation) naming "entity.field" otherwise.
  void validate_key(const Key& key) const;

 private:
  friend class SchemaRegistry;
  std::string name_;
  std::string table_;
  std::string description_;
  bool read_only_ = false;
  std::size_t index_ = 0;
  std::vector<FieldSchema> fields_;
  std::unordered_map<std::string, std::size_t, detail::StringHash, std::equal_to<>> by_name_;
  std::vector<std::size_t> primary_key_;
  std::optional<std::size_t> generated_;
  std::vector<IndexSpec> indexes_;
  std::vector<Reference> references_;
  std::vector<ForeignKeySpec> foreign_keys_;
};

// Every entity of a spec. Built once (the store builds it when it opens); immutable and
// thread-safe afterwards. Copyable.
class SchemaRegistry {
 public:
  // Builds the registry from the spec's entities. Throws Error(schema) naming the entity or
  // field for: a duplicate entity or field, an entity without a primary key, more than one
  // generated field or one that is not an int32/int64 key field, a reference to an unknown
  // entity or field, an index on an unknown field, a pattern that does not compile, a
  // default that does not fit its type, an enum without values.
  explicit SchemaRegistry(const SystemSpec& spec);
  explicit SchemaRegistry(const std::vector<EntitySpec>& entities);

  // The entities in declaration order.
  const std::vector<EntitySchema>& entities() const noexcept { return entities_; }

  // The entity named `name`, or nullptr.
  const EntitySchema* find(std::string_view name) const noexcept;

  // The entity named `name`. Throws Error(schema) "unknown entity name".
  const EntitySchema& entity(std::string_view name) const;

  // "sha256:<64 hex>" over a canonical form of the declared schema (entities sorted by name;
  // table, fields in order with every rule, indexes, references; descriptions excluded).
  // Equal specs give equal checksums on every platform and run.
  const std::string& checksum() const noexcept { return checksum_; }

  // The canonical text the checksum is computed over (for diagnostics).
  const std::string& canonical_form() const noexcept { return canonical_; }

 private:
  void build(const std::vector<EntitySpec>& entities);
  std::vector<EntitySchema> entities_;
  std::unordered_map<std::string, std::size_t, detail::StringHash, std::equal_to<>> by_name_;
  std::string canonical_;
  std::string checksum_;
};

}  // namespace v5store
