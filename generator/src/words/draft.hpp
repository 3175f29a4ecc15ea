// The draft model: what `v5gen draft` understood from plain English, before it is written as a
// spec. Every inference carries the reason it was made, so the written spec can explain itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace v5gen::words {

// One field of a drafted entity, with the spec keys the drafter can set.
struct DraftField {
  std::string name;
  std::string type = "string";  // a spec type name: bool, int32, int64, string, enum, ...
  bool primary_key = false;
  bool generated = false;
  bool nullable = false;
  bool unique = false;
  std::optional<std::int64_t> max_length;
  std::optional<std::string> pattern;
  std::optional<double> min;
  std::vector<std::string> values;  // enum members
  std::optional<std::string> default_value;
  std::string references;  // "entity.field" for a foreign key, else empty
  std::string on_delete;   // cascade | restrict | set_null when `references` is set
  int precision = 0;       // decimal
  int scale = 0;
  std::string reason;  // why this name and type: written as the field's comment
};

// One drafted entity: singular snake_case name, plural table, fields in order of mention.
struct DraftEntity {
  std::string name;
  std::string table;
  std::vector<DraftField> fields;
  std::vector<std::string> indexed_fields;  // one single-field index each (foreign keys)

  DraftField* find_field(const std::string& field_name);
  const DraftField* find_field(const std::string& field_name) const;
};

// A sentence (or part of one) the drafter could not use, and why.
struct UnusedText {
  std::string text;
  std::string reason;
};

// The whole draft: the system, its backend and entities, every assumption made and every piece
// of text that was not used.
struct Draft {
  std::string source_text;
  std::string system_name;
  std::string backend = "sqlite";  // sqlite | postgresql | mysql
  std::vector<DraftEntity> entities;
  std::vector<std::string> assumptions;
  std::vector<UnusedText> unused;

  DraftEntity* find_entity(const std::string& entity_name);
  const DraftEntity* find_entity(const std::string& entity_name) const;
};

}  // namespace v5gen::words
