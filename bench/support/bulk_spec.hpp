// The spec of the bulk-insert benchmarks (bulk_insert_bench.cpp on SQLite,
// pg_bulk_insert_bench.cpp on PostgreSQL): one database of one connection and the entity
// bench_item on table bench_bulk, an int64 key, a bounded name and a non-negative amount, each
// validated by the schema registry as every write is. Header-only, bench-private.
#pragma once

#include <string>

#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace v5bench {

inline v5store::SystemSpec bulk_spec(v5store::BackendKind backend, const std::string& dsn) {
  v5store::SystemSpec spec;
  spec.name = "bench";
  v5store::DatabaseSpec database;
  database.name = "bench";
  database.backend = backend;
  database.dsn = dsn;
  database.pool.max_size = 1;
  database.pool.min_idle = 1;
  spec.databases.push_back(database);
  v5store::EntitySpec item;
  item.name = "bench_item";
  item.table = "bench_bulk";
  v5store::FieldSpec id;
  id.name = "id";
  id.type = v5store::FieldType::int64;
  id.primary_key = true;
  v5store::FieldSpec name;
  name.name = "name";
  name.max_length = 64;
  v5store::FieldSpec amount;
  amount.name = "amount";
  amount.type = v5store::FieldType::int64;
  amount.min = 0;
  item.fields = {id, name, amount};
  spec.entities.push_back(item);
  return spec;
}

}  // namespace v5bench
