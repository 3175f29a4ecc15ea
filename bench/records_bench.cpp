// Record API benchmarks on SQLite in-memory, each beside its baselines:
//   BM_Insert/{sqlite3_raw, soci_prepared, v5_typed}: one row inserted and its generated id
//     read back (sqlite3_last_insert_rowid, as v5store does on SQLite), all inside one
//     transaction; v5_typed validates every field (type, null, min/max, max_length, enum)
//     before binding.
//   BM_PointGet/{soci_prepared, v5_typed, v5_cache_hit}: one row read by primary key into a
//     struct; v5_cache_hit is served by the component's read cache.
//   BM_Find/{range_indexed, range_soci_prepared}: one 50-row keyset page of a range condition
//     on an indexed field (100k rows, quantity BETWEEN 100 AND 199, ordered by id) into
//     structs; the next iteration continues after the last id (v5: the page's cursor).
//   BM_Query/{raw, raw_described, soci_prepared}: raw SQL, COUNT(*) on an indexed field, with a
//     declared result column (raw), with backend-described columns (raw_described), and through
//     a SOCI prepared statement.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "support/fixed_iterations.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"
#include "v5store/transaction.hpp"

namespace {

struct Item {
  std::int64_t id = 0;
  std::string name;
  std::int32_t quantity = 0;
  double price = 0;
  std::string state;
};

}  // namespace

template <>
struct v5store::entity_traits<Item> {
  static constexpr std::string_view entity = "item";
  static constexpr auto fields = std::make_tuple(
      v5store::field("id", &Item::id), v5store::field("name", &Item::name),
      v5store::field("quantity", &Item::quantity), v5store::field("price", &Item::price),
      v5store::field("state", &Item::state));
};

namespace {

constexpr const char* kSpec = R"(
schema_version: 1
system: { name: bench, version: 1 }
databases:
  main: { backend: sqlite, dsn: "db=:memory:", pool: { max_size: 1, min_idle: 1 } }
entities:
  item:
    fields:
      id:       { type: int64, primary_key: true, generated: true }
      name:     { type: string, max_length: 64 }
      quantity: { type: int32, min: 0, max: 1000000 }
      price:    { type: float64, min: 0 }
      state:    { type: enum, values: [new, active, retired] }
components:
  - { name: items, type: store, entity: item, database: main, cache: { max_entries: 100000, ttl_s: 300 } }
)";

constexpr const char* kCreate =
    "CREATE TABLE item (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(64) NOT NULL, "
    "quantity INTEGER NOT NULL, price REAL NOT NULL, state VARCHAR(16) NOT NULL)";
constexpr int kRows = 1000;

// The v5store side: spec, registry, one pooled in-memory connection, Records.
struct V5 {
  explicit V5(bool cached) : spec(v5store::parse_spec_string(kSpec, "bench")), registry(spec) {
    pool = std::make_unique<v5store::ConnectionPool>(spec.databases.front());
    v5store::RecordsOptions options;
    if (cached) options.components = spec.components;
    records = std::make_unique<v5store::Records>(registry, *pool, options);
    v5store::Lease lease = pool->acquire();
    lease.session() << kCreate;
  }
  v5store::SystemSpec spec;
  v5store::SchemaRegistry registry;
  std::unique_ptr<v5store::ConnectionPool> pool;
  std::unique_ptr<v5store::Records> records;
};

Item sample(std::int64_t i) {
  return Item{0, "item " + std::to_string(i % 100), static_cast<std::int32_t>(i % 1000),
              1.5 + static_cast<double>(i % 10), "active"};
}

// SOCI's SQLite header includes <sqlite3.h> inside namespace sqlite_api.
using namespace sqlite_api;  // NOLINT: the C API's names, as its macros expect them

