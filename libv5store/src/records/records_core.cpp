// RecordsCore: construction, per-entity SQL, the generic record operations and the cache.
#include "records/records_core.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>

#include "schema/field_rules.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

// Identifies each RecordsCore of the process (RecordsCore::plan's per-thread memo).
std::atomic<std::uint64_t> next_core_id{1};

// Appends a field index to a statement signature (two bytes, entities have < 65536 fields).
void append_index(std::string& signature, std::size_t index) {
  signature += static_cast<char>(index & 0xff);
  signature += static_cast<char>((index >> 8) & 0xff);
}

std::string operation_context(std::string_view operation, const EntitySchema& entity) {
  return std::string(operation) + " " + entity.name();
}

Record row_to_record(const EntitySchema& entity, BoundStatement& statement) {
  Record record;
  for (const FieldSchema& field : entity.fields()) {
    record.set(field.name(), statement.result(field.index()));
  }
  record.mark_clean();
  return record;
}

Record cached_to_record(const EntitySchema& entity, const std::vector<Value>& row) {
  Record record;
  for (const FieldSchema& field : entity.fields()) record.set(field.name(), row[field.index()]);
  record.mark_clean();
  return record;
}

// Binds `value` after converting it to the form `field`'s type binds as.
void bind_converted(BoundStatement& statement, std::size_t i, const FieldSchema& field,
                    const Value& value) {
  const bool convert =
      !is_null(value) &&
      ((field.type() == FieldType::float64 && std::holds_alternative<std::int64_t>(value)) ||
       field.type() == FieldType::decimal ||
       ((field.type() == FieldType::date || field.type() == FieldType::timestamp) &&
        std::holds_alternative<std::string>(value)));
  if (!convert) {
    statement.bind(i, value);
    return;
  }
  Value converted = value;
  normalize(field, converted);
  statement.bind(i, converted);
}

}  // namespace

const FieldSchema& record_field(const EntitySchema& entity, std::string_view name) {
  const FieldSchema* field = entity.find_field(name);
  if (field == nullptr) {
    throw Error(ErrorCode::validation, entity.name() + "." + std::string(name) +
                                           ": unknown_field: the entity declares no such field");
  }
  return *field;
}

void check_bindable(const FieldSchema& field, const Value& value, bool allow_null) {
  if (is_null(value)) {
    if (allow_null) return;
    throw Error(ErrorCode::validation, field.path() + ": null: a key value is NULL");
  }
  if (auto violation = field.check(value)) {
    if (violation->rule == "type" || violation->rule == "format" || violation->rule == "decimal") {
      throw Error(ErrorCode::validation, std::move(violation->message));
    }
  }
}

void identify_rows(BoundStatement& statement, const EntitySchema& entity) {
  if (statement.identifies_rows()) return;
  std::vector<std::pair<std::size_t, std::string>> key;
  for (std::size_t k : entity.primary_key()) {
    key.emplace_back(entity.fields()[k].index(), entity.fields()[k].name());
  }
  statement.identify_rows_by(std::move(key));
}

void bind_value(BoundStatement& statement, std::size_t i, const FieldSchema& field,
                const Value& value) {
  try {
    bind_converted(statement, i, field, value);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::validation) throw;
    throw Error(ErrorCode::validation, field.path() + ": " + e.what());
  }
}

