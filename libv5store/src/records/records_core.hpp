// RecordsCore: the implementation shared by Records and RecordSession. Holds the SQL of
// every entity (built once), the typed plans (built once per entity_traits type), the read
// caches and the query metrics. Thread-safe; the per-call state lives in a Scope.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cache/read_cache.hpp"
#include "connection.hpp"
#include "records/query_metrics.hpp"
#include "records/sql_builder.hpp"
#include "v5store/entity_traits.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// Where one call runs and how it may use the read cache.
struct Scope {
  Connection& connection;
  bool read_cache;  // look in the cache before the database (auto-commit sessions)
  bool fill_cache;  // store rows read from the database (never inside a transaction)
  // Keys written by a transactional session, invalidated again when it ends; else null.
  std::vector<std::pair<std::size_t, Key>>* written;
  bool transactional;  // inside the caller's transaction
};

// The pool lease tag of auto-commit calls.
inline constexpr std::string_view kLeaseTag = "records";

// The per-entity state: its schema, fixed statements and read cache (null when none).
struct EntityState {
  const EntitySchema* schema = nullptr;
  SqlStatement get;
  SqlStatement remove;
  SqlStatement exists;  // COUNT(*) by key: an UPDATE that changed no row may still match one
  std::unique_ptr<ReadCache> cache;
};

// What entity_traits<T> resolves to against one registry and dialect. Index j is the j-th
// field of the binding.
struct TypedPlan {
  const EntityState* state = nullptr;
  std::vector<const FieldSchema*> fields;  // the registry field of binding field j
  std::vector<std::size_t> insert_fields;  // j of the inserted fields, in bind order
  std::vector<std::size_t> now_fields;     // j of the required fields whose default is now
  SqlStatement insert;
  std::optional<std::size_t> generated;    // j of the generated key, when bound
  std::vector<std::size_t> key_fields;     // j of each primary-key field; empty: key not bound
  std::vector<std::size_t> update_fields;  // j of the non-key fields, in bind order
  SqlStatement update;
};

// The statement of one raw SQL text (records.query/execute) for one shape of its values (their
// kinds, and the names of named ones, in the order given), built once: the SQL with :p1..:pN,
// the type of each placeholder and where its value comes from.
struct RawPlan {
  std::string sql;
  std::vector<FieldType> types;
  // Per placeholder: i < positional count: the i-th positional value; else the
  // (i - positional count)-th named one.
  std::vector<std::size_t> sources;
  // The shape planned for: the kind (Value::index()) of each positional value, and the name
  // and kind of each named one, in the order given.
  std::vector<std::size_t> positional_kinds;
  std::vector<std::pair<std::string, std::size_t>> named_kinds;

  // Whether `params` has the shape this plan was built for.
  bool fits(const Params& params) const noexcept;
};

class RecordsCore {
 public:
  RecordsCore(const SchemaRegistry& registry, const Backend& backend, ConnectionPool* pool,
              const RecordsOptions& options);

  const SchemaRegistry& registry() const noexcept { return registry_; }
  const Backend& backend() const noexcept { return backend_; }
  // The pool for auto-commit calls. Throws Error(config) when the Records has none.
  ConnectionPool& pool() const;
  // The query metrics of the record operations.
  const QueryMetrics& metrics() const noexcept { return metrics_; }

  Key insert(Scope& scope, std::string_view entity, const Record& record);
  // insert(), then the stored row: RETURNING every field where the backend has it, else a
  // read by key in the same scope (the same connection).
  Record insert_returning(Scope& scope, std::string_view entity, const Record& record);
  std::optional<Record> get(Scope& scope, std::string_view entity, const Key& key);
  bool update(Scope& scope, std::string_view entity, Record& record);
  bool remove(Scope& scope, std::string_view entity, const Key& key);
  std::vector<Record> find(Scope& scope, std::string_view entity, const Record& where,
                           const FindOptions& options);
  std::int64_t count(Scope& scope, std::string_view entity, const Record& where);