void BM_Insert_sqlite3_raw(benchmark::State& state) {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, kCreate, nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO item (name, quantity, price, state) VALUES (?, ?, ?, ?)",
                     -1, &stmt, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  std::int64_t i = 0;
  for (auto _ : state) {
    Item item = sample(i++);
    sqlite3_bind_text(stmt, 1, item.name.c_str(), static_cast<int>(item.name.size()),
                      SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, item.quantity);
    sqlite3_bind_double(stmt, 3, item.price);
    sqlite3_bind_text(stmt, 4, item.state.c_str(), static_cast<int>(item.state.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    item.id = sqlite3_last_insert_rowid(db);
    benchmark::DoNotOptimize(item.id);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}
BENCHMARK(BM_Insert_sqlite3_raw)
    ->Name("BM_Insert/sqlite3_raw")
    ->Apply(v5bench::iterations_from_env);

void BM_Insert_soci_prepared(benchmark::State& state) {
  soci::session sql(*soci::factory_sqlite3(), "db=:memory:");
  sql << kCreate;
  sqlite3* native = static_cast<soci::sqlite3_session_backend*>(sql.get_backend())->conn_;
  Item item;
  int quantity = 0;
  soci::statement st = (sql.prepare << "INSERT INTO item (name, quantity, price, state) "
                                       "VALUES (:n, :q, :p, :s)",
                        soci::use(item.name), soci::use(quantity), soci::use(item.price),
                        soci::use(item.state));
  soci::transaction tx(sql);
  std::int64_t i = 0;
  for (auto _ : state) {
    item = sample(i++);
    quantity = item.quantity;
    st.execute(true);
    item.id = sqlite3_last_insert_rowid(native);
    benchmark::DoNotOptimize(item.id);
  }
  tx.commit();
}
BENCHMARK(BM_Insert_soci_prepared)
    ->Name("BM_Insert/soci_prepared")
    ->Apply(v5bench::iterations_from_env);

void BM_Insert_v5_typed(benchmark::State& state) {
  V5 v5(false);
  v5store::Transaction tx(v5.pool->acquire());
  auto session = v5.records->on(tx);
  std::int64_t i = 0;
  for (auto _ : state) {
    Item item = sample(i++);
    session.insert(item);
    benchmark::DoNotOptimize(item.id);
  }
  tx.commit();
}
BENCHMARK(BM_Insert_v5_typed)
    ->Name("BM_Insert/v5_typed")
    ->Apply(v5bench::iterations_from_env);

void fill(soci::session& sql, int rows = kRows) {
  soci::transaction tx(sql);
  for (int i = 0; i < rows; ++i) {
    Item item = sample(i);
    sql << "INSERT INTO item (name, quantity, price, state) VALUES (:n, :q, :p, :s)",
        soci::use(item.name), soci::use(item.quantity), soci::use(item.price),
        soci::use(item.state);
  }
  tx.commit();
}

void BM_PointGet_soci_prepared(benchmark::State& state) {
  soci::session sql(*soci::factory_sqlite3(), "db=:memory:");
  sql << kCreate;
  fill(sql);
  long long key = 0;
  Item item;
  long long id = 0;
  int quantity = 0;
  soci::statement st =
      (sql.prepare << "SELECT id, name, quantity, price, state FROM item WHERE id = :id",
       soci::use(key), soci::into(id), soci::into(item.name), soci::into(quantity),
       soci::into(item.price), soci::into(item.state));
  std::int64_t i = 0;
  for (auto _ : state) {
    key = 1 + (i++ % kRows);
    if (!st.execute(true)) throw std::runtime_error("row not found");
    item.id = id;
    item.quantity = quantity;
    benchmark::DoNotOptimize(item);
  }
}
BENCHMARK(BM_PointGet_soci_prepared)
    ->Name("BM_PointGet/soci_prepared")
    ->Apply(v5bench::iterations_from_env);

void BM_PointGet_v5_typed(benchmark::State& state) {
  V5 v5(false);
  v5store::Lease lease = v5.pool->acquire();
  fill(lease.session());
  auto session = v5.records->on(lease);
  std::int64_t i = 0;
  for (auto _ : state) {
    std::optional<Item> item = session.get<Item>(1 + (i++ % kRows));
    if (!item) throw std::runtime_error("row not found");
    benchmark::DoNotOptimize(*item);
  }
}
BENCHMARK(BM_PointGet_v5_typed)
    ->Name("BM_PointGet/v5_typed")
    ->Apply(v5bench::iterations_from_env);

void BM_PointGet_v5_cache_hit(benchmark::State& state) {
  V5 v5(true);
  {
    v5store::Lease lease = v5.pool->acquire();
    fill(lease.session());
  }
  for (std::int64_t id = 1; id <= kRows; ++id) v5.records->get<Item>(id);  // fills the cache
  std::int64_t i = 0;
  for (auto _ : state) {
    std::optional<Item> item = v5.records->get<Item>(1 + (i++ % kRows));
    if (!item) throw std::runtime_error("row not found");
    benchmark::DoNotOptimize(*item);
  }
  if (v5.records->cache_stats("items")->misses != kRows) {
    state.SkipWithError("the timed gets were not all cache hits");
  }
}
BENCHMARK(BM_PointGet_v5_cache_hit)->Name("BM_PointGet/v5_cache_hit");

constexpr int kRangeRows = 100000;
constexpr std::size_t kPage = 50;
constexpr const char* kRangeIndex = "CREATE INDEX ix_item_quantity ON item (quantity)";

void BM_Find_range_soci_prepared(benchmark::State& state) {
  soci::session sql(*soci::factory_sqlite3(), "db=:memory:");
  sql << kCreate;
  sql << kRangeIndex;
  fill(sql, kRangeRows);
  long long last = 0;
  long long limit = kPage + 1;
  int low = 100;
  int high = 199;
  Item item;
  long long id = 0;
  int quantity = 0;
  std::vector<Item> page;
  soci::statement st =
      (sql.prepare << "SELECT id, name, quantity, price, state FROM item WHERE quantity BETWEEN "
                      ":lo AND :hi AND id > :last ORDER BY id ASC LIMIT :n",
       soci::use(low), soci::use(high), soci::use(last), soci::use(limit), soci::into(id),
       soci::into(item.name), soci::into(quantity), soci::into(item.price),
       soci::into(item.state));
  for (auto _ : state) {
    page.clear();
    for (bool more = st.execute(true); more && page.size() < kPage; more = st.fetch()) {
      item.id = id;
      item.quantity = quantity;
      page.push_back(item);
    }
    last = page.size() == kPage ? page.back().id : 0;  // wraps to the first page at the end
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_Find_range_soci_prepared)
    ->Name("BM_Find/range_soci_prepared")
    ->Apply(v5bench::iterations_from_env);

void BM_Find_range_indexed(benchmark::State& state) {
  V5 v5(false);
  v5store::Lease lease = v5.pool->acquire();
  lease.session() << kRangeIndex;
  fill(lease.session(), kRangeRows);
  auto session = v5.records->on(lease);
  std::string cursor;
  for (auto _ : state) {
    auto page = session.page(v5store::from<Item>()
                                 .where(v5store::field("quantity").between(100, 199))
                                 .order_by(v5store::asc("id"))
                                 .limit(kPage)
                                 .after(cursor));
    cursor = std::move(page.next);
    benchmark::DoNotOptimize(page.rows);
  }
}
BENCHMARK(BM_Find_range_indexed)
    ->Name("BM_Find/range_indexed")
    ->Apply(v5bench::iterations_from_env);

void BM_Query_soci_prepared(benchmark::State& state) {
  soci::session sql(*soci::factory_sqlite3(), "db=:memory:");
  sql << kCreate;
  sql << kRangeIndex;
  fill(sql);
  int quantity = 0;
  long long n = 0;
  soci::statement st = (sql.prepare << "SELECT COUNT(*) FROM item WHERE quantity = :q",
                        soci::use(quantity), soci::into(n));
  int i = 0;
  for (auto _ : state) {
    quantity = i++ % 1000;
    st.execute(true);
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_Query_soci_prepared)
    ->Name("BM_Query/soci_prepared")
    ->Apply(v5bench::iterations_from_env);

void query_v5(benchmark::State& state, bool declared) {
  V5 v5(false);
  v5store::Lease lease = v5.pool->acquire();
  lease.session() << kRangeIndex;
  fill(lease.session());
  auto session = v5.records->on(lease);
  const std::vector<v5store::Column> columns = {{"n", v5store::FieldType::int64}};
  const std::vector<v5store::Column> described;
  std::int64_t i = 0;
  for (auto _ : state) {
    auto rows = session.query("SELECT COUNT(*) AS n FROM item WHERE quantity = ?",
                              v5store::Params{i++ % 1000}, declared ? columns : described);
    benchmark::DoNotOptimize(rows);
  }
}

void BM_Query_raw(benchmark::State& state) { query_v5(state, true); }
BENCHMARK(BM_Query_raw)->Name("BM_Query/raw")->Apply(v5bench::iterations_from_env);

void BM_Query_raw_described(benchmark::State& state) { query_v5(state, false); }
BENCHMARK(BM_Query_raw_described)
    ->Name("BM_Query/raw_described")
    ->Apply(v5bench::iterations_from_env);

}  // namespace
