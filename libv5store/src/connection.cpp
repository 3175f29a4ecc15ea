#include "connection.hpp"

#include "v5store/error.hpp"

namespace v5store {

Connection::Connection(const detail::Backend& backend, const std::string& dsn, std::uint64_t id,
                       std::size_t statement_cache_capacity,
                       std::chrono::milliseconds connect_timeout)
    : backend_(backend),
      session_(backend.open(dsn, connect_timeout)),
      id_(id),
      cache_(statement_cache_capacity) {
  created_at = Clock::now();
  last_used = created_at;
  expires_at = Clock::time_point::max();
}

detail::BoundStatement& Connection::statement(const std::string& sql,
                                              const std::vector<FieldType>& params,
                                              const std::vector<FieldType>& results) {
  if (detail::BoundStatement* cached = cache_.find(sql)) return *cached;
  return prepare(sql, params, results);
}

detail::BoundStatement& Connection::prepare(const std::string& sql,
                                            const std::vector<FieldType>& params,
                                            const std::vector<FieldType>& results) {
  std::unique_ptr<detail::BoundStatement> prepared;
  try {
    prepared = std::make_unique<detail::BoundStatement>(*session_, backend_, sql, params, results);
  } catch (const Error& error) {
    if (error.code() == ErrorCode::connection) broken = true;
    throw;
  }
  prepared->mark_broken_on_connection_error(&broken);
  if (probes != nullptr) prepared->observe(probes->attach(sql));
  return cache_.insert(std::move(prepared));
}

void Connection::rethrow_mapped(std::string_view context) {
  try {
    detail::rethrow_mapped(backend_, {}, context);
  } catch (const Error& error) {
    if (error.code() == ErrorCode::connection) broken = true;
    throw;
  }
}

}  // namespace v5store
