// The record API: generic (Record) and typed (entity_traits<T>) insert, get, update, remove,
// find and count, validated against the schema registry, with a read cache per store
// component. The operations are declared once, in RecordApi; `Records` runs each call in
// auto-commit mode on a connection from its pool, `RecordSession` (from Records::on) runs
// calls on one leased connection or transaction.
//
// Identifiers in SQL always come from the registry (unknown entity or field names are
// rejected before any SQL exists), values are always bound parameters,
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
#include "v5store/query.hpp"
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

// The rows a page's vector reserves before it is filled: room for a full page of `limit`
// rows, at most 1024 (a larger page grows as it fills).
constexpr std::size_t page_capacity(std::size_t limit) noexcept {
  return limit < 1024 ? limit : 1024;
}
}  // namespace detail

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

// A typed query over T's entity: `records.find(from<Order>().where(...))`.
template <Entity T>
TypedQuery<T> from() {
  return TypedQuery<T>(std::string(detail::binding_of<T>().entity));
}

// The record operations, declared and implemented once. Each runs in the scope of the face
// it is called on: Records runs it in auto-commit mode on a connection borrowed from its pool
// for the call; a RecordSession runs it on one leased connection (auto-commit) or inside one
// transaction. Besides what each member lists, each throws Error(schema) for an unknown
// entity, Error(validation) naming "entity.field" for an unknown field, the pool's errors
// (pool_timeout, circuit_open, connection) and the mapped database error (unique_violation,
// ...). Thread safety is the face's (Records: any thread; RecordSession: one at a time).
//
// Example:
//   v5store::Key id = records.insert("customer", {{"email", "ann@example.com"}});
//   std::optional<v5store::Record> ann = records.get("customer", id);
class RecordApi {
 public:
  // --- generic records -----------------------------------------------------------------------

  // Validates and inserts `record` (fields absent from it take the database default).
  // Returns the row's primary key, database-generated parts included. Throws
  // Error(validation) naming "entity.field" and the rule; nothing is written then.
  Key insert(std::string_view entity, const Record& record);

  // insert(), returning the stored row as get() would read it: the generated key and the
  // database's defaults filled in, every field, none marked changed. One statement on
  // PostgreSQL (INSERT ... RETURNING); on SQLite and MySQL/MariaDB the insert and a read by
  // key on the same connection. Throws as insert() does.
  Record insert_returning(std::string_view entity, const Record& record);

  // The row with this primary key, or nullopt. Outside a transaction it is served from the
  // read cache when the entity has one. The returned record has every field, none marked
  // changed.
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
  // one vector per column). Every record must give the same set of fields (in any order); a
  // generated key left out (or NULL) in every record is generated, and generated keys are
  // not returned. Returns the number of rows inserted (records.size(); an empty batch runs
  // nothing). Throws Error(validation) naming "entity.field", the rule and the record's
  // position ("record 3 of 10") for the first invalid record, or for a record whose field
  // set differs from the first's; nothing is written then. Outside a transaction the batch
  // runs in a transaction of its own, and a database error (unique_violation, ...) rolls the
  // whole batch back; inside one it is part of the caller's transaction (a failed batch
  // leaves the transaction to the caller to roll back).
  std::size_t insert_many(std::string_view entity, const std::vector<Record>& records);

  // --- typed records -----------------------------------------------------------------------
  // Same behaviour as the generic members, through entity_traits<T>; no Record is built.
  // A member's value that does not convert (value_codec) throws Error(schema).

  // Inserts `object`; sets its generated key and the defaults it left as nullopt.
  template <Entity T>
  void insert(T& object) {
    insert_typed(detail::binding_of<T>(), &object);
  }

  // The object with this primary key, or nullopt.
  template <Entity T>
  std::optional<T> get(const Key& key) {
    std::optional<T> out(std::in_place);
    if (!get_typed(detail::binding_of<T>(), key, &*out)) out.reset();
    return out;
  }

  // Writes every bound non-key field of `object` to the row with its key; false if none.
  template <Entity T>
  bool update(const T& object) {
    return update_typed(detail::binding_of<T>(), &object);
  }

