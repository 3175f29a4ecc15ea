// The point-select fixture shared by the core and monitoring benchmarks: an in-memory SQLite
// table of kRows rows, the SELECT by primary key, the key sequence every variant uses, and the
// measured loop through a lease and a cached prepared statement. Header-only, bench-private.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include "connection.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace v5bench {

inline constexpr int kRows = 10000;
inline const std::string kPointSelect = "SELECT name, amount FROM bench_items WHERE id = :p1";

// The same pseudo-random key sequence (1..kRows) for every variant.
struct Keys {
  std::uint32_t state = 12345;
  long long next() {
    state = state * 1664525u + 1013904223u;
    return 1 + static_cast<long long>(state % kRows);
  }
};

// One SQLite :memory: database of `max_size` connections, all kept idle, with leak tracking on
// (the pool records every borrower's tag: it does more than SOCI's pool).
inline v5store::DatabaseSpec memory_database(int max_size) {
  v5store::DatabaseSpec database;
  database.name = "bench";
  database.backend = v5store::BackendKind::sqlite;
  database.dsn = "db=:memory:";
  database.pool.max_size = max_size;
  database.pool.min_idle = max_size;
  database.pool.leak_detection_ms = 60000;
  return database;
}

// Creates bench_items and fills it with kRows rows in one transaction.
inline void fill(soci::session& session) {
  session << "CREATE TABLE bench_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
             "amount INTEGER NOT NULL)";
  soci::transaction tx(session);
  long long id = 0;
  std::string name;
  long long amount = 0;
  soci::statement insert = (session.prepare << "INSERT INTO bench_items (id, name, amount) "
                                               "VALUES (:id, :name, :amount)",
                            soci::use(id), soci::use(name), soci::use(amount));
  for (id = 1; id <= kRows; ++id) {
    name = "item-" + std::to_string(id);
    amount = id * 3;
    insert.execute(true);
  }
  tx.commit();
}

// The measured loop of every v5 point-select variant: `acquire()` returns a v5store::Lease;
// each iteration borrows, runs the cached prepared SELECT for the next key and takes the row.
template <class Acquire>
void point_selects(benchmark::State& state, Acquire acquire) {
  const std::vector<v5store::FieldType> params{v5store::FieldType::int64};
  const std::vector<v5store::FieldType> results{v5store::FieldType::string,
                                                v5store::FieldType::int64};
  Keys keys;
  for (auto _ : state) {
    v5store::Lease lease = acquire();
    auto& select = lease.connection().statement(kPointSelect, params, results);
    select.bind(0, v5store::Value(static_cast<std::int64_t>(keys.next())));
    if (select.execute(1)) {  // by primary key: at most one row, no fetch past it
      v5store::Value name = select.take_result(0);
      v5store::Value amount = select.take_result(1);
      benchmark::DoNotOptimize(name);
      benchmark::DoNotOptimize(amount);
    }
  }
}

}  // namespace v5bench
