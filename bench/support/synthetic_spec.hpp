// The synthetic system spec of the spec-processing benchmarks (validate_bench, generate_bench):
// a chain of N entities `item_<i>` (table items_<i>), each with an id, a unique code, a ranged
// integer, an enum with a default and a timestamp, a foreign key to the previous entity with its
// index, and a store component. Header-only, bench-private.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace v5bench {

// What differs between the benchmarks' specs.
struct SyntheticSpecShape {
  // system.name
  std::string_view system;
  // The YAML lines under `databases:`.
  std::string_view databases;
  // The database of each store component: component i uses entry i % size.
  std::vector<std::string_view> store_databases;
  // Extra keys of every `code` field (", pattern: ...").
  std::string_view code_keys;
  // More field lines of every entity, after `state`.
  std::string_view extra_fields;
};

// The YAML text of a valid spec of `entities` entities of `shape`.
inline std::string synthetic_spec(int entities, const SyntheticSpecShape& shape) {
  std::string spec = fmt::format(
      "schema_version: 1\n"
      "system: {{ name: {}, version: 1 }}\n"
      "databases:\n"
      "{}"
      "entities:\n",
      shape.system, shape.databases);
  for (int i = 0; i < entities; ++i) {
    spec += fmt::format(
        "  item_{0}:\n"
        "    table: items_{0}\n"
        "    fields:\n"
        "      id:         {{ type: int64, primary_key: true, generated: true }}\n"
        "      code:       {{ type: string, max_length: 32, unique: true{1} }}\n"
        "      quantity:   {{ type: int32, min: 0, max: 1000, default: 1 }}\n"
        "      state:      {{ type: enum, values: [new, used, gone], default: new }}\n"
        "{2}"
        "      created_at: {{ type: timestamp, default: now }}\n",
        i, shape.code_keys, shape.extra_fields);
    if (i > 0) {
      spec += fmt::format(
          "      parent_id:  {{ type: int64, references: item_{0}.id, on_delete: cascade }}\n"
          "    indexes:\n"
          "      - {{ fields: [parent_id] }}\n",
          i - 1);
    }
  }
  spec += "components:\n";
  for (int i = 0; i < entities; ++i) {
    spec += fmt::format("  - {{ name: items_{0}, type: store, entity: item_{0}, database: {1} }}\n",
                        i, shape.store_databases[i % shape.store_databases.size()]);
  }
  return spec;
}

}  // namespace v5bench
