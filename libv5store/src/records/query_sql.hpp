// QuerySql: checks a Query against the schema registry and builds its SQL (conditions, order,
// keyset condition, limit / offset, projection, aggregates) with :p1..:pN placeholders and
// the values to bind to them, in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/internal/backend.hpp"
#include "bound_statement.hpp"
#include "records/sql_builder.hpp"
#include "v5store/query.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// One value to bind, in placeholder order: the field it is compared with (its type converts
// the value), or null for a value bound as it is (limits, LIKE patterns).
struct QueryBind {
  const FieldSchema* field = nullptr;
  Value value;
};

// A built statement of a query.
struct QueryStatement {
  SqlStatement sql;
  std::vector<QueryBind> binds;
  std::vector<std::string> columns;         // the result column names, in order
  std::vector<const FieldSchema*> keyset;   // the total order of a keyset page
};

class QuerySql {
 public:
  QuerySql(const Backend& backend, const EntitySchema& entity) : backend_(backend), entity_(entity) {}

  // SELECT of the query's projection (or every field) with its condition, order, limit and
  // offset. Throws Error(validation) naming entity.field for an unknown field, a value of the
  // wrong type, LIKE on a non-text field, an aggregate the field's type does not allow, or a
  // plain field next to aggregates that is not grouped.
  QueryStatement select(const Query& query);

  // SELECT every field of one keyset page: the query's order completed by the primary key,
  // rows after `after` (the values of that order of the last row seen; empty: from the
  // start), LIMIT limit + 1 (the extra row says whether a next page exists). Throws
  // Error(validation) as select() does, and for a nullable order field or a projection.
  QueryStatement page(const Query& query, const std::vector<Value>& after);

  // The total order of a keyset page of `query` (its order, then the missing key fields).
  std::vector<const FieldSchema*> keyset_order(const Query& query) const;

  // SELECT COUNT(*) with the query's condition; one int64 result.
  QueryStatement count(const Query& query);

  // SELECT 1 ... LIMIT 1 with the query's condition.
  QueryStatement exists(const Query& query);

 private:
  // SELECT <expression> FROM the table with the query's condition: one int64 column `name`.
  QueryStatement single_number(std::string_view expression, std::string_view name,
                               const Query& query) const;
  const FieldSchema& field(const std::string& name) const;
  std::string column(const FieldSchema& field) const;
  std::string bind(QueryStatement& out, const FieldSchema* field, FieldType type, Value value) const;
  void condition(const Condition& c, QueryStatement& out, std::string& sql) const;
  void where(const Query& query, QueryStatement& out) const;
  void select_all(QueryStatement& out) const;
  void order(const std::vector<Order>& order, QueryStatement& out) const;
  void limit(std::size_t limit, std::size_t offset, QueryStatement& out) const;

  const Backend& backend_;
  const EntitySchema& entity_;
};

// Binds every value of `statement` to `bound` (converted by its field's type).
void bind_query(BoundStatement& bound, const QueryStatement& statement);

}  // namespace v5store::detail
