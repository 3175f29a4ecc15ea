// SchemaRegistry: builds the runtime schema from the spec's entities, checks it, compiles the
// validation rules once and computes the checksum.
#include "v5store/schema.hpp"

#include <charconv>
#include <cstdlib>
#include <regex>

#include "schema/canonical.hpp"
#include "schema/compiled_pattern.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/names.hpp"
#include "v5store/internal/sha256.hpp"

namespace v5store {
namespace {

[[noreturn]] void schema_error(const std::string& message) {
  throw Error(ErrorCode::schema, message);
}

bool is_integer_type(FieldType type) noexcept {
  return type == FieldType::int32 || type == FieldType::int64;
}

// The declared default as a Value of the field's type; nullopt when it does not parse.
std::optional<Value> parse_default(const FieldSpec& field, const std::string& text) {
  switch (field.type) {
    case FieldType::boolean:
      if (text == "true") return Value(true);
      if (text == "false") return Value(false);
      return std::nullopt;
    case FieldType::int32:
    case FieldType::int64: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return Value(n);
    }
    case FieldType::float64: {
      char* end = nullptr;
      const double d = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
      return Value(d);
    }
    case FieldType::bytes: return Value(Bytes(text.begin(), text.end()));
    case FieldType::date:
      try {
        return Value(parse_date(text));
      } catch (const Error&) {
        return std::nullopt;
      }
    case FieldType::timestamp:
      try {
        return Value(parse_timestamp(text));
      } catch (const Error&) {
        return std::nullopt;
      }
    default: return Value(text);
  }
}

bool is_now(const std::string& text) noexcept {
  return text == "now" || text == "current_timestamp" || text == "CURRENT_TIMESTAMP";
}

}  // namespace

const FieldSchema* EntitySchema::find_field(std::string_view name) const noexcept {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &fields_[it->second];
}

const FieldSchema& EntitySchema::field(std::string_view name) const {
  const FieldSchema* field = find_field(name);
  if (field == nullptr) schema_error("unknown field " + name_ + "." + std::string(name));
  return *field;
}

void EntitySchema::validate(const Record& record, WriteKind kind) const {
  for (const Record::Entry& entry : record) {
    const FieldSchema* field = find_field(entry.field);
    if (field == nullptr) {
      throw Error(ErrorCode::validation, name_ + "." + entry.field +
                                             ": unknown_field: the entity declares no such field");
    }
    field->validate(entry.value);
  }
  if (kind == WriteKind::insert) {
    for (const FieldSchema& field : fields_) {
      if (field.required() && !record.contains(field.name())) {
        throw Error(ErrorCode::validation, field.path() + ": required: missing on insert");
      }
    }
  }
}

void EntitySchema::validate_key(const Key& key) const {
  if (key.size() != primary_key_.size()) {
    throw Error(ErrorCode::validation,
                name_ + ": key: expected " + std::to_string(primary_key_.size()) +
                    " key value(s), got " + std::to_string(key.size()) + " " + key.to_string());
  }
  for (std::size_t i = 0; i < primary_key_.size(); ++i) {
    const FieldSchema& field = fields_[primary_key_[i]];
    if (is_null(key[i])) throw Error(ErrorCode::validation, field.path() + ": null: key is NULL");
    field.validate(key[i]);
  }
}

SchemaRegistry::SchemaRegistry(const SystemSpec& spec) { build(spec.entities); }

SchemaRegistry::SchemaRegistry(const std::vector<EntitySpec>& entities) { build(entities); }

const EntitySchema* SchemaRegistry::find(std::string_view name) const noexcept {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &entities_[it->second];
}

const EntitySchema& SchemaRegistry::entity(std::string_view name) const {
  const EntitySchema* entity = find(name);
  if (entity == nullptr) schema_error("unknown entity " + std::string(name));
  return *entity;
}

