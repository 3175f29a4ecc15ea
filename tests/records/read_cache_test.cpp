// ReadCache: LRU at max_entries, TTL expiry, invalidation and the generation guard.
#include "cache/read_cache.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace {

using v5store::Value;
using v5store::detail::ReadCache;

ReadCache::Row row(std::int64_t id, std::string name) {
  return std::make_shared<const std::vector<Value>>(std::vector<Value>{id, std::move(name)});
}

std::vector<Value> key(std::int64_t id) { return {id}; }

TEST(ReadCache, HitsAndMisses) {
  v5store::Counter hits;
  v5store::Counter misses;
  ReadCache cache("things", 10, std::chrono::milliseconds(0), &hits, &misses);
  EXPECT_EQ(cache.find(key(1)), nullptr);
  cache.put(key(1), row(1, "a"), cache.generation());
  auto found = cache.find(key(1));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(std::get<std::string>((*found)[1]), "a");
  auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.entries, 1u);
  EXPECT_EQ(hits.value(), 1.0);
  EXPECT_EQ(misses.value(), 1.0);
}

TEST(ReadCache, EvictsTheLeastRecentlyUsed) {
  ReadCache cache("things", 2, std::chrono::milliseconds(0), nullptr, nullptr);
  cache.put(key(1), row(1, "a"), cache.generation());
  cache.put(key(2), row(2, "b"), cache.generation());
  ASSERT_NE(cache.find(key(1)), nullptr);  // 1 is now the most recent
  cache.put(key(3), row(3, "c"), cache.generation());
  EXPECT_NE(cache.find(key(1)), nullptr);
  EXPECT_EQ(cache.find(key(2)), nullptr);
  EXPECT_NE(cache.find(key(3)), nullptr);
  EXPECT_EQ(cache.stats().evictions, 1u);
  EXPECT_EQ(cache.stats().entries, 2u);
}

TEST(ReadCache, ExpiresAfterTheTtl) {
  ReadCache cache("things", 10, std::chrono::milliseconds(30), nullptr, nullptr);
  cache.put(key(1), row(1, "a"), cache.generation());
  EXPECT_NE(cache.find(key(1)), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(cache.find(key(1)), nullptr);
  EXPECT_EQ(cache.stats().expirations, 1u);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(ReadCache, InvalidationDropsTheKeyAndBlocksOlderReads) {
  ReadCache cache("things", 10, std::chrono::milliseconds(0), nullptr, nullptr);
  cache.put(key(1), row(1, "a"), cache.generation());
  const auto before_write = cache.generation();
  cache.invalidate(key(1));
  EXPECT_EQ(cache.find(key(1)), nullptr);
  EXPECT_EQ(cache.stats().invalidations, 1u);
  // A row read before the write must not be stored after it.
  cache.put(key(1), row(1, "stale"), before_write);
  EXPECT_EQ(cache.find(key(1)), nullptr);
  cache.put(key(1), row(1, "fresh"), cache.generation());
  ASSERT_NE(cache.find(key(1)), nullptr);
  cache.clear();
  EXPECT_EQ(cache.find(key(1)), nullptr);
}

TEST(ReadCache, CompositeAndTextKeys) {
  ReadCache cache("things", 10, std::chrono::milliseconds(0), nullptr, nullptr);
  const std::vector<Value> k{std::int64_t{7}, std::string("x")};
  cache.put(k, row(7, "x"), cache.generation());
  EXPECT_NE(cache.find(k), nullptr);
  EXPECT_EQ(cache.find(std::vector<Value>{std::int64_t{7}, std::string("y")}), nullptr);
}

}  // namespace
