// What a catalog holds beside its tables: the schema objects and user-defined types that
// Backend::introspect_extras() reads for v5gen import.
#pragma once

#include <string>
#include <vector>

namespace v5store::detail {

// A schema object that is not an importable table: a view, materialized view, function,
// procedure, trigger, sequence, foreign table or table partition (v5gen import lists them as
// "not imported").
struct CatalogObject {
  std::string kind;  // "view", "materialized view", "function", "trigger", "partition", ...
  std::string name;  // a trigger is "<trigger> on <table>"
};

// A user-defined type of the schema: a PostgreSQL enum type (its labels in order) or domain
// (its base type, NOT NULL and CHECK conditions, each as pg_get_constraintdef writes it).
struct CatalogType {
  std::string name;
  bool is_enum = false;
  std::vector<std::string> labels;
  std::string base_type;
  bool not_null = false;
  std::vector<std::string> checks;
};

// What introspect() leaves out, for v5gen import.
struct CatalogExtras {
  std::vector<CatalogObject> objects;  // sorted by kind, then name
  std::vector<CatalogType> types;      // sorted by name
};

}  // namespace v5store::detail