  void insert_typed(Scope& scope, const TypedBinding& binding, void* object);
  bool get_typed(Scope& scope, const TypedBinding& binding, const Key& key, void* object);
  bool update_typed(Scope& scope, const TypedBinding& binding, const void* object);
  bool remove_typed(Scope& scope, const TypedBinding& binding, const void* object);
  void find_typed(Scope& scope, const TypedBinding& binding, const Record& where,
                  const FindOptions& options, void* out, void* (*emplace)(void*));

  // The plan of raw `sql` for the shape of `params`: cached, or built into `scratch` (when the
  // cache is full). Throws Error(validation) for placeholders and values that do not match.
  const RawPlan& raw_plan(std::string_view sql, const Params& params,
                          std::optional<RawPlan>& scratch);
  // Raw SQL (raw_sql.cpp), as RecordApi's.
  std::vector<Record> query(Scope& scope, std::string_view sql, const Params& params,
                            const std::vector<Column>& columns);
  std::int64_t execute(Scope& scope, std::string_view sql, const Params& params);

  // Queries (query_records.cpp), as RecordApi's.
  std::vector<Record> find(Scope& scope, const Query& query);
  Page page(Scope& scope, const Query& query);
  std::int64_t count(Scope& scope, const Query& query);
  bool exists(Scope& scope, const Query& query);
  // A query (a page when `next` is not null: the next cursor goes there) into objects.
  void find_typed(Scope& scope, const TypedBinding& binding, const Query& query,
                  std::string* next, void* out, void* (*emplace)(void*));

  // Cache-only lookups for auto-commit calls, made before a connection is borrowed: the row
  // on a hit, nullopt / false on a miss or when the entity has no cache.
  std::optional<Record> get_cached(std::string_view entity, const Key& key);
  bool get_typed_cached(const TypedBinding& binding, const Key& key, void* object);

  // Invalidates the keys a transactional session wrote. Never throws.
  void invalidate(const std::vector<std::pair<std::size_t, Key>>& written) noexcept;

  std::optional<CacheStats> cache_stats(std::string_view entity_or_component) const;
  void clear_cache() noexcept;

  // The state of an entity. Throws Error(schema) for an unknown entity.
  const EntityState& state(std::string_view entity) const;

 private:
  // Validates and inserts `record`; returns its key. With `stored`, the statement returns
  // every field (the backend must support RETURNING) and *stored receives the row.
  Key insert_row(Scope& scope, std::string_view entity, const Record& record, Record* stored);
  // The plan of a binding, built on first use. Thread-safe.
  const TypedPlan& plan(const TypedBinding& binding);
  const TypedPlan& find_or_build_plan(const TypedBinding& binding);
  TypedPlan build_plan(const TypedBinding& binding) const;
  // The database's current time when one of the plan's `now` fields of `object` is empty
  // (one SELECT on the scope's connection), else nullopt.
  std::optional<Timestamp> database_now_if_needed(Scope& scope, const TypedBinding& binding,
                                                  const TypedPlan& plan, const void* object);
  // The statement of a dynamic (entity, operation, fields) shape, built once per shape.
  const SqlStatement& dynamic_statement(const std::string& signature,
                                        const std::function<SqlStatement()>& build);
  void after_write(Scope& scope, const EntityState& state, const Key& key);
  // Whether `affected` rows (from an UPDATE) mean the key's row exists. MySQL/MariaDB report
  // changed rather than matched rows, so a zero is confirmed by a COUNT(*) on the key.
  bool row_matched(Scope& scope, const EntityState& state, const Key& key, long long affected);
  std::vector<WhereTerm> where_terms(const EntitySchema& entity, const Record& where) const;
  const SqlStatement& find_statement(const EntitySchema& entity,
                                     const std::vector<WhereTerm>& where,
                                     const FindOptions& options, std::vector<OrderTerm>& order);
  void bind_where(BoundStatement& statement, const EntitySchema& entity,
                  const std::vector<WhereTerm>& terms, const Record& where) const;