RecordsCore::RecordsCore(const SchemaRegistry& registry, const Backend& backend,
                         ConnectionPool* pool, const RecordsOptions& options)
    : registry_(registry),
      backend_(backend),
      pool_(pool),
      sql_(backend),
      now_(sql_.now()),
      metrics_(options.metrics, options.database),
      id_(next_core_id.fetch_add(1, std::memory_order_relaxed)) {
  entities_.reserve(registry.entities().size());
  for (const EntitySchema& entity : registry.entities()) {
    EntityState state;
    state.schema = &entity;
    state.get = sql_.get(entity);
    state.remove = sql_.remove(entity);
    std::vector<WhereTerm> key_terms;
    for (std::size_t field : entity.primary_key()) key_terms.push_back(WhereTerm{field, false});
    state.exists = sql_.count(entity, key_terms);
    entities_.push_back(std::move(state));
  }
  for (const ComponentSpec& component : options.components) {
    if (component.cache.max_entries == 0) continue;
    const EntitySchema* entity = registry.find(component.entity);
    if (entity == nullptr) {
      throw Error(ErrorCode::config,
                  "component " + component.name + ": cache for unknown entity " + component.entity);
    }
    EntityState& state = entities_[entity->index()];
    if (state.cache) continue;
    Counter* hit = nullptr;
    Counter* miss = nullptr;
    if (options.metrics != nullptr) {
      hit = &options.metrics->counter(metric_names::kCacheRequestsTotal,
                                      "Read-cache lookups by result.",
                                      {{"component", component.name}, {"result", "hit"}});
      miss = &options.metrics->counter(metric_names::kCacheRequestsTotal,
                                       "Read-cache lookups by result.",
                                       {{"component", component.name}, {"result", "miss"}});
    }
    state.cache = std::make_unique<ReadCache>(
        component.name, component.cache.max_entries,
        std::chrono::seconds(std::max(component.cache.ttl_s, 0)), hit, miss);
  }
}

ConnectionPool& RecordsCore::pool() const {
  if (pool_ == nullptr) {
    throw Error(ErrorCode::config,
                "these Records have no connection pool: use on(lease) or on(transaction)");
  }
  return *pool_;
}

const EntityState& RecordsCore::state(std::string_view entity) const {
  return entities_[registry_.entity(entity).index()];
}

const SqlStatement& RecordsCore::dynamic_statement(const std::string& signature,
                                                   const std::function<SqlStatement()>& build) {
  {
    std::shared_lock lock(statements_mutex_);
    auto it = statements_.find(signature);
    if (it != statements_.end()) return *it->second;
  }
  auto statement = std::make_unique<SqlStatement>(build());
  std::unique_lock lock(statements_mutex_);
  auto [it, inserted] = statements_.emplace(signature, std::move(statement));
  return *it->second;
}

void RecordsCore::after_write(Scope& scope, const EntityState& state, const Key& key) {
  if (!state.cache) return;
  state.cache->invalidate(key.values());
  if (scope.written != nullptr) scope.written->emplace_back(state.schema->index(), key);
}

bool RecordsCore::row_matched(Scope& scope, const EntityState& state, const Key& key,
                              long long affected) {
  if (affected > 0) return true;
  const EntitySchema& entity = *state.schema;
  BoundStatement& statement =
      scope.connection.statement(state.exists.sql, state.exists.params, state.exists.results);
  for (std::size_t i = 0; i < key.size(); ++i) {
    bind_value(statement, i, entity.fields()[entity.primary_key()[i]], key[i]);
  }
  return statement.execute(1) && std::get<std::int64_t>(statement.result(0)) > 0;
}

void RecordsCore::invalidate(const std::vector<std::pair<std::size_t, Key>>& written) noexcept {
  for (const auto& [entity, key] : written) {
    if (entities_[entity].cache) entities_[entity].cache->invalidate(key.values());
  }
}

Key RecordsCore::insert(Scope& scope, std::string_view entity_name, const Record& record) {
  return insert_row(scope, entity_name, record, nullptr);
}

Record RecordsCore::insert_returning(Scope& scope, std::string_view entity_name,
                                     const Record& record) {
  if (backend_.supports_returning()) {
    Record stored;
    insert_row(scope, entity_name, record, &stored);
    return stored;
  }
  const Key key = insert_row(scope, entity_name, record, nullptr);
  std::optional<Record> stored = get(scope, entity_name, key);
  if (!stored) {
    throw Error(ErrorCode::not_found,
                state(entity_name).schema->name() + " " + key.to_string() +
                    ": the row just inserted was deleted before it could be read back");
  }
  return std::move(*stored);
}

