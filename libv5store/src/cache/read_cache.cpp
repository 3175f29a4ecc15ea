// ReadCache: the rows of one entity by primary key, LRU + TTL, invalidated by writes.
#include "cache/read_cache.hpp"

#include <functional>
#include <string_view>

namespace v5store::detail {
namespace {

std::size_t mix(std::size_t seed, std::size_t h) noexcept {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

std::size_t hash_value(const Value& v) noexcept {
  std::size_t h = v.index();
  switch (v.index()) {
    case 1: return mix(h, std::hash<bool>{}(std::get<bool>(v)));
    case 2: return mix(h, std::hash<std::int64_t>{}(std::get<std::int64_t>(v)));
    case 3: return mix(h, std::hash<double>{}(std::get<double>(v)));
    case 4: return mix(h, std::hash<std::string>{}(std::get<std::string>(v)));
    case 5: {
      const Bytes& b = std::get<Bytes>(v);
      return mix(h, std::hash<std::string_view>{}(
                        std::string_view(reinterpret_cast<const char*>(b.data()), b.size())));
    }
    case 6: {
      const Date& d = std::get<Date>(v);
      return mix(h, std::hash<long>{}(std::chrono::sys_days(d).time_since_epoch().count()));
    }
    case 7: return mix(h, std::hash<std::int64_t>{}(std::get<Timestamp>(v).time_since_epoch().count()));
    default: return h;
  }
}

}  // namespace

std::size_t KeyHash::operator()(std::span<const Value> key) const noexcept {
  std::size_t seed = key.size();
  for (const Value& v : key) seed = mix(seed, hash_value(v));
  return seed;
}

ReadCache::ReadCache(std::string component, std::size_t max_entries,
                     std::chrono::milliseconds ttl, Counter* hit, Counter* miss)
    : component_(std::move(component)),
      max_entries_(max_entries),
      ttl_(ttl),
      hit_counter_(hit),
      miss_counter_(miss) {}

ReadCache::Row ReadCache::find(std::span<const Value> key) {
  Row row;
  {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it != index_.end()) {
      List::iterator entry = it->second;
      if (ttl_.count() > 0 && Clock::now() >= entry->expires_at) {
        index_.erase(it);
        lru_.erase(entry);
        ++expirations_;
      } else {
        lru_.splice(lru_.begin(), lru_, entry);
        row = entry->row;
      }
    }
    ++(row ? hits_ : misses_);
  }
  if (Counter* counter = row ? hit_counter_ : miss_counter_) counter->inc();
  return row;
}

std::uint64_t ReadCache::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void ReadCache::put(std::span<const Value> key, Row row, std::uint64_t generation) {
  if (max_entries_ == 0) return;
  const Clock::time_point expires_at =
      ttl_.count() > 0 ? Clock::now() + ttl_ : Clock::time_point::max();
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  auto it = index_.find(key);
  if (it != index_.end()) {
    it->second->row = std::move(row);
    it->second->expires_at = expires_at;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front(Entry{std::vector<Value>(key.begin(), key.end()), std::move(row), expires_at});
  index_.emplace(std::span<const Value>(lru_.front().key), lru_.begin());
  while (lru_.size() > max_entries_) {
    index_.erase(std::span<const Value>(lru_.back().key));
    lru_.pop_back();
    ++evictions_;
  }
}

void ReadCache::invalidate(std::span<const Value> key) {
  std::lock_guard lock(mutex_);
  ++generation_;
  auto it = index_.find(key);
  if (it == index_.end()) return;
  const List::iterator entry = it->second;
  index_.erase(it);  // first: the map's key views the entry's key
  lru_.erase(entry);
  ++invalidations_;
}

void ReadCache::clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  invalidations_ += lru_.size();
  index_.clear();
  lru_.clear();
}

CacheStats ReadCache::stats() const {
  std::lock_guard lock(mutex_);
  CacheStats stats;
  stats.component = component_;
  stats.hits = hits_;
  stats.misses = misses_;
  stats.invalidations = invalidations_;
  stats.evictions = evictions_;
  stats.expirations = expirations_;
  stats.entries = lru_.size();
  stats.max_entries = max_entries_;
  stats.ttl = ttl_;
  return stats;
}

}  // namespace v5store::detail
