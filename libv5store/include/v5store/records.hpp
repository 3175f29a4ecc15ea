// The record API: generic (Record) and typed (entity_traits<T>) insert, get, update, remove,
// find and count, validated against the schema registry, with a read cache per store
// component. `Records` runs each call in auto-commit mode on a connection from its pool;
// `RecordSession` (from Records::on) runs calls on one leased connection or transaction.
//
// Identifiers in SQL always come from the registry (unknown entity or field names are
// rejected with Error(schema) before any SQL exists), values are always bound parameters,
// and the SQL text of each (entity, operation, field set) is built once and then executed
// through the connection's prepared-statement cache.
//
// Example:
//   v5store::Records& records = store.records();
//   records.insert("product", {{"sku", std::string("P-1")}, {"price_cents", std::int64_t{250}}});
//   std::optional<v5store::Record> row = records.get("product", std::string("P-1"));
//   std::int64_t n = records.count("product", {{"in_stock", true}});
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/cache_stats.hpp"
#include "v5store/entity_traits.hpp"
#include "v5store/record.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace v5store {

class Connection;
class ConnectionPool;
class Lease;
class MetricsRegistry;
class Transaction;

namespace detail {
class RecordsCore;  // the shared implementation (private)
struct Scope;       // where one call runs (private)
}

// How Records is set up. All optional.
struct RecordsOptions {
  // The `database` label of the query metrics.
  std::string database = "main";
  // Receives v5store_query_duration_seconds{database,operation},
  // v5store_queries_total{database,operation,outcome=success|error} and
  // v5store_cache_requests_total{component,result=hit|miss}. Must outlive the Records.
  MetricsRegistry* metrics = nullptr;
  // Store components on this database: a component with cache.max_entries > 0 gets a read
  // cache for its entity (TTL cache.ttl_s, 0: entries never expire; LRU at max_entries).
  std::vector<ComponentSpec> components;
};

class RecordSession;

// The record API of one database, shared by every thread. Thread-safe: every member may be
// called concurrently. The registry (and the pool, when given) must outlive it.
class Records {
 public:
  // Record API in auto-commit mode on connections from `pool`, with SQL in the pool's
  // backend dialect. Throws Error(config) for a cache on an entity the registry lacks.
  Records(const SchemaRegistry& registry, ConnectionPool& pool, RecordsOptions options = {});

  // Record API without a pool: only on() sessions (the auto-commit members throw
  // Error(config)). For tools and benchmarks that manage their own connections.
  Records(const SchemaRegistry& registry, BackendKind backend, RecordsOptions options = {});

  ~Records();
  Records(const Records&) = delete;
  Records& operator=(const Records&) = delete;

  // A session running calls inside `tx`. Reads bypass the read cache; keys written are
  // invalidated at once and again when the session is destroyed (after the usual commit).
  // The transaction must outlive the session.
  RecordSession on(Transaction& tx);

  // A session running auto-commit calls on a leased connection (the lease outlives it).
  // Reads use the read cache like the members below.
  RecordSession on(Lease& lease);

  // A session on a connection (Lease::connection()); `transactional` as for on(Transaction&).
  RecordSession on(Connection& connection, bool transactional = false);

  // --- generic records, auto-commit -------------------------------------------------------
  // Each acquires a connection from the pool for the call. Besides what is listed, each
  // throws Error(schema) for an unknown entity or field, the pool's errors (pool_timeout,
  // circuit_open, connection), and the mapped database error (unique_violation, ...).

  // Validates and inserts `record` (fields absent from it take the database default).
  // Returns the row's primary key, database-generated parts included. Throws
  // Error(validation) naming "entity.field" and the rule; nothing is written then.
  Key insert(std::string_view entity, const Record& record);

  // The row with this primary key, or nullopt. Served from the read cache when the entity
  // has one. The returned record has every field, none marked changed.
  std::optional<Record> get(std::string_view entity, const Key& key);

