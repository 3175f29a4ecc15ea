// Connection: one pooled database session with its statement cache and bookkeeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include "bound_statement.hpp"
#include "statement_cache.hpp"
#include "statement_probe.hpp"
#include "v5store/internal/backend.hpp"

namespace v5store {

class Connection {
 public:
  using Clock = std::chrono::steady_clock;

  // Opens a session through the backend, waiting at most `connect_timeout`. Throws
  // Error(connection), DSN redacted. Not thread-safe: a connection is used by one thread at a
  // time (its lessee, or the pool's maintenance while it is idle).
  Connection(const detail::Backend& backend, const std::string& dsn, std::uint64_t id,
             std::size_t statement_cache_capacity,
             std::chrono::milliseconds connect_timeout = std::chrono::seconds(30));

  soci::session& session() noexcept { return *session_; }
  const detail::Backend& backend() const noexcept { return backend_; }
  std::uint64_t id() const noexcept { return id_; }

  // The cached prepared statement for `sql`, preparing it (with these slot types) on a miss.
  // The returned reference stays valid until the next call that may evict it.
  detail::BoundStatement& statement(const std::string& sql, const std::vector<FieldType>& params,
                                    const std::vector<FieldType>& results);

  // Prepares `sql` with these slot types and caches it in place of any statement of the same
  // text (for SQL whose text does not fix its slot types). Valid as statement()'s result.
  detail::BoundStatement& prepare(const std::string& sql, const std::vector<FieldType>& params,
                                  const std::vector<FieldType>& results);

  detail::StatementCache& statement_cache() noexcept { return cache_; }

  // Inside a catch block: rethrows the current exception mapped to v5store::Error (as
  // detail::rethrow_mapped, with `context`), and marks the connection broken when that is an
  // Error(connection), so that the pool evicts it. For statements made outside statement().
  [[noreturn]] void rethrow_mapped(std::string_view context);

  // Bookkeeping used by the pool.
  Clock::time_point created_at;
  Clock::time_point last_used;
  Clock::time_point expires_at;     // created_at + max_lifetime - jitter
  std::string lease_tag;            // the current (or last) borrower's tag
  Clock::time_point lent_at;         // when the current lease began (coarse clock)
  std::uint64_t lent_in_pass = 0;    // the pool's maintenance pass count when it began
  bool broken = false;  // by Lease::mark_broken() or a statement that failed with Error(connection)
  bool in_transaction = false;
  std::uint64_t generation = 0;  // the pool's eviction generation when opened
  std::size_t pool_slot = 0;     // index of the pool slot that owns the connection
  // Where statements prepared by statement() get their statistics probe; null: none.
  const detail::ProbeSource* probes = nullptr;

 private:
  const detail::Backend& backend_;
  std::unique_ptr<soci::session> session_;
  std::uint64_t id_;
  detail::StatementCache cache_;
};

}  // namespace v5store