Key RecordsCore::insert_row(Scope& scope, std::string_view entity_name, const Record& record,
                            Record* stored) {
  const EntityState& entity_state = state(entity_name);
  const EntitySchema& entity = *entity_state.schema;
  entity.validate(record, WriteKind::insert);
  std::vector<std::size_t> columns;
  std::vector<const Value*> values;
  columns.reserve(record.size());
  values.reserve(record.size());
  std::string signature = stored != nullptr ? "I" : "i";
  append_index(signature, entity.index());
  for (const Record::Entry& entry : record) {
    const FieldSchema& field = entity.field(entry.field);
    if (field.generated() && is_null(entry.value)) continue;
    columns.push_back(field.index());
    values.push_back(&entry.value);
    append_index(signature, field.index());
  }
  if (columns.empty()) {
    throw Error(ErrorCode::validation, entity.name() + ": insert without any field value");
  }
  const FieldSchema* generated = entity.generated_field();
  const bool needs_generated =
      generated != nullptr &&
      std::find(columns.begin(), columns.end(), generated->index()) == columns.end();
  const InsertReturning returning = stored != nullptr ? InsertReturning::row
                                    : needs_generated ? InsertReturning::generated_key
                                                      : InsertReturning::nothing;
  const SqlStatement& sql =
      dynamic_statement(signature, [&] { return sql_.insert(entity, columns, returning); });
  QueryMetrics::Timer timer(metrics_, Operation::insert);
  std::vector<Value> key;
  try {
    BoundStatement& statement = scope.connection.statement(sql.sql, sql.params, sql.results);
    if (stored != nullptr) identify_rows(statement, entity);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      bind_value(statement, i, entity.fields()[columns[i]], *values[i]);
    }
    statement.execute(1);
    if (stored != nullptr) *stored = row_to_record(entity, statement);
    for (std::size_t field : entity.primary_key()) {
      if (stored != nullptr) {
        key.push_back(*stored->find(entity.fields()[field].name()));
      } else if (needs_generated && field == generated->index()) {
        key.push_back(sql.results.empty()
                          ? Value(backend_.last_insert_id(scope.connection.session()))
                          : statement.result(0));
      } else {
        Value value = *record.find(entity.fields()[field].name());
        normalize(entity.fields()[field], value);
        key.push_back(std::move(value));
      }
    }
  } catch (Error& e) {
    describe_violation(e, entity);
    e.add_context(operation_context("insert into", entity));
    throw;
  }
  timer.succeed();
  return Key(std::move(key));
}

std::optional<Record> RecordsCore::get_cached(std::string_view entity_name, const Key& key) {
  const EntityState& entity_state = state(entity_name);
  if (!entity_state.cache) return std::nullopt;
  entity_state.schema->validate_key(key);
  ReadCache::Row row = entity_state.cache->find(key.values());
  if (!row) return std::nullopt;
  return cached_to_record(*entity_state.schema, *row);
}

std::optional<Record> RecordsCore::get(Scope& scope, std::string_view entity_name, const Key& key) {
  const EntityState& entity_state = state(entity_name);
  const EntitySchema& entity = *entity_state.schema;
  if (key.size() != entity.primary_key().size()) entity.validate_key(key);
  for (std::size_t i = 0; i < key.size(); ++i) {
    check_bindable(entity.fields()[entity.primary_key()[i]], key[i], false);
  }
  ReadCache* cache = entity_state.cache.get();
  if (cache != nullptr && scope.read_cache) {
    if (ReadCache::Row row = cache->find(key.values())) return cached_to_record(entity, *row);
  }
  const std::uint64_t generation = cache != nullptr ? cache->generation() : 0;
  QueryMetrics::Timer timer(metrics_, Operation::get);
  std::optional<Record> result;
  try {
    BoundStatement& statement = scope.connection.statement(
        entity_state.get.sql, entity_state.get.params, entity_state.get.results);
    identify_rows(statement, entity);
    for (std::size_t i = 0; i < key.size(); ++i) {
      bind_value(statement, i, entity.fields()[entity.primary_key()[i]], key[i]);
    }
    if (statement.execute(1)) {
      result = row_to_record(entity, statement);
      if (cache != nullptr && scope.fill_cache) {
        auto row = std::make_shared<std::vector<Value>>();
        row->reserve(entity.fields().size());
        for (const Record::Entry& entry : *result) row->push_back(entry.value);
        cache->put(key.values(), std::move(row), generation);
      }
    }
  } catch (Error& e) {
    e.add_context(operation_context("get from", entity));
    throw;
  }
  timer.succeed();
  return result;
}