  // Writes the changed non-key fields of `record` (see Record::changed) to the row whose
  // primary key the record holds, after validating them, and marks the record clean.
  // Returns false when no such row exists. With no changed field nothing runs; returns true.
  // Throws Error(validation) as insert() does.
  bool update(std::string_view entity, Record& record);

  // Deletes the row with this primary key; returns whether one existed.
  bool remove(std::string_view entity, const Key& key);

  // Rows whose fields equal every field of `where` (a NULL value matches IS NULL), ordered
  // and limited by `options`; every row with all fields.
  std::vector<Record> find(std::string_view entity, const Record& where = {},
                           const FindOptions& options = {});

  // The number of rows matching `where` (as find()).
  std::int64_t count(std::string_view entity, const Record& where = {});

  // Inserts every record of `records` as one batch: each record is validated as insert()
  // validates it, then the rows are sent with one statement execution (SOCI bulk binding of
  // one vector per column) inside one transaction on a borrowed connection. Every record must
  // give the same set of fields (in any order); a generated key left out (or NULL) in every
  // record is generated, and generated keys are not returned. Returns the number of rows
  // inserted (records.size(); an empty batch runs nothing). Throws Error(validation) naming
  // "entity.field", the rule and the record's position ("record 3 of 10") for the first
  // invalid record, or for a record whose field set differs from the first's; nothing is
  // written then. A database error (unique_violation, ...) rolls the whole batch back.
  std::size_t insert_many(std::string_view entity, const std::vector<Record>& records);

  // --- typed records, auto-commit ------------------------------------------------------------
  // Same behaviour as the generic members, through entity_traits<T>; no Record is built.
  // A member's value that does not convert (value_codec) throws Error(schema).

  // Inserts `object`; sets its generated key and the defaults it left as nullopt.
  template <Entity T>
  void insert(T& object);

  // The object with this primary key, or nullopt.
  template <Entity T>
  std::optional<T> get(const Key& key);

  // Writes every bound non-key field of `object` to the row with its key; false if none.
  template <Entity T>
  bool update(const T& object);

  // Deletes the row with `object`'s key; returns whether one existed.
  template <Entity T>
  bool remove(const T& object);

  // Deletes the row of T's entity with this key (`remove<Customer>(42)`).
  template <Entity T>
  bool remove(const Key& key) {
    return remove(detail::binding_of<T>().entity, key);
  }

  template <Entity T>
  std::vector<T> find(const Record& where = {}, const FindOptions& options = {});

  template <Entity T>
  std::int64_t count(const Record& where = {});

  // --- read cache ----------------------------------------------------------------------------
  // The cache counters of an entity (by entity name, or by the name of the component that
  // configured it); nullopt when it has no cache. Thread-safe.
  std::optional<CacheStats> cache_stats(std::string_view entity_or_component) const;

  // Drops every cached entry of every entity. Thread-safe.
  void clear_cache() noexcept;

  const SchemaRegistry& registry() const noexcept;
  BackendKind backend() const noexcept;

 private:
  friend class RecordSession;
  void insert_typed(const detail::TypedBinding& binding, void* object);
  bool get_typed(const detail::TypedBinding& binding, const Key& key, void* object);
  bool update_typed(const detail::TypedBinding& binding, const void* object);
  bool remove_typed(const detail::TypedBinding& binding, const void* object);
  void find_typed(const detail::TypedBinding& binding, const Record& where,
                  const FindOptions& options, void* out, void* (*emplace)(void* out));

  std::unique_ptr<detail::RecordsCore> core_;
};

// The record API on one connection: a transaction's, or a leased one in auto-commit mode.
// Same members and errors as Records. Move-only; used by one thread at a time; must not
// outlive its Records or its connection.
class RecordSession {
 public:
  RecordSession(RecordSession&& other) noexcept;
  RecordSession& operator=(RecordSession&&) = delete;
  RecordSession(const RecordSession&) = delete;
  // Invalidates (again) the cached keys written through a transactional session. Never throws.
  ~RecordSession();

