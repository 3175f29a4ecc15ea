// RecordsCore: the query operations (find, keyset page, count, exists) over QuerySql.
#include "records/cursor.hpp"
#include "records/query_sql.hpp"
#include "records/records_core.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

std::vector<bool> directions(const Query& query, std::size_t size) {
  std::vector<bool> descending(size, false);
  for (std::size_t i = 0; i < query.order().size(); ++i) descending[i] = query.order()[i].descending;
  return descending;
}

// Runs `statement` on the scope's connection and returns the bound statement, executed.
BoundStatement& run(Scope& scope, const QueryStatement& statement, std::size_t max_rows) {
  BoundStatement& bound =
      scope.connection.statement(statement.sql.sql, statement.sql.params, statement.sql.results);
  bind_query(bound, statement);
  bound.execute(max_rows);
  return bound;
}

}  // namespace

std::string RecordsCore::run_query(Scope& scope, const EntitySchema& entity, const Query& query,
                                   bool page, const std::function<void(BoundStatement&)>& row) {
  QuerySql sql(backend_, entity);
  std::uint64_t shape = 0;
  QueryStatement statement;
  if (page) {
    const std::vector<const FieldSchema*> order = sql.keyset_order(query);
    shape = cursor_shape(entity, order, directions(query, order.size()));
    std::vector<Value> after;
    if (!query.cursor().empty()) after = decode_cursor(query.cursor(), shape, entity, order);
    statement = sql.page(query, after);
  } else {
    statement = sql.select(query);
  }
  QueryMetrics::Timer timer(metrics_, Operation::find);
  std::string next;
  try {
    BoundStatement& bound =
        scope.connection.statement(statement.sql.sql, statement.sql.params, statement.sql.results);
    bind_query(bound, statement);
    std::size_t kept = 0;
    std::vector<Value> last;  // the keyset values of a full page's last row
    const std::size_t read = bound.execute_each([&] {
      if (page && kept == query.limit()) return false;  // a row after the page: there is a next
      if (page && kept + 1 == query.limit()) {
        for (const FieldSchema* f : statement.keyset) last.push_back(bound.result(f->index()));
      }
      row(bound);
      ++kept;
      return true;
    });
    if (read > kept) next = encode_cursor(shape, last);
  } catch (Error& e) {
    e.add_context("find in " + entity.name());
    throw;
  }
  timer.succeed();
  return next;
}

std::vector<Record> RecordsCore::find(Scope& scope, const Query& query) {
  const EntitySchema& entity = *state(query.entity()).schema;
  std::vector<std::string> names;
  if (query.selection().empty()) {
    for (const FieldSchema& f : entity.fields()) names.push_back(f.name());
  } else {
    for (const Selection& s : query.selection()) names.push_back(s.name());
  }
  std::vector<Record> rows;
  run_query(scope, entity, query, false, [&](BoundStatement& bound) {
    Record record;
    for (std::size_t i = 0; i < names.size(); ++i) record.set(names[i], bound.take_result(i));
    record.mark_clean();
    rows.push_back(std::move(record));
  });
  return rows;
}

Page RecordsCore::page(Scope& scope, const Query& query) {
  const EntitySchema& entity = *state(query.entity()).schema;
  Page out;
  out.rows.reserve(page_capacity(query.limit()));
  out.next = run_query(scope, entity, query, true, [&](BoundStatement& bound) {
    Record record;
    for (const FieldSchema& f : entity.fields()) record.set(f.name(), bound.take_result(f.index()));
    record.mark_clean();
    out.rows.push_back(std::move(record));
  });
  return out;
}

void RecordsCore::find_typed(Scope& scope, const TypedBinding& binding, const Query& query,
                             std::string* next, void* out, void* (*emplace)(void*)) {
  const TypedPlan& p = plan(binding);
  const std::string cursor =
      run_query(scope, *p.state->schema, query, next != nullptr,
                [&](BoundStatement& bound) { fill_object(binding, p, bound, emplace(out)); });
  if (next != nullptr) *next = cursor;
}

std::int64_t RecordsCore::count(Scope& scope, const Query& query) {
  const EntitySchema& entity = *state(query.entity()).schema;
  const QueryStatement statement = QuerySql(backend_, entity).count(query);
  QueryMetrics::Timer timer(metrics_, Operation::count);
  std::int64_t n = 0;
  try {
    BoundStatement& bound = run(scope, statement, 1);
    if (bound.row_count() > 0) n = std::get<std::int64_t>(bound.result(0));
  } catch (Error& e) {
    e.add_context("count in " + entity.name());
    throw;
  }
  timer.succeed();
  return n;
}

bool RecordsCore::exists(Scope& scope, const Query& query) {
  const EntitySchema& entity = *state(query.entity()).schema;
  const QueryStatement statement = QuerySql(backend_, entity).exists(query);
  QueryMetrics::Timer timer(metrics_, Operation::count);
  bool found = false;
  try {
    found = run(scope, statement, 1).row_count() > 0;
  } catch (Error& e) {
    e.add_context("exists in " + entity.name());
    throw;
  }
  timer.succeed();
  return found;
}

}  // namespace v5store::detail
