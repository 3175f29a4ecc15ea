// RecordsCore: the typed record operations, driven by the type-erased entity_traits binding
// (one reader/writer per bound field) and a plan resolved once per binding.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "records/records_core.hpp"
#include "schema/field_rules.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

// Converts `value` into binding field j of `object`; a conversion error names entity.field.
void write_field(const TypedBinding& binding, const TypedPlan& plan, std::size_t j, void* object,
                 Value&& value) {
  try {
    binding.fields[j].write(object, std::move(value));
  } catch (Error& e) {
    e.add_context("reading " + plan.fields[j]->path());
    throw;
  }
}

std::string context(std::string_view operation, const TypedPlan& plan) {
  return std::string(operation) + " " + plan.state->schema->name();
}

// The key of `object` (its bound primary-key members). Throws Error(schema) when the
// binding does not bind every key field, Error(validation) for a NULL or ill-typed part.
Key object_key(const TypedBinding& binding, const TypedPlan& plan, const void* object) {
  if (plan.key_fields.empty()) {
    throw Error(ErrorCode::schema, "entity_traits of " + plan.state->schema->name() +
                                       " does not bind every primary-key field");
  }
  if (plan.key_fields.size() == 1) {
    const std::size_t j = plan.key_fields.front();
    Value value = binding.fields[j].read(object);
    check_bindable(*plan.fields[j], value, false);
    return Key(std::move(value));
  }
  std::vector<Value> parts;
  parts.reserve(plan.key_fields.size());
  for (std::size_t j : plan.key_fields) {
    Value value = binding.fields[j].read(object);
    check_bindable(*plan.fields[j], value, false);
    parts.push_back(std::move(value));
  }
  return Key(std::move(parts));
}

void check_key(const EntitySchema& entity, const Key& key) {
  if (key.size() != entity.primary_key().size()) entity.validate_key(key);
  for (std::size_t i = 0; i < key.size(); ++i) {
    check_bindable(entity.fields()[entity.primary_key()[i]], key[i], false);
  }
}

void fill_from_row(const TypedBinding& binding, const TypedPlan& plan,
                   const std::vector<Value>& row, void* object) {
  for (std::size_t j = 0; j < plan.fields.size(); ++j) {
    write_field(binding, plan, j, object, Value(row[plan.fields[j]->index()]));
  }
}

// The database's current time as the value of a `now` field: a timestamp, or its day.
Value now_as(const FieldSchema& field, Timestamp now) {
  if (field.type() == FieldType::date) return Date(std::chrono::floor<std::chrono::days>(now));
  return now;
}

}  // namespace

void fill_object(const TypedBinding& binding, const TypedPlan& plan, BoundStatement& statement,
                 void* object) {
  for (std::size_t j = 0; j < plan.fields.size(); ++j) {
    write_field(binding, plan, j, object, statement.take_result(plan.fields[j]->index()));
  }
}

TypedPlan RecordsCore::build_plan(const TypedBinding& binding) const {
  TypedPlan plan;
  const EntityState& entity_state = state(binding.entity);
  const EntitySchema& entity = *entity_state.schema;
  plan.state = &entity_state;
  std::vector<std::optional<std::size_t>> bound(entity.fields().size());
  for (std::size_t j = 0; j < binding.fields.size(); ++j) {
    const FieldSchema& field = entity.field(binding.fields[j].name);
    if (bound[field.index()]) {
      throw Error(ErrorCode::schema,
                  "entity_traits of " + entity.name() + " binds " + field.path() + " twice");
    }
    bound[field.index()] = j;
    plan.fields.push_back(&field);
  }
  for (const FieldSchema& field : entity.fields()) {
    if (field.required() && !bound[field.index()]) {
      throw Error(ErrorCode::schema, "entity_traits of " + entity.name() +
                                         " does not bind the required field " + field.path());
    }
  }
  std::vector<std::size_t> insert_columns;
  std::vector<std::size_t> update_columns;
  for (std::size_t j = 0; j < plan.fields.size(); ++j) {
    const FieldSchema& field = *plan.fields[j];
    if (field.generated()) {
      plan.generated = j;
    } else {
      plan.insert_fields.push_back(j);
      insert_columns.push_back(field.index());
      if (field.default_is_now() && !field.nullable()) plan.now_fields.push_back(j);
    }
    if (!field.primary_key()) {
      plan.update_fields.push_back(j);
      update_columns.push_back(field.index());
    }
  }
  plan.insert = sql_.insert(
      entity, insert_columns,
      plan.generated.has_value() ? InsertReturning::generated_key : InsertReturning::nothing);
  for (std::size_t field : entity.primary_key()) {
    if (!bound[field]) {
      plan.key_fields.clear();
      break;
    }
    plan.key_fields.push_back(*bound[field]);
  }
  if (!plan.key_fields.empty() && !update_columns.empty()) {
    plan.update = sql_.update(entity, update_columns);
  }
  return plan;
}

