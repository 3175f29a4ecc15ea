// Records (auto-commit on the pool) and RecordSession (on one connection): thin front ends
// of RecordsCore.
#include "v5store/records.hpp"

#include "records/records_core.hpp"
#include "v5store/pool.hpp"
#include "v5store/transaction.hpp"

namespace v5store {
namespace {

constexpr std::string_view kLeaseTag = "records";

// An auto-commit call: a connection borrowed for its duration.
struct AutoCommit {
  explicit AutoCommit(detail::RecordsCore& core)
      : lease(core.pool().acquire(kLeaseTag)), scope{lease.connection(), false, true, nullptr} {}
  Lease lease;
  detail::Scope scope;
};

}  // namespace

Records::Records(const SchemaRegistry& registry, ConnectionPool& pool, RecordsOptions options)
    : core_(std::make_unique<detail::RecordsCore>(registry, detail::backend_for(pool.backend()),
                                                  &pool, options)) {}

Records::Records(const SchemaRegistry& registry, BackendKind backend, RecordsOptions options)
    : core_(std::make_unique<detail::RecordsCore>(registry, detail::backend_for(backend), nullptr,
                                                  options)) {}

Records::~Records() = default;

RecordSession Records::on(Transaction& tx) { return RecordSession(*core_, tx.connection(), true); }

RecordSession Records::on(Lease& lease) {
  return RecordSession(*core_, lease.connection(), false);
}

RecordSession Records::on(Connection& connection, bool transactional) {
  return RecordSession(*core_, connection, transactional);
}

Key Records::insert(std::string_view entity, const Record& record) {
  AutoCommit call(*core_);
  return core_->insert(call.scope, entity, record);
}

std::optional<Record> Records::get(std::string_view entity, const Key& key) {
  if (auto cached = core_->get_cached(entity, key)) return cached;
  AutoCommit call(*core_);
  return core_->get(call.scope, entity, key);
}

bool Records::update(std::string_view entity, Record& record) {
  AutoCommit call(*core_);
  return core_->update(call.scope, entity, record);
}

bool Records::remove(std::string_view entity, const Key& key) {
  AutoCommit call(*core_);
  return core_->remove(call.scope, entity, key);
}

std::vector<Record> Records::find(std::string_view entity, const Record& where,
                                  const FindOptions& options) {
  AutoCommit call(*core_);
  return core_->find(call.scope, entity, where, options);
}

std::int64_t Records::count(std::string_view entity, const Record& where) {
  AutoCommit call(*core_);
  return core_->count(call.scope, entity, where);
}

void Records::insert_typed(const detail::TypedBinding& binding, void* object) {
  AutoCommit call(*core_);
  core_->insert_typed(call.scope, binding, object);
}

bool Records::get_typed(const detail::TypedBinding& binding, const Key& key, void* object) {
  if (core_->get_typed_cached(binding, key, object)) return true;
  AutoCommit call(*core_);
  return core_->get_typed(call.scope, binding, key, object);
}

bool Records::update_typed(const detail::TypedBinding& binding, const void* object) {
  AutoCommit call(*core_);
  return core_->update_typed(call.scope, binding, object);
}

bool Records::remove_typed(const detail::TypedBinding& binding, const void* object) {
  AutoCommit call(*core_);
  return core_->remove_typed(call.scope, binding, object);
}

void Records::find_typed(const detail::TypedBinding& binding, const Record& where,
                         const FindOptions& options, void* out, void* (*emplace)(void*)) {
  AutoCommit call(*core_);
  core_->find_typed(call.scope, binding, where, options, out, emplace);
}

std::optional<CacheStats> Records::cache_stats(std::string_view entity_or_component) const {
  return core_->cache_stats(entity_or_component);
}

void Records::clear_cache() noexcept { core_->clear_cache(); }

const SchemaRegistry& Records::registry() const noexcept { return core_->registry(); }

BackendKind Records::backend() const noexcept { return core_->backend().kind(); }

// --- RecordSession -----------------------------------------------------------------------------

RecordSession::RecordSession(detail::RecordsCore& core, Connection& connection, bool transactional)
    : core_(&core), connection_(&connection), transactional_(transactional) {}

RecordSession::RecordSession(RecordSession&& other) noexcept
    : core_(other.core_),
      connection_(other.connection_),
      transactional_(other.transactional_),
      written_(std::move(other.written_)) {
  other.written_.clear();
}

RecordSession::~RecordSession() {
  if (!written_.empty()) core_->invalidate(written_);
}

detail::Scope RecordSession::scope() noexcept {
  return detail::Scope{*connection_, !transactional_, !transactional_,
                       transactional_ ? &written_ : nullptr};
}

Key RecordSession::insert(std::string_view entity, const Record& record) {
  detail::Scope scope = this->scope();
  return core_->insert(scope, entity, record);
}

std::optional<Record> RecordSession::get(std::string_view entity, const Key& key) {
  detail::Scope scope = this->scope();
  return core_->get(scope, entity, key);
}

bool RecordSession::update(std::string_view entity, Record& record) {
  detail::Scope scope = this->scope();
  return core_->update(scope, entity, record);
}

bool RecordSession::remove(std::string_view entity, const Key& key) {
  detail::Scope scope = this->scope();
  return core_->remove(scope, entity, key);
}

std::vector<Record> RecordSession::find(std::string_view entity, const Record& where,
                                        const FindOptions& options) {
  detail::Scope scope = this->scope();
  return core_->find(scope, entity, where, options);
}

std::int64_t RecordSession::count(std::string_view entity, const Record& where) {
  detail::Scope scope = this->scope();
  return core_->count(scope, entity, where);
}

void RecordSession::insert_typed(const detail::TypedBinding& binding, void* object) {
  detail::Scope scope = this->scope();
  core_->insert_typed(scope, binding, object);
}

bool RecordSession::get_typed(const detail::TypedBinding& binding, const Key& key,
                              void* object) {
  detail::Scope scope = this->scope();
  return core_->get_typed(scope, binding, key, object);
}

bool RecordSession::update_typed(const detail::TypedBinding& binding, const void* object) {
  detail::Scope scope = this->scope();
  return core_->update_typed(scope, binding, object);
}

bool RecordSession::remove_typed(const detail::TypedBinding& binding, const void* object) {
  detail::Scope scope = this->scope();
  return core_->remove_typed(scope, binding, object);
}

void RecordSession::find_typed(const detail::TypedBinding& binding, const Record& where,
                               const FindOptions& options, void* out, void* (*emplace)(void*)) {
  detail::Scope scope = this->scope();
  core_->find_typed(scope, binding, where, options, out, emplace);
}

}  // namespace v5store
