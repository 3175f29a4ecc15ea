// The statement cache: one prepare per statement per connection, LRU-bounded, dropped with
// the connection.
#include "statement_cache.hpp"

#include "connection.hpp"
#include "core_fixture.hpp"

namespace v5test {
namespace {

using v5store::BackendKind;
using v5store::ConnectionPool;
using v5store::FieldType;
using v5store::Lease;
using v5store::PoolOptions;

PoolOptions one_connection(int cache_size = 128) {
  PoolOptions options;
  options.max_size = 1;
  options.min_idle = 1;
  options.statement_cache_size = cache_size;
  return options;
}

class StatementCacheTest : public testing::TestWithParam<BackendKind> {};

TEST_P(StatementCacheTest, ARepeatedStatementIsPreparedOncePerConnection) {
  ConnectionPool pool(database_spec(GetParam(), "core_stmt_once", one_connection()));
  const std::string sql = "SELECT 40 + 2";
  for (int i = 0; i < 10; ++i) {
    Lease lease = pool.acquire();
    auto& statement = lease.connection().statement(sql, {}, {FieldType::int64});
    ASSERT_TRUE(statement.execute());
    EXPECT_EQ(std::get<std::int64_t>(statement.result(0)), 42);
  }
  Lease lease = pool.acquire();
  const auto& cache = lease.connection().statement_cache();
  EXPECT_EQ(cache.prepares(), 1u);
  EXPECT_EQ(cache.hits(), 9u);
  EXPECT_EQ(cache.size(), 1u);
}

TEST_P(StatementCacheTest, TheLeastRecentlyUsedStatementIsEvicted) {
  ConnectionPool pool(database_spec(GetParam(), "core_stmt_lru", one_connection(2)));
  Lease lease = pool.acquire();
  auto& connection = lease.connection();
  const std::vector<FieldType> one_int{FieldType::int64};
  connection.statement("SELECT 1", {}, one_int);
  connection.statement("SELECT 2", {}, one_int);
  connection.statement("SELECT 1", {}, one_int);  // hit: SELECT 2 is now the oldest
  connection.statement("SELECT 3", {}, one_int);  // evicts SELECT 2
  connection.statement("SELECT 1", {}, one_int);  // still cached
  connection.statement("SELECT 2", {}, one_int);  // prepared again
  const auto& cache = connection.statement_cache();
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.prepares(), 4u);
  EXPECT_EQ(cache.hits(), 2u);
}

TEST_P(StatementCacheTest, TheCacheIsDroppedWithItsConnection) {
  ConnectionPool pool(database_spec(GetParam(), "core_stmt_drop", one_connection()));
  {
    Lease lease = pool.acquire();
    lease.connection().statement("SELECT 1", {}, {FieldType::int64}).execute();
    lease.mark_broken();
  }
  Lease lease = pool.acquire();
  EXPECT_EQ(lease.connection().statement_cache().size(), 0u);
  EXPECT_EQ(lease.connection().statement_cache().prepares(), 0u);
}

TEST_P(StatementCacheTest, ACapacityOfZeroPreparesEveryTime) {
  ConnectionPool pool(database_spec(GetParam(), "core_stmt_zero", one_connection(0)));
  Lease lease = pool.acquire();
  for (int i = 0; i < 3; ++i) {
    auto& statement = lease.connection().statement("SELECT 5", {}, {FieldType::int64});
    ASSERT_TRUE(statement.execute());
    EXPECT_EQ(std::get<std::int64_t>(statement.result(0)), 5);
  }
  EXPECT_EQ(lease.connection().statement_cache().prepares(), 3u);
  EXPECT_EQ(lease.connection().statement_cache().hits(), 0u);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, StatementCacheTest, testing::ValuesIn(all_backends()),
                         BackendName());

}  // namespace
}  // namespace v5test