const TypedPlan& RecordsCore::plan(const TypedBinding& binding) {
  // The plan this thread used last, when it is for the same core and binding: no lock and no
  // lookup on a repeated typed call. Core ids are never reused, so a destroyed core's entry
  // never matches again.
  thread_local struct {
    std::uint64_t core = 0;
    const TypedBinding* binding = nullptr;
    const TypedPlan* plan = nullptr;
  } last;
  if (last.core == id_ && last.binding == &binding) return *last.plan;
  const TypedPlan& found = find_or_build_plan(binding);
  last = {id_, &binding, &found};
  return found;
}

const TypedPlan& RecordsCore::find_or_build_plan(const TypedBinding& binding) {
  {
    std::shared_lock lock(plans_mutex_);
    auto it = plans_.find(&binding);
    if (it != plans_.end()) return *it->second;
  }
  auto built = std::make_unique<TypedPlan>(build_plan(binding));
  std::unique_lock lock(plans_mutex_);
  auto [it, inserted] = plans_.emplace(&binding, std::move(built));
  return *it->second;
}

std::optional<Timestamp> RecordsCore::database_now_if_needed(Scope& scope,
                                                             const TypedBinding& binding,
                                                             const TypedPlan& plan,
                                                             const void* object) {
  const bool needed =
      std::any_of(plan.now_fields.begin(), plan.now_fields.end(),
                  [&](std::size_t j) { return is_null(binding.fields[j].read(object)); });
  if (!needed) return std::nullopt;
  BoundStatement& statement = scope.connection.statement(now_.sql, now_.params, now_.results);
  if (!statement.execute(1))
    throw Error(ErrorCode::unknown, "the database returned no current time");
  return std::get<Timestamp>(statement.take_result(0));
}

void RecordsCore::insert_typed(Scope& scope, const TypedBinding& binding, void* object) {
  const TypedPlan& p = plan(binding);
  const EntitySchema& entity = *p.state->schema;
  std::vector<std::pair<std::size_t, Value>> defaults;
  QueryMetrics::Timer timer(metrics_, Operation::insert);
  BoundStatement* statement = nullptr;
  try {
    const std::optional<Timestamp> now = database_now_if_needed(scope, binding, p, object);
    statement = &scope.connection.statement(p.insert.sql, p.insert.params, p.insert.results);
    for (std::size_t i = 0; i < p.insert_fields.size(); ++i) {
      const std::size_t j = p.insert_fields[i];
      const FieldSchema& field = *p.fields[j];
      Value value = binding.fields[j].read(object);
      if (is_null(value) && !field.nullable() && field.has_default()) {
        value = field.default_is_now() ? now_as(field, *now) : *field.default_value();
        defaults.emplace_back(j, value);
      }
      validate_normalized(field, value);
      bind_value(*statement, i, field, value);
    }
    statement->execute(1);
    if (p.generated) {
      Value id = p.insert.results.empty()
                     ? Value(backend_.last_insert_id(scope.connection.session()))
                     : statement->take_result(0);
      write_field(binding, p, *p.generated, object, std::move(id));
    }
  } catch (Error& e) {
    describe_violation(e, entity);
    e.add_context("insert into " + entity.name());
    throw;
  }
  for (auto& [j, value] : defaults) write_field(binding, p, j, object, std::move(value));
  timer.succeed();
}

bool RecordsCore::get_typed_cached(const TypedBinding& binding, const Key& key, void* object) {
  const TypedPlan& p = plan(binding);
  ReadCache* cache = p.state->cache.get();
  if (cache == nullptr) return false;
  check_key(*p.state->schema, key);
  ReadCache::Row row = cache->find(key.values());
  if (!row) return false;
  fill_from_row(binding, p, *row, object);
  return true;
}