  // Deletes the row with `object`'s key; returns whether one existed.
  template <Entity T>
  bool remove(const T& object) {
    return remove_typed(detail::binding_of<T>(), &object);
  }

  // Deletes the row of T's entity with this key (`remove<Customer>(42)`).
  template <Entity T>
  bool remove(const Key& key) {
    return remove(detail::binding_of<T>().entity, key);
  }

  // The objects whose fields equal `where` (as the generic find()).
  template <Entity T>
  std::vector<T> find(const Record& where = {}, const FindOptions& options = {}) {
    std::vector<T> out;
    find_typed(detail::binding_of<T>(), where, options, &out,
               [](void* v) -> void* { return &static_cast<std::vector<T>*>(v)->emplace_back(); });
    return out;
  }

  // The number of rows of T's entity matching `where`.
  template <Entity T>
  std::int64_t count(const Record& where = {}) {
    return count(detail::binding_of<T>().entity, where);
  }

  // --- queries (v5store/query.hpp) --------------------------------------------------------
  // Each checks every field and value of `query` against the registry first: an unknown field,
  // a value of the wrong type, LIKE on a non-text field or an aggregate the field's type does
  // not allow is an Error(validation) naming "entity.field"; nothing runs then.

  // The rows matching the query's condition, in its order, after its offset, at most its
  // limit: every field, or the projection of select() (grouped by group_by()).
  std::vector<Record> find(const Query& query);

  // One keyset page: at most query.limit() rows (required) after query.cursor(), in the
  // query's order completed by the primary key (so it is total), and the cursor of the next
  // page. Pages are stable under concurrent inserts (a row is never shown twice) and never
  // scan skipped rows (no OFFSET). Throws Error(validation) for a limit of 0, an order field
  // that is nullable, a projection, or a cursor that is malformed or from another order.
  Page page(const Query& query);

  // The number of rows matching the query's condition (an int64 on every backend).
  std::int64_t count(const Query& query);

  // Whether any row matches the query's condition (SELECT 1 ... LIMIT 1).
  bool exists(const Query& query);

  // The objects matching a typed query (as find(const Query&), every field).
  // (Q is TypedQuery<T>: a template over the query, so that find<T>({...}) stays the
  // equality find.)
  template <TypedQueryType Q, class T = typename Q::entity_type>
  std::vector<T> find(const Q& query) {
    std::vector<T> out;
    find_typed(detail::binding_of<T>(), query, nullptr, &out,
               [](void* v) -> void* { return &static_cast<std::vector<T>*>(v)->emplace_back(); });
    return out;
  }

  // A page of objects (as page(const Query&)).
  template <TypedQueryType Q, class T = typename Q::entity_type>
  TypedPage<T> page(const Q& query) {
    TypedPage<T> out;
    out.rows.reserve(detail::page_capacity(static_cast<const Query&>(query).limit()));
    find_typed(detail::binding_of<T>(), query, &out.next, &out.rows,
               [](void* v) -> void* { return &static_cast<std::vector<T>*>(v)->emplace_back(); });
    return out;
  }

  // --- raw SQL ---------------------------------------------------------------------------------
  // SQL written by the caller, with `?` (positional) or `:name` (named) placeholders whose
  // values are always bound, through the same connection handling, error mapping and metrics
  // (operation "query" / "execute") as every record operation. Never put caller text into
  // `sql` itself. Throws Error(validation) for a placeholder without a value (or a value
  // without a placeholder), and the mapped database error.

  // The rows of a query, each a Record named by the result columns. With `columns`, each
  // value is converted to its declared type and the statement is prepared once per
  // connection (the statement cache); without, the backend's types decide (integers,
  // COUNT(*) included, are int64 on every backend; floating point a double; text a string).
  std::vector<Record> query(std::string_view sql, const Params& params = {},
                            const std::vector<Column>& columns = {});

  // Runs a statement without a result (INSERT, UPDATE, DELETE, DDL); returns the rows it
  // changed. Prepared once per connection (the statement cache).
  std::int64_t execute(std::string_view sql, const Params& params = {});

