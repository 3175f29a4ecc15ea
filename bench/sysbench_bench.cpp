// sysbench's oltp_point_select through the store, on the sbtest tables `sysbench oltp_point_select
// prepare` created in the MariaDB database of V5_BENCH_MYSQL_DSN: one SELECT c by a uniformly
// random id of a random table per item, 4 client threads, items_per_second = queries per second.
// bench/compare_sysbench.sh runs it next to sysbench itself. See BENCHMARKS.md (issue 8).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <soci/soci.h>

#include "connection.hpp"
#include "support/live_store.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"
#include "v5store/types.hpp"

namespace {

using v5store::FieldType;
using v5store::Value;

// The store on V5_BENCH_MYSQL_DSN, the point select of each sbtest table, and the table size.
struct Sysbench {
  explicit Sysbench(const std::string& dsn)
      : store(v5bench::open_live_store(v5store::BackendKind::mysql, dsn)) {
    v5store::Lease lease = store->acquire();
    long long tables = 0;
    lease.session() << "SELECT count(*) FROM information_schema.tables "
                       "WHERE table_schema = DATABASE() AND table_name LIKE 'sbtest%'",
        soci::into(tables);
    if (tables < 1) throw std::runtime_error("no sbtest table: run sysbench ... prepare first");
    for (long long i = 1; i <= tables; ++i) {
      selects.push_back("SELECT c FROM sbtest" + std::to_string(i) + " WHERE id = :p1");
    }
    lease.session() << "SELECT MAX(id) FROM sbtest1", soci::into(table_size);
  }
  std::unique_ptr<v5store::V5EnhancedStore> store;
  std::vector<std::string> selects;
  long long table_size = 0;
};

const std::vector<FieldType> kId{FieldType::int64};
const std::vector<FieldType> kText{FieldType::string};

void BM_OltpPointSelect(benchmark::State& state) {
  v5bench::run_client<Sysbench>(
      state, "V5_BENCH_MYSQL_DSN", [](Sysbench& sysbench, v5bench::Random& random) {
        const auto tables = static_cast<std::int64_t>(sysbench.selects.size());
        const std::string& sql =
            sysbench.selects[static_cast<std::size_t>(random.between(1, tables) - 1)];
        const std::int64_t id = random.between(1, sysbench.table_size);
        const Value c = v5bench::point_select(*sysbench.store, sql, kId, kText, id);
        benchmark::DoNotOptimize(c);
      });
}
BENCHMARK(BM_OltpPointSelect)
    ->Name("BM_OltpPointSelect/v5")
    ->Threads(v5bench::kClientThreads)
    ->UseRealTime();

}  // namespace