void refuse_read_only(const EntitySchema& entity, std::string_view operation) {
  if (!entity.read_only()) return;
  throw Error(ErrorCode::validation, entity.name() + ": read_only: " + std::string(operation) +
                                         " refused (the spec declares the entity read-only)");
}

bool RecordsCore::update(Scope& scope, std::string_view entity_name, Record& record) {
  const EntityState& entity_state = state(entity_name);
  const EntitySchema& entity = *entity_state.schema;
  refuse_read_only(entity, "update");
  std::vector<Value> key_values;
  for (std::size_t field : entity.primary_key()) {
    const FieldSchema& key_field = entity.fields()[field];
    const Value* value = record.find(key_field.name());
    if (value == nullptr) {
      throw Error(ErrorCode::validation,
                  key_field.path() + ": key: an update needs the primary-key value");
    }
    check_bindable(key_field, *value, false);
    key_values.push_back(*value);
  }
  Key key(std::move(key_values));
  std::vector<std::size_t> columns;
  std::vector<const Value*> values;
  std::string signature = "u";
  append_index(signature, entity.index());
  for (const Record::Entry& entry : record) {
    const FieldSchema* field = &record_field(entity, entry.field);
    if (!entry.changed || field->primary_key()) continue;
    field->validate(entry.value);
    columns.push_back(field->index());
    values.push_back(&entry.value);
    append_index(signature, field->index());
  }
  if (columns.empty()) return true;
  QueryMetrics::Timer timer(metrics_, Operation::update);
  const SqlStatement& sql =
      dynamic_statement(signature, [&] { return sql_.update(entity, columns); });
  bool matched = false;
  try {
    BoundStatement& statement = scope.connection.statement(sql.sql, sql.params, sql.results);
    std::size_t p = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      bind_value(statement, p++, entity.fields()[columns[i]], *values[i]);
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
      bind_value(statement, p++, entity.fields()[entity.primary_key()[i]], key[i]);
    }
    statement.execute();
    matched = row_matched(scope, entity_state, key, statement.affected_rows());
  } catch (Error& e) {
    after_write(scope, entity_state, key);
    describe_violation(e, entity);
    e.add_context(operation_context("update of", entity));
    throw;
  }
  after_write(scope, entity_state, key);
  record.mark_clean();
  timer.succeed();
  return matched;
}

bool RecordsCore::remove(Scope& scope, std::string_view entity_name, const Key& key) {
  const EntityState& entity_state = state(entity_name);
  const EntitySchema& entity = *entity_state.schema;
  refuse_read_only(entity, "remove");
  entity.validate_key(key);
  QueryMetrics::Timer timer(metrics_, Operation::remove);
  long long affected = 0;
  try {
    BoundStatement& statement = scope.connection.statement(
        entity_state.remove.sql, entity_state.remove.params, entity_state.remove.results);
    for (std::size_t i = 0; i < key.size(); ++i) {
      bind_value(statement, i, entity.fields()[entity.primary_key()[i]], key[i]);
    }
    statement.execute();
    affected = statement.affected_rows();
  } catch (Error& e) {
    after_write(scope, entity_state, key);
    e.add_context(operation_context("remove from", entity));
    throw;
  }
  after_write(scope, entity_state, key);
  timer.succeed();
  return affected > 0;
}

std::vector<WhereTerm> RecordsCore::where_terms(const EntitySchema& entity,
                                                const Record& where) const {
  std::vector<WhereTerm> terms;
  terms.reserve(where.size());
  for (const Record::Entry& entry : where) {
    const FieldSchema& field = record_field(entity, entry.field);
    check_bindable(field, entry.value, true);
    terms.push_back(WhereTerm{field.index(), is_null(entry.value)});
  }
  return terms;
}