 protected:
  // A face over `core`: auto-commit on the core's pool when `connection` is null, else on
  // `connection`, inside a transaction when `transactional`.
  RecordApi(detail::RecordsCore* core, Connection* connection, bool transactional) noexcept
      : core_(core), connection_(connection), transactional_(transactional) {}
  RecordApi(RecordApi&& other) noexcept;
  ~RecordApi();

  detail::RecordsCore* core_;
  Connection* connection_;  // null: each call borrows a connection from the pool
  bool transactional_;

 private:
  struct Call;  // the scope of one call (private)
  void insert_typed(const detail::TypedBinding& binding, void* object);
  bool get_typed(const detail::TypedBinding& binding, const Key& key, void* object);
  bool update_typed(const detail::TypedBinding& binding, const void* object);
  bool remove_typed(const detail::TypedBinding& binding, const void* object);
  void find_typed(const detail::TypedBinding& binding, const Record& where,
                  const FindOptions& options, void* out, void* (*emplace)(void* out));
  // A query into objects; a keyset page (cursor of the next page into *next) unless null.
  void find_typed(const detail::TypedBinding& binding, const Query& query, std::string* next,
                  void* out, void* (*emplace)(void* out));

  // (entity index, key) of cached entities written inside a transaction: invalidated again
  // when the face is destroyed (after the usual commit).
  std::vector<std::pair<std::size_t, Key>> written_;
};

// The record API of one database in auto-commit mode, shared by every thread. Thread-safe:
// every member may be called concurrently. The registry (and the pool, when given) must
// outlive it.
class Records : public RecordApi {
 public:
  // Record API in auto-commit mode on connections from `pool`, with SQL in the pool's
  // backend dialect. Throws Error(config) for a cache on an entity the registry lacks.
  Records(const SchemaRegistry& registry, ConnectionPool& pool, RecordsOptions options = {});

  // Record API without a pool: only on() sessions (the operations called on the Records
  // itself throw Error(config)). For tools and benchmarks that manage their own connections.
  Records(const SchemaRegistry& registry, BackendKind backend, RecordsOptions options = {});

  ~Records();
  Records(const Records&) = delete;
  Records& operator=(const Records&) = delete;

  // A session running calls inside `tx`. Reads bypass the read cache; keys written are
  // invalidated at once and again when the session is destroyed (after the usual commit).
  // The transaction must outlive the session.
  RecordSession on(Transaction& tx);

  // A session running auto-commit calls on a leased connection (the lease outlives it).
  // Reads use the read cache like the members of Records.
  RecordSession on(Lease& lease);

  // A session on a connection (Lease::connection()); `transactional` as for on(Transaction&).
  RecordSession on(Connection& connection, bool transactional = false);

  // --- read cache ----------------------------------------------------------------------------
  // The cache counters of an entity (by entity name, or by the name of the component that
  // configured it); nullopt when it has no cache. Thread-safe.
  std::optional<CacheStats> cache_stats(std::string_view entity_or_component) const;

  // Drops every cached entry of every entity. Thread-safe.
  void clear_cache() noexcept;

  const SchemaRegistry& registry() const noexcept;
  BackendKind backend() const noexcept;

 private:
  std::unique_ptr<detail::RecordsCore> owned_;
};

// The record API on one connection: a transaction's, or a leased one in auto-commit mode.
// The operations of RecordApi. Move-only; used by one thread at a time; must not outlive its
// Records or its connection.
class RecordSession : public RecordApi {
 public:
  RecordSession(RecordSession&& other) noexcept = default;
  RecordSession& operator=(RecordSession&&) = delete;
  RecordSession(const RecordSession&) = delete;
  // Invalidates (again) the cached keys written through a transactional session. Never throws.
  ~RecordSession() = default;

  // True for a session inside a transaction.
  bool transactional() const noexcept { return transactional_; }

 private:
  friend class Records;
  RecordSession(detail::RecordsCore& core, Connection& connection, bool transactional) noexcept
      : RecordApi(&core, &connection, transactional) {}
};

}  // namespace v5store