bool RecordsCore::get_typed(Scope& scope, const TypedBinding& binding, const Key& key,
                            void* object) {
  const TypedPlan& p = plan(binding);
  const EntityState& entity_state = *p.state;
  const EntitySchema& entity = *entity_state.schema;
  check_key(entity, key);
  ReadCache* cache = entity_state.cache.get();
  if (cache != nullptr && scope.read_cache) {
    if (ReadCache::Row row = cache->find(key.values())) {
      fill_from_row(binding, p, *row, object);
      return true;
    }
  }
  const bool fill = cache != nullptr && scope.fill_cache;
  const std::uint64_t generation = fill ? cache->generation() : 0;
  QueryMetrics::Timer timer(metrics_, Operation::get);
  bool found = false;
  try {
    BoundStatement& statement = scope.connection.statement(
        entity_state.get.sql, entity_state.get.params, entity_state.get.results);
    identify_rows(statement, entity);
    for (std::size_t i = 0; i < key.size(); ++i) {
      bind_value(statement, i, entity.fields()[entity.primary_key()[i]], key[i]);
    }
    found = statement.execute(1);
    if (found && fill) {
      auto row = std::make_shared<std::vector<Value>>();
      row->reserve(entity.fields().size());
      for (std::size_t i = 0; i < entity.fields().size(); ++i) row->push_back(statement.result(i));
      fill_from_row(binding, p, *row, object);
      cache->put(key.values(), std::move(row), generation);
    } else if (found) {
      fill_object(binding, p, statement, object);
    }
  } catch (Error& e) {
    e.add_context(context("get from", p));
    throw;
  }
  timer.succeed();
  return found;
}

bool RecordsCore::update_typed(Scope& scope, const TypedBinding& binding, const void* object) {
  const TypedPlan& p = plan(binding);
  const EntitySchema& entity = *p.state->schema;
  refuse_read_only(entity, "update");
  const Key key = object_key(binding, p, object);
  if (p.update_fields.empty()) return true;
  QueryMetrics::Timer timer(metrics_, Operation::update);
  bool matched = false;
  try {
    BoundStatement& statement =
        scope.connection.statement(p.update.sql, p.update.params, p.update.results);
    std::size_t i = 0;
    for (std::size_t j : p.update_fields) {
      Value value = binding.fields[j].read(object);
      validate_normalized(*p.fields[j], value);
      bind_value(statement, i++, *p.fields[j], value);
    }
    for (std::size_t k = 0; k < key.size(); ++k) {
      bind_value(statement, i++, entity.fields()[entity.primary_key()[k]], key[k]);
    }
    statement.execute();
    matched = row_matched(scope, *p.state, key, statement.affected_rows());
  } catch (Error& e) {
    after_write(scope, *p.state, key);
    describe_violation(e, *p.state->schema);
    e.add_context(context("update of", p));
    throw;
  }
  after_write(scope, *p.state, key);
  timer.succeed();
  return matched;
}

bool RecordsCore::remove_typed(Scope& scope, const TypedBinding& binding, const void* object) {
  const TypedPlan& p = plan(binding);
  return remove(scope, p.state->schema->name(), object_key(binding, p, object));
}

void RecordsCore::find_typed(Scope& scope, const TypedBinding& binding, const Record& where,
                             const FindOptions& options, void* out, void* (*emplace)(void*)) {
  const TypedPlan& p = plan(binding);
  const EntitySchema& entity = *p.state->schema;
  const std::vector<WhereTerm> terms = where_terms(entity, where);
  std::vector<OrderTerm> order;
  const SqlStatement& sql = find_statement(entity, terms, options, order);
  QueryMetrics::Timer timer(metrics_, Operation::find);
  try {
    BoundStatement& statement = scope.connection.statement(sql.sql, sql.params, sql.results);
    identify_rows(statement, entity);
    bind_where(statement, entity, terms, where);
    if (options.limit > 0) {
      statement.bind(sql.params.size() - 1, static_cast<std::int64_t>(options.limit));
    }
    for (bool more = statement.execute(); more; more = statement.fetch()) {
      fill_object(binding, p, statement, emplace(out));
    }
  } catch (Error& e) {
    e.add_context(context("find in", p));
    throw;
  }
  timer.succeed();
}

}  // namespace v5store::detail