void SchemaRegistry::build(const std::vector<EntitySpec>& specs) {
  entities_.reserve(specs.size());
  for (const EntitySpec& spec : specs) {
    EntitySchema entity;
    entity.name_ = spec.name;
    entity.table_ = detail::table_name(spec);
    entity.description_ = spec.description;
    entity.read_only_ = spec.read_only;
    entity.index_ = entities_.size();
    if (!by_name_.emplace(spec.name, entity.index_).second) {
      schema_error("duplicate entity " + spec.name);
    }
    for (const FieldSpec& field_spec : spec.fields) {
      FieldSchema field;
      field.spec_ = field_spec;
      field.path_ = spec.name + "." + field_spec.name;
      field.index_ = entity.fields_.size();
      if (!entity.by_name_.emplace(field_spec.name, field.index_).second) {
        schema_error("duplicate field " + field.path_);
      }
      if (field_spec.type == FieldType::enumeration && field_spec.values.empty()) {
        schema_error(field.path_ + ": enum without values");
      }
      if (field_spec.pattern) {
        try {
          field.pattern_ = std::make_shared<const detail::CompiledPattern>(detail::CompiledPattern{
              *field_spec.pattern, std::regex(*field_spec.pattern, std::regex::ECMAScript)});
        } catch (const std::regex_error& e) {
          schema_error(field.path_ + ": pattern does not compile: " + e.what());
        }
      }
      if (field_spec.generated) {
        if (!is_integer_type(field_spec.type) || !field_spec.primary_key) {
          schema_error(field.path_ + ": a generated field must be an int32/int64 primary key");
        }
        if (entity.generated_) schema_error(spec.name + ": more than one generated field");
        entity.generated_ = field.index_;
      }
      if (field_spec.default_value) {
        if (is_now(*field_spec.default_value) &&
            (field_spec.type == FieldType::timestamp || field_spec.type == FieldType::date)) {
          field.default_now_ = true;
        } else {
          field.default_ = parse_default(field_spec, *field_spec.default_value);
          if (!field.default_) {
            schema_error(field.path_ + ": default '" + *field_spec.default_value +
                         "' is not a valid " + std::string(to_string(field_spec.type)));
          }
          if (auto violation = field.check(*field.default_)) {
            schema_error("default of " + violation->message);
          }
        }
      }
      if (field_spec.primary_key) entity.primary_key_.push_back(field.index_);
      entity.fields_.push_back(std::move(field));
    }
    if (entity.primary_key_.empty() && !spec.read_only) {
      schema_error(spec.name + ": no primary key field (an entity without one must be read_only)");
    }
    for (const IndexSpec& index_spec : spec.indexes) {
      IndexSpec index = index_spec;
      if (index.fields.empty()) schema_error(spec.name + ": index without fields");
      for (const std::string& field : index.fields) {
        if (entity.find_field(field) == nullptr) {
          schema_error(spec.name + ": index on unknown field " + spec.name + "." + field);
        }
      }
      if (index.name.empty()) index.name = detail::index_name(entity.table_, index.fields);
      entity.indexes_.push_back(std::move(index));
    }
    entities_.push_back(std::move(entity));
  }
  // References resolve once every entity is known.
  for (EntitySchema& entity : entities_) {
    for (const FieldSchema& field : entity.fields_) {
      const FieldSpec& spec = field.spec();
      if (!spec.references_entity) continue;
      const EntitySchema* target = find(*spec.references_entity);
      if (target == nullptr) {
        schema_error(field.path() + ": references unknown entity " + *spec.references_entity);
      }
      const std::string target_field = spec.references_field.value_or(
          target->primary_key().size() == 1
              ? target->fields()[target->primary_key().front()].name()
              : std::string());
      if (target->find_field(target_field) == nullptr) {
        schema_error(field.path() + ": references unknown field " + target->name() + "." +
                     target_field);
      }
      entity.references_.push_back(
          Reference{field.index(), target->name(), target->table(), target_field, spec.on_delete});
    }
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    EntitySchema& entity = entities_[i];
    for (ForeignKeySpec fk : specs[i].foreign_keys) {
      const EntitySchema* target = find(fk.references);
      if (target == nullptr) {
        schema_error(entity.name_ + ": foreign key references unknown entity " + fk.references);
      }
      if (fk.referenced_fields.empty()) {
        for (const std::size_t key : target->primary_key()) {
          fk.referenced_fields.push_back(target->fields()[key].name());
        }
      }
      for (const std::string& field : fk.fields) {
        if (entity.find_field(field) == nullptr) {
          schema_error(entity.name_ + ": foreign key on unknown field " + entity.name_ + "." + field);
        }
      }
      for (const std::string& field : fk.referenced_fields) {
        if (target->find_field(field) == nullptr) {
          schema_error(entity.name_ + ": foreign key references unknown field " + target->name() +
                       "." + field);
        }
      }
      if (fk.fields.size() != fk.referenced_fields.size()) {
        schema_error(entity.name_ + ": foreign key fields and referenced fields differ in count");
      }
      entity.foreign_keys_.push_back(std::move(fk));
    }
  }
  canonical_ = detail::canonical_form(entities_);
  checksum_ = "sha256:" + detail::sha256_hex(canonical_);
}

}  // namespace v5store
