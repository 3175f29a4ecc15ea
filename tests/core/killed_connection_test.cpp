// A pooled connection killed on the server costs at most one failed call, whatever API made
// the call (generic records, typed records, a transaction) and whether monitoring runs: the
// Error(connection) marks the connection broken, the pool evicts it when it comes back and
// validates the other idle connections before lending them again.
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core_fixture.hpp"
#include "v5store/entity_traits.hpp"
#include "v5store/store.hpp"

namespace killed {

struct Item {
  std::int64_t id = 0;
  std::string name{};
  std::optional<std::string> body{};
};

}  // namespace killed

template <>
struct v5store::entity_traits<killed::Item> {
  static constexpr std::string_view entity = "item";
  static constexpr auto fields = std::make_tuple(v5store::field("id", &killed::Item::id),
                                                 v5store::field("name", &killed::Item::name),
                                                 v5store::field("body", &killed::Item::body));
};

namespace v5test {
namespace {

using v5store::BackendKind;
using v5store::ErrorCode;
using v5store::V5EnhancedStore;

constexpr int kPoolSize = 4;
constexpr int kThreads = 4;
constexpr int kCallsPerThread = 8;

struct Case {
  BackendKind kind;
  bool monitoring;
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  return std::string(to_string(info.param.kind)) +
         (info.param.monitoring ? "_Monitored" : "_Unmonitored");
}

// ctest runs each case in its own process, several at once against the same servers: each
// process has its own table.
std::string items_table() { return "killed_items_" + std::to_string(::getpid()); }

v5store::SystemSpec item_spec(BackendKind kind) {
  const std::string yaml =
      fmt::format(R"(
schema_version: 1
system: {{ name: killed, version: 1 }}
databases:
  main:
    backend: {}
    dsn: "{}"
    pool: {{ max_size: {}, min_idle: {}, acquire_timeout_ms: 5000 }}
entities:
  item:
    table: {}
    fields:
      id:   {{ type: int64, primary_key: true, generated: true }}
      name: {{ type: string, max_length: 40 }}
      body: {{ type: text, nullable: true }}
)",
                  to_string(kind), dsn_for(kind, "killed"), kPoolSize, kPoolSize, items_table());
  v5store::SystemSpec spec = v5store::parse_spec_string(yaml, "killed.yaml");
  // A connection used within the last minute is lent without a ping, so the killed ones are
  // certainly handed out and the first call on each one fails: the worst case.
  spec.databases[0].pool.validation_window_ms = 60000;
  return spec;
}

class KilledConnection : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    v5store::StoreOptions options;
    options.monitoring = GetParam().monitoring;
    options.endpoint = v5store::MonitoringEndpoint::off;
    store_ = std::make_unique<V5EnhancedStore>(item_spec(GetParam().kind), options);
    {
      auto lease = store_->acquire();
      lease.session() << "DROP TABLE IF EXISTS " + items_table();
    }
    store_->migrator().up();
    store_->records().insert("item", {{"name", std::string("first")}});
    admin_ = open_direct(GetParam().kind, dsn_for(GetParam().kind, "killed"));
  }

  // Borrows every connection of the pool at once, kills each on the server, and returns
  // them idle (recently used: they are lent again without a ping). Returns how many died.
  int kill_every_connection() {
    std::vector<v5store::Lease> leases;
    for (int i = 0; i < kPoolSize; ++i) leases.push_back(store_->acquire());
    for (auto& lease : leases) {
      kill_server_connection(*admin_, GetParam().kind, connection_identity(lease));
    }
    return static_cast<int>(leases.size());
  }

  // Runs `call` kCallsPerThread times on each of kThreads threads; returns the failures,
  // each of which must be Error(connection).
  int failures_of(const std::function<void()>& call) {
    std::atomic<int> failures{0};
    std::atomic<int> other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kCallsPerThread; ++i) {
          try {
            call();
          } catch (const v5store::Error& e) {
            ++failures;
            if (e.code() != ErrorCode::connection) {
              ++other;
              ADD_FAILURE() << "not a connection error: " << e.what();
            }
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(other.load(), 0);
    return failures.load();
  }

  std::unique_ptr<V5EnhancedStore> store_;
  std::unique_ptr<soci::session> admin_;
};

