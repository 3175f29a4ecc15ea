// StatementCache: a bounded LRU of prepared statements of one connection, keyed by SQL text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "bound_statement.hpp"

namespace v5store::detail {

class StatementCache {
 public:
  explicit StatementCache(std::size_t capacity) : capacity_(capacity) {}

  // The cached statement for `sql`, or nullptr. A hit moves it to the front.
  BoundStatement* find(const std::string& sql);

  // Inserts a newly prepared statement, evicting the least recently used past capacity.
  BoundStatement& insert(std::unique_ptr<BoundStatement> statement);

  void clear() noexcept;

  std::size_t size() const noexcept { return index_.size(); }
  std::uint64_t hits() const noexcept { return hits_; }
  std::uint64_t prepares() const noexcept { return prepares_; }

 private:
  using List = std::list<std::unique_ptr<BoundStatement>>;
  std::size_t capacity_;
  List lru_;
  std::unordered_map<std::string, List::iterator> index_;
  std::uint64_t hits_ = 0;
  std::uint64_t prepares_ = 0;
};

}  // namespace v5store::detail
