#include "statement_cache.hpp"

namespace v5store::detail {

BoundStatement* StatementCache::find(const std::string& sql) {
  // The most recently used statement is checked first: repeating a statement, the common
  // case, costs one string comparison instead of a hash of the SQL text.
  if (capacity_ > 0 && !lru_.empty() && lru_.front()->sql() == sql) {
    ++hits_;
    return lru_.front().get();
  }
  auto it = index_.find(sql);
  if (it == index_.end()) return nullptr;
  ++hits_;
  if (it->second != lru_.begin()) lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->get();
}

BoundStatement& StatementCache::insert(std::unique_ptr<BoundStatement> statement) {
  ++prepares_;
  if (auto existing = index_.find(statement->sql()); existing != index_.end()) {
    lru_.erase(existing->second);
    index_.erase(existing);
  }
  lru_.push_front(std::move(statement));
  BoundStatement& inserted = *lru_.front();
  if (capacity_ == 0) {
    // Caching is off: the statement is kept (unindexed) only until the next insert, so the
    // returned reference stays valid as documented.
    while (lru_.size() > 1) lru_.pop_back();
    return inserted;
  }
  index_.emplace(inserted.sql(), lru_.begin());
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back()->sql());
    lru_.pop_back();
  }
  return inserted;
}

void StatementCache::clear() noexcept {
  index_.clear();
  lru_.clear();
}

}  // namespace v5store::detail
