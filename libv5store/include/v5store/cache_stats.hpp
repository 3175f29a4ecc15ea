// CacheStats: the counters of one entity's read cache (Records::cache_stats()).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace v5store {

// Counters of one entity's read cache.
struct CacheStats {
  std::string component;        // the store component whose `cache` configured it
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;     // includes lookups of expired entries
  std::uint64_t invalidations = 0;
  std::uint64_t evictions = 0;  // least recently used entries dropped at max_entries
  std::uint64_t expirations = 0;
  std::size_t entries = 0;
  std::size_t max_entries = 0;
  std::chrono::milliseconds ttl{0};
};

}  // namespace v5store