  Key insert(std::string_view entity, const Record& record);
  std::optional<Record> get(std::string_view entity, const Key& key);
  bool update(std::string_view entity, Record& record);
  bool remove(std::string_view entity, const Key& key);
  std::vector<Record> find(std::string_view entity, const Record& where = {},
                           const FindOptions& options = {});
  std::int64_t count(std::string_view entity, const Record& where = {});
  // As Records::insert_many. In a transactional session the batch is part of the caller's
  // transaction (a failed batch leaves the transaction to the caller to roll back); on a
  // leased connection in auto-commit mode it runs in a transaction of its own.
  std::size_t insert_many(std::string_view entity, const std::vector<Record>& records);

  template <Entity T>
  void insert(T& object) {
    insert_typed(detail::binding_of<T>(), &object);
  }
  template <Entity T>
  std::optional<T> get(const Key& key) {
    std::optional<T> out(std::in_place);
    if (!get_typed(detail::binding_of<T>(), key, &*out)) out.reset();
    return out;
  }
  template <Entity T>
  bool update(const T& object) {
    return update_typed(detail::binding_of<T>(), &object);
  }
  template <Entity T>
  bool remove(const T& object) {
    return remove_typed(detail::binding_of<T>(), &object);
  }
  template <Entity T>
  bool remove(const Key& key) {
    return remove(detail::binding_of<T>().entity, key);
  }
  template <Entity T>
  std::vector<T> find(const Record& where = {}, const FindOptions& options = {}) {
    std::vector<T> out;
    find_typed(detail::binding_of<T>(), where, options, &out,
               [](void* v) -> void* { return &static_cast<std::vector<T>*>(v)->emplace_back(); });
    return out;
  }
  template <Entity T>
  std::int64_t count(const Record& where = {}) {
    return count(detail::binding_of<T>().entity, where);
  }

  // True for a session inside a transaction.
  bool transactional() const noexcept { return transactional_; }

 private:
  friend class Records;
  RecordSession(detail::RecordsCore& core, Connection& connection, bool transactional);
  detail::Scope scope() noexcept;
  void insert_typed(const detail::TypedBinding& binding, void* object);
  bool get_typed(const detail::TypedBinding& binding, const Key& key, void* object);
  bool update_typed(const detail::TypedBinding& binding, const void* object);
  bool remove_typed(const detail::TypedBinding& binding, const void* object);
  void find_typed(const detail::TypedBinding& binding, const Record& where,
                  const FindOptions& options, void* out, void* (*emplace)(void* out));

  detail::RecordsCore* core_;
  Connection* connection_;
  bool transactional_;
  std::vector<std::pair<std::size_t, Key>> written_;  // (entity index, key) of cached entities
};

template <Entity T>
void Records::insert(T& object) {
  insert_typed(detail::binding_of<T>(), &object);
}

template <Entity T>
std::optional<T> Records::get(const Key& key) {
  std::optional<T> out(std::in_place);
  if (!get_typed(detail::binding_of<T>(), key, &*out)) out.reset();
  return out;
}

template <Entity T>
bool Records::update(const T& object) {
  return update_typed(detail::binding_of<T>(), &object);
}

template <Entity T>
bool Records::remove(const T& object) {
  return remove_typed(detail::binding_of<T>(), &object);
}

template <Entity T>
std::vector<T> Records::find(const Record& where, const FindOptions& options) {
  std::vector<T> out;
  find_typed(detail::binding_of<T>(), where, options, &out,
             [](void* v) -> void* { return &static_cast<std::vector<T>*>(v)->emplace_back(); });
  return out;
}

template <Entity T>
std::int64_t Records::count(const Record& where) {
  return count(detail::binding_of<T>().entity, where);
}

}  // namespace v5store