  // Runs find (`page` false) or one keyset page of `query`, calling `row` on each row kept
  // (the statement positioned on it). Returns the next page's cursor (empty: none).
  std::string run_query(Scope& scope, const EntitySchema& entity, const Query& query, bool page,
                        const std::function<void(BoundStatement&)>& row);

  const SchemaRegistry& registry_;
  const Backend& backend_;
  ConnectionPool* pool_;
  SqlBuilder sql_;
  const SqlStatement now_;  // the database's current time
  QueryMetrics metrics_;
  std::vector<EntityState> entities_;

  const std::uint64_t id_;  // unique per RecordsCore of the process (plan()'s thread cache)
  std::shared_mutex plans_mutex_;
  std::unordered_map<const TypedBinding*, std::unique_ptr<TypedPlan>> plans_;
  std::shared_mutex statements_mutex_;
  std::unordered_map<std::string, std::unique_ptr<SqlStatement>> statements_;
  // Raw SQL plans by SQL text, one per shape of the values (RawPlan::fits); at most
  // kMaxRawPlans in all, later ones are planned per call.
  std::shared_mutex raw_plans_mutex_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<RawPlan>>, StringHash,
                     std::equal_to<>>
      raw_plans_;
  std::size_t raw_plan_count_ = 0;
};

// Tells a statement that selects `entity`'s fields in declaration order which columns hold
// the key, so that a row whose value cannot be read is reported with its key (once per
// statement; BoundStatement::identify_rows_by).
void identify_rows(BoundStatement& statement, const EntitySchema& entity);

// Binds `value` to parameter i after converting it to the form `field`'s type binds as.
// Throws Error(validation) naming the field's path when the value cannot be bound.
void bind_value(BoundStatement& statement, std::size_t i, const FieldSchema& field,
                const Value& value);

// Fills the bound members of `object` from the current row of `statement`, whose result
// columns are every field of the plan's entity in order.
void fill_object(const TypedBinding& binding, const TypedPlan& plan, BoundStatement& statement,
                 void* object);

// Completes the details of a constraint violation raised by a write to `entity`: the
// constraint's name as v5store names it on every backend ("<table>_pkey", "<table>_<field>_key"
// for a unique field, the index name for a unique index, "<table>_<field>_fkey",
// "<table>_<field>_check"), the table, column and "entity.field". Never throws.
void describe_violation(Error& error, const EntitySchema& entity) noexcept;

// The field `name` of `entity`. Throws Error(validation) "entity.name: unknown_field" (the
// same code from every record operation).
const FieldSchema& record_field(const EntitySchema& entity, std::string_view name);

// Throws Error(validation) "<entity>: read_only: <operation> refused" when `entity` is
// declared read_only; `operation` is "update" or "remove".
void refuse_read_only(const EntitySchema& entity, std::string_view operation);

// Checks that a key or filter value can be bound to `field` (NULL only when `allow_null`).
// Throws Error(validation) naming entity.field.
void check_bindable(const FieldSchema& field, const Value& value, bool allow_null);

}  // namespace v5store::detail

namespace v5store {

// The scope of one call: on the face's connection, or on one borrowed from the pool for the
// call's duration (auto-commit).
struct RecordApi::Call {
  explicit Call(RecordApi& api)
      : lease(api.connection_ == nullptr
                  ? std::optional<Lease>(api.core_->pool().acquire(detail::kLeaseTag))
                  : std::nullopt),
        scope{api.connection_ != nullptr ? *api.connection_ : lease->connection(),
              api.connection_ != nullptr && !api.transactional_, !api.transactional_,
              api.transactional_ ? &api.written_ : nullptr, api.transactional_} {}
  std::optional<Lease> lease;
  detail::Scope scope;
};

}  // namespace v5store
