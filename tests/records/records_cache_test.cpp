// The read cache through Records on every backend: hits, invalidation by writes through the
// store (auto-commit and transactional), TTL expiry, and the cache metrics.
#include <thread>

#include <gtest/gtest.h>

#include "records_fixture.hpp"
#include "shop_entities.hpp"
#include "v5store/transaction.hpp"

namespace {

using shop::Customer;

class RecordsCache : public v5test::RecordsFixture {};

TEST_P(RecordsCache, HitsAfterTheFirstRead) {
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  ASSERT_TRUE(records_->get<Customer>(ann.id));  // miss, fills
  auto stats = records_->cache_stats("customers");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->misses, 1u);
  EXPECT_EQ(stats->hits, 0u);

  // A change behind the store's back is not seen while cached: proof the row came from the cache.
  raw("UPDATE " + table("customer") + " SET name = 'Changed elsewhere'");
  auto cached = records_->get<Customer>(ann.id);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->name, "Ann");
  auto generic = records_->get("customer", ann.id);
  ASSERT_TRUE(generic);
  EXPECT_EQ(generic->get<std::string>("name"), "Ann");
  stats = records_->cache_stats("customer");
  EXPECT_EQ(stats->hits, 2u);
  EXPECT_EQ(stats->entries, 1u);

  const std::string text = metrics_.render_prometheus();
  EXPECT_NE(text.find("v5store_cache_requests_total{component=\"customers\",result=\"hit\"} 2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("v5store_cache_requests_total{component=\"customers\",result=\"miss\"} 1"),
            std::string::npos);
  // Entities without `cache` in their component have none.
  EXPECT_FALSE(records_->cache_stats("order").has_value());
}

TEST_P(RecordsCache, UpdatesAndRemovesThroughTheStoreInvalidate) {
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  ASSERT_TRUE(records_->get<Customer>(ann.id));
  ann.name = "Ann B.";
  ASSERT_TRUE(records_->update(ann));
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "Ann B.");

  auto row = records_->get("customer", ann.id);
  row->set("name", "Ann C.");
  ASSERT_TRUE(records_->update("customer", *row));
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "Ann C.");

  ASSERT_TRUE(records_->remove(ann));
  EXPECT_FALSE(records_->get<Customer>(ann.id).has_value());
  EXPECT_GE(records_->cache_stats("customers")->invalidations, 3u);
}

TEST_P(RecordsCache, TransactionalWritesInvalidateAndAreNotCachedEarly) {
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  ASSERT_TRUE(records_->get<Customer>(ann.id));
  {
    v5store::Transaction tx(pool_->acquire());
    auto session = records_->on(tx);
    ann.name = "In tx";
    session.update(ann);
    EXPECT_EQ(session.get<Customer>(ann.id)->name, "In tx");  // bypasses the cache
    tx.commit();
  }
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "In tx");
  {
    v5store::Transaction tx(pool_->acquire());
    auto session = records_->on(tx);
    ann.name = "Rolled back";
    session.update(ann);
    session.get<Customer>(ann.id);  // must not leave the uncommitted row in the cache
  }
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "In tx");
}

TEST_P(RecordsCache, EntriesExpireAfterTheTtl) {
  std::vector<v5store::ComponentSpec> components = spec_.components;
  for (auto& component : components) {
    if (component.entity == "customer") component.cache.ttl_s = 1;
  }
  make_records(components);
  Customer ann{.email = "ann@example.com", .name = "Ann"};
  records_->insert(ann);
  ASSERT_TRUE(records_->get<Customer>(ann.id));
  raw("UPDATE " + table("customer") + " SET name = 'Later'");
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "Ann");  // cached
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(records_->get<Customer>(ann.id)->name, "Later");  // expired, read again
  EXPECT_EQ(records_->cache_stats("customers")->expirations, 1u);
}

TEST_P(RecordsCache, LeastRecentlyUsedEntriesAreEvicted) {
  std::vector<v5store::ComponentSpec> components = spec_.components;
  for (auto& component : components) {
    if (component.entity == "customer") component.cache.max_entries = 2;
  }
  make_records(components);
  std::vector<Customer> customers;
  for (int i = 0; i < 3; ++i) {
    Customer c{.email = "c" + std::to_string(i) + "@example.com", .name = "C"};
    records_->insert(c);
    records_->get<Customer>(c.id);
    customers.push_back(c);
  }
  auto stats = records_->cache_stats("customers");
  EXPECT_EQ(stats->entries, 2u);
  EXPECT_EQ(stats->evictions, 1u);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, RecordsCache, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
