// ReadCache: the rows of one entity by primary key, for a store component with `cache`.
// Bounded (LRU at max_entries), entries expire after the TTL, writes invalidate keys.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "v5store/cache_stats.hpp"
#include "v5store/metrics.hpp"
#include "v5store/types.hpp"

namespace v5store::detail {

// Hash and equality of a key (its values), usable on spans and vectors alike.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::span<const Value> key) const noexcept;
};
struct KeyEqual {
  using is_transparent = void;
  bool operator()(std::span<const Value> a, std::span<const Value> b) const noexcept {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
};

// Thread-safe: one mutex guards the entries; counters are atomics.
class ReadCache {
 public:
  using Clock = std::chrono::steady_clock;
  // A cached row: every field of the entity in declaration order. Shared, never modified.
  using Row = std::shared_ptr<const std::vector<Value>>;

  // `hit` and `miss` (optional) are the component's v5store_cache_requests_total counters.
  ReadCache(std::string component, std::size_t max_entries, std::chrono::milliseconds ttl,
            Counter* hit, Counter* miss);

  // The cached row for `key`, or nullptr (counted as a miss; an expired entry is dropped).
  Row find(std::span<const Value> key);

  // The invalidation generation; read it before reading the database for put().
  std::uint64_t generation() const;

  // Stores `row` under `key` unless any invalidation happened since `generation` (the row may
  // then predate a write). Evicts the least recently used entry beyond max_entries.
  void put(std::span<const Value> key, Row row, std::uint64_t generation);

  // Drops the entry of `key` and bumps the generation.
  void invalidate(std::span<const Value> key);

  // Drops every entry and bumps the generation.
  void clear();

  CacheStats stats() const;

 private:
  struct Entry {
    std::vector<Value> key;
    Row row;
    Clock::time_point expires_at;
  };
  using List = std::list<Entry>;

  const std::string component_;
  const std::size_t max_entries_;
  const std::chrono::milliseconds ttl_;
  Counter* hit_counter_;
  Counter* miss_counter_;

  mutable std::mutex mutex_;
  List lru_;  // most recently used first
  std::unordered_map<std::span<const Value>, List::iterator, KeyHash, KeyEqual> index_;
  std::uint64_t generation_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t invalidations_ = 0;
  std::uint64_t evictions_ = 0;
  std::uint64_t expirations_ = 0;
};

}  // namespace v5store::detail