TEST_P(KilledConnection, GenericRecordsFailOncePerKilledConnection) {
  const int killed = kill_every_connection();
  const auto evicted_before = store_->pool().stats().evicted;
  const int failed = failures_of([&] { store_->records().count("item"); });
  EXPECT_LE(failed, killed);
  EXPECT_GE(store_->pool().stats().evicted - evicted_before, static_cast<std::uint64_t>(failed));
  EXPECT_EQ(store_->records().count("item"), 1);
}

TEST_P(KilledConnection, TypedRecordsFailOncePerKilledConnection) {
  const int killed = kill_every_connection();
  const int failed = failures_of([&] { store_->records().find<killed::Item>(); });
  EXPECT_LE(failed, killed);
  EXPECT_EQ(store_->records().count<killed::Item>(), 1);
}

TEST_P(KilledConnection, TransactionsFailOncePerKilledConnection) {
  const int killed = kill_every_connection();
  const int failed = failures_of([&] {
    v5store::Transaction tx = store_->begin();
    store_->records().on(tx).count("item");
    tx.commit();
  });
  EXPECT_LE(failed, killed);
}

TEST_P(KilledConnection, WritesFailOncePerKilledConnection) {
  const int killed = kill_every_connection();
  const int failed = failures_of([&] {
    killed::Item item;
    item.name = "again";
    store_->records().insert(item);
  });
  EXPECT_LE(failed, killed);
}

// Raw SQL through the store (issue 17, items 4 and 5): with declared columns (a cached
// statement) and without (the backend describes the result), each killed connection costs at
// most one call.
TEST_P(KilledConnection, RawQueriesFailOncePerKilledConnection) {
  const std::string sql = "SELECT COUNT(*) AS n FROM " + items_table();
  int killed = kill_every_connection();
  int failed = failures_of([&] { store_->query(sql, {}, {{"n", v5store::FieldType::int64}}); });
  EXPECT_LE(failed, killed);
  killed = kill_every_connection();
  failed = failures_of([&] { store_->query(sql); });
  EXPECT_LE(failed, killed);
  EXPECT_EQ(store_->query(sql).front().get<std::int64_t>("n"), 1);
}

TEST_P(KilledConnection, RawSessionsAfterARecordsFailureGetAFreshConnection) {
  kill_every_connection();
  int failed = 0;
  for (int i = 0; i < kPoolSize + 4; ++i) {
    try {
      store_->records().count("item");
    } catch (const v5store::Error&) {
      ++failed;
    }
    auto lease = store_->acquire();
    EXPECT_NO_THROW(connection_identity(lease)) << "a raw call on a lent connection failed";
  }
  EXPECT_LE(failed, 1);
}

INSTANTIATE_TEST_SUITE_P(Servers, KilledConnection,
                         testing::Values(Case{BackendKind::postgresql, false},
                                         Case{BackendKind::postgresql, true},
                                         Case{BackendKind::mysql, false},
                                         Case{BackendKind::mysql, true}),
                         case_name);

// MariaDB closes the connection that sent a packet over max_allowed_packet: the statement
// that sent it fails, and no later call may get that connection again.
TEST(KilledConnectionMysql, AValueOverMaxAllowedPacketCostsOneCall) {
  for (const bool monitoring : {false, true}) {
    SCOPED_TRACE(monitoring ? "monitoring on" : "monitoring off");
    v5store::StoreOptions options;
    options.monitoring = monitoring;
    options.endpoint = v5store::MonitoringEndpoint::off;
    V5EnhancedStore store(item_spec(BackendKind::mysql), options);
    {
      auto lease = store.acquire();
      lease.session() << "DROP TABLE IF EXISTS " + items_table();
    }
    store.migrator().up();
    long long max_packet = 0;
    {
      auto lease = store.acquire();
      lease.session() << "SELECT @@max_allowed_packet", soci::into(max_packet);
    }
    killed::Item huge;
    huge.name = "huge";
    huge.body = std::string(static_cast<std::size_t>(max_packet) + (4 << 20), 'x');
    EXPECT_THROW(store.records().insert(huge), v5store::Error);
    int failed = 0;
    for (int i = 0; i < 20; ++i) {
      try {
        store.records().count("item");
      } catch (const v5store::Error& e) {
        ++failed;
        ADD_FAILURE() << "call " << i << " after the oversized value failed: " << e.what();
      }
    }
    EXPECT_EQ(failed, 0);
  }
}

}  // namespace
}  // namespace v5test