void RecordsCore::bind_where(BoundStatement& statement, const EntitySchema& entity,
                             const std::vector<WhereTerm>& terms, const Record& where) const {
  std::size_t p = 0;
  auto entry = where.begin();
  for (const WhereTerm& term : terms) {
    if (!term.is_null) bind_value(statement, p++, entity.fields()[term.field], entry->value);
    ++entry;
  }
}

const SqlStatement& RecordsCore::find_statement(const EntitySchema& entity,
                                                const std::vector<WhereTerm>& where,
                                                const FindOptions& options,
                                                std::vector<OrderTerm>& order) {
  std::string signature = "f";
  append_index(signature, entity.index());
  for (const WhereTerm& term : where) {
    append_index(signature, term.field);
    signature += term.is_null ? 'n' : 'v';
  }
  signature += '|';
  for (const OrderBy& term : options.order_by) {
    const FieldSchema& field = record_field(entity, term.field);
    order.push_back(OrderTerm{field.index(), term.descending});
    append_index(signature, field.index());
    signature += term.descending ? 'd' : 'a';
  }
  signature += options.limit > 0 ? 'l' : '-';
  return dynamic_statement(signature,
                           [&] { return sql_.find(entity, where, order, options.limit > 0); });
}

std::vector<Record> RecordsCore::find(Scope& scope, std::string_view entity_name,
                                      const Record& where, const FindOptions& options) {
  const EntitySchema& entity = *state(entity_name).schema;
  const std::vector<WhereTerm> terms = where_terms(entity, where);
  std::vector<OrderTerm> order;
  const SqlStatement& sql = find_statement(entity, terms, options, order);
  QueryMetrics::Timer timer(metrics_, Operation::find);
  std::vector<Record> rows;
  try {
    BoundStatement& statement = scope.connection.statement(sql.sql, sql.params, sql.results);
    identify_rows(statement, entity);
    bind_where(statement, entity, terms, where);
    if (options.limit > 0) {
      statement.bind(sql.params.size() - 1, static_cast<std::int64_t>(options.limit));
    }
    for (bool more = statement.execute(); more; more = statement.fetch()) {
      rows.push_back(row_to_record(entity, statement));
    }
  } catch (Error& e) {
    e.add_context(operation_context("find in", entity));
    throw;
  }
  timer.succeed();
  return rows;
}

std::int64_t RecordsCore::count(Scope& scope, std::string_view entity_name, const Record& where) {
  const EntitySchema& entity = *state(entity_name).schema;
  const std::vector<WhereTerm> terms = where_terms(entity, where);
  std::string signature = "c";
  append_index(signature, entity.index());
  for (const WhereTerm& term : terms) {
    append_index(signature, term.field);
    signature += term.is_null ? 'n' : 'v';
  }
  const SqlStatement& sql = dynamic_statement(signature, [&] { return sql_.count(entity, terms); });
  QueryMetrics::Timer timer(metrics_, Operation::count);
  std::int64_t n = 0;
  try {
    BoundStatement& statement = scope.connection.statement(sql.sql, sql.params, sql.results);
    bind_where(statement, entity, terms, where);
    if (statement.execute(1)) n = std::get<std::int64_t>(statement.result(0));
  } catch (Error& e) {
    e.add_context(operation_context("count in", entity));
    throw;
  }
  timer.succeed();
  return n;
}

std::optional<CacheStats> RecordsCore::cache_stats(std::string_view name) const {
  for (const EntityState& state : entities_) {
    if (!state.cache) continue;
    CacheStats stats = state.cache->stats();
    if (state.schema->name() == name || stats.component == name) return stats;
  }
  return std::nullopt;
}

void RecordsCore::clear_cache() noexcept {
  for (EntityState& state : entities_) {
    if (state.cache) state.cache->clear();
  }
}

}  // namespace v5store::detail
