// RecordApi: every record operation, once, in the scope of its face (auto-commit on the pool,
// a leased connection, or a transaction); Records and RecordSession only pick the scope.
#include "v5store/records.hpp"

#include "records/records_core.hpp"
#include "v5store/pool.hpp"
#include "v5store/transaction.hpp"

namespace v5store {

RecordApi::RecordApi(RecordApi&& other) noexcept
    : core_(other.core_),
      connection_(other.connection_),
      transactional_(other.transactional_),
      written_(std::move(other.written_)) {
  other.written_.clear();
}

RecordApi::~RecordApi() {
  if (!written_.empty()) core_->invalidate(written_);
}

Key RecordApi::insert(std::string_view entity, const Record& record) {
  Call call(*this);
  return core_->insert(call.scope, entity, record);
}

Record RecordApi::insert_returning(std::string_view entity, const Record& record) {
  Call call(*this);
  return core_->insert_returning(call.scope, entity, record);
}

std::optional<Record> RecordApi::get(std::string_view entity, const Key& key) {
  if (connection_ == nullptr) {
    if (auto cached = core_->get_cached(entity, key)) return cached;
  }
  Call call(*this);
  return core_->get(call.scope, entity, key);
}

bool RecordApi::update(std::string_view entity, Record& record) {
  Call call(*this);
  return core_->update(call.scope, entity, record);
}

bool RecordApi::remove(std::string_view entity, const Key& key) {
  Call call(*this);
  return core_->remove(call.scope, entity, key);
}

std::vector<Record> RecordApi::find(std::string_view entity, const Record& where,
                                    const FindOptions& options) {
  Call call(*this);
  return core_->find(call.scope, entity, where, options);
}

std::int64_t RecordApi::count(std::string_view entity, const Record& where) {
  Call call(*this);
  return core_->count(call.scope, entity, where);
}

void RecordApi::insert_typed(const detail::TypedBinding& binding, void* object) {
  Call call(*this);
  core_->insert_typed(call.scope, binding, object);
}

bool RecordApi::get_typed(const detail::TypedBinding& binding, const Key& key, void* object) {
  if (connection_ == nullptr && core_->get_typed_cached(binding, key, object)) return true;
  Call call(*this);
  return core_->get_typed(call.scope, binding, key, object);
}

bool RecordApi::update_typed(const detail::TypedBinding& binding, const void* object) {
  Call call(*this);
  return core_->update_typed(call.scope, binding, object);
}

bool RecordApi::remove_typed(const detail::TypedBinding& binding, const void* object) {
  Call call(*this);
  return core_->remove_typed(call.scope, binding, object);
}

void RecordApi::find_typed(const detail::TypedBinding& binding, const Record& where,
                           const FindOptions& options, void* out, void* (*emplace)(void*)) {
  Call call(*this);
  core_->find_typed(call.scope, binding, where, options, out, emplace);
}

std::vector<Record> RecordApi::find(const Query& query) {
  Call call(*this);
  return core_->find(call.scope, query);
}

Page RecordApi::page(const Query& query) {
  Call call(*this);
  return core_->page(call.scope, query);
}

std::int64_t RecordApi::count(const Query& query) {
  Call call(*this);
  return core_->count(call.scope, query);
}

bool RecordApi::exists(const Query& query) {
  Call call(*this);
  return core_->exists(call.scope, query);
}

void RecordApi::find_typed(const detail::TypedBinding& binding, const Query& query,
                           std::string* next, void* out, void* (*emplace)(void*)) {
  Call call(*this);
  core_->find_typed(call.scope, binding, query, next, out, emplace);
}

std::vector<Record> RecordApi::query(std::string_view sql, const Params& params,
                                     const std::vector<Column>& columns) {
  Call call(*this);
  return core_->query(call.scope, sql, params, columns);
}

std::int64_t RecordApi::execute(std::string_view sql, const Params& params) {
  Call call(*this);
  return core_->execute(call.scope, sql, params);
}

// --- Records -----------------------------------------------------------------------------------

Records::Records(const SchemaRegistry& registry, ConnectionPool& pool, RecordsOptions options)
    : RecordApi(nullptr, nullptr, false),
      owned_(std::make_unique<detail::RecordsCore>(
          registry, detail::backend_for(pool.backend(), pool.database().pooler), &pool, options)) {
  core_ = owned_.get();
}

Records::Records(const SchemaRegistry& registry, BackendKind backend, RecordsOptions options)
    : RecordApi(nullptr, nullptr, false),
      owned_(std::make_unique<detail::RecordsCore>(registry, detail::backend_for(backend), nullptr,
                                                   options)) {
  core_ = owned_.get();
}

Records::~Records() = default;

RecordSession Records::on(Transaction& tx) { return RecordSession(*core_, tx.connection(), true); }

RecordSession Records::on(Lease& lease) {
  return RecordSession(*core_, lease.connection(), false);
}

RecordSession Records::on(Connection& connection, bool transactional) {
  return RecordSession(*core_, connection, transactional);
}

std::optional<CacheStats> Records::cache_stats(std::string_view entity_or_component) const {
  return core_->cache_stats(entity_or_component);
}

void Records::clear_cache() noexcept { core_->clear_cache(); }

const SchemaRegistry& Records::registry() const noexcept { return core_->registry(); }

BackendKind Records::backend() const noexcept { return core_->backend().kind(); }

}  // namespace v5store
