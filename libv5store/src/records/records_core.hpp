// RecordsCore: the implementation shared by Records and RecordSession. Holds the SQL of
// every entity (built once), the typed plans (built once per entity_traits type), the read
// caches and the query metrics. Thread-safe; the per-call state lives in a Scope.
#pragma once

#include <cstddef>
#include <cstdint>
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
};

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
  SqlStatement insert;
  std::optional<std::size_t> generated;    // j of the generated key, when bound
  std::vector<std::size_t> key_fields;     // j of each primary-key field; empty: key not bound
  std::vector<std::size_t> update_fields;  // j of the non-key fields, in bind order
  SqlStatement update;
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

  // Cache-only lookups for auto-commit calls, made before a connection is borrowed: the row
  // on a hit, nullopt / false on a miss or when the entity has no cache.
  std::optional<Record> get_cached(std::string_view entity, const Key& key);
  bool get_typed_cached(const TypedBinding& binding, const Key& key, void* object);

  // Invalidates the keys a transactional session wrote. Never throws.
  void invalidate(const std::vector<std::pair<std::size_t, Key>>& written) noexcept;

  std::optional<CacheStats> cache_stats(std::string_view entity_or_component) const;
  void clear_cache() noexcept;

 private:
  const EntityState& state(std::string_view entity) const;
  // The plan of a binding, built on first use. Thread-safe.
  const TypedPlan& plan(const TypedBinding& binding);
  const TypedPlan& find_or_build_plan(const TypedBinding& binding);
  TypedPlan build_plan(const TypedBinding& binding) const;
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

  const SchemaRegistry& registry_;
  const Backend& backend_;
  ConnectionPool* pool_;
  SqlBuilder sql_;
  QueryMetrics metrics_;
  std::vector<EntityState> entities_;

  const std::uint64_t id_;  // unique per RecordsCore of the process (plan()'s thread cache)
  std::shared_mutex plans_mutex_;
  std::unordered_map<const TypedBinding*, std::unique_ptr<TypedPlan>> plans_;
  std::shared_mutex statements_mutex_;
  std::unordered_map<std::string, std::unique_ptr<SqlStatement>> statements_;
};

// Tells a statement that selects `entity`'s fields in declaration order which columns hold
// the key, so that a row whose value cannot be read is reported with its key (once per
// statement; BoundStatement::identify_rows_by).
void identify_rows(BoundStatement& statement, const EntitySchema& entity);

// Binds `value` to parameter i after converting it to the form `field`'s type binds as.
// Throws Error(validation) naming the field's path when the value cannot be bound.
void bind_value(BoundStatement& statement, std::size_t i, const FieldSchema& field,
                const Value& value);

// Checks that a key or filter value can be bound to `field` (NULL only when `allow_null`).
// Throws Error(validation) naming entity.field.
void check_bindable(const FieldSchema& field, const Value& value, bool allow_null);

}  // namespace v5store::detail
