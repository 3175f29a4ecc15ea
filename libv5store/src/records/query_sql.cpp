// QuerySql: a Query checked against the registry and turned into SQL.
#include "records/query_sql.hpp"

#include <algorithm>
#include <limits>

#include "records/records_core.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

const char* comparison(Condition::Kind kind) {
  switch (kind) {
    case Condition::Kind::equal: return " = ";
    case Condition::Kind::not_equal: return " <> ";
    case Condition::Kind::less: return " < ";
    case Condition::Kind::less_equal: return " <= ";
    case Condition::Kind::greater: return " > ";
    case Condition::Kind::greater_equal: return " >= ";
    default: return nullptr;
  }
}

bool is_text(FieldType type) {
  return type == FieldType::string || type == FieldType::text || type == FieldType::enumeration;
}

bool is_numeric(FieldType type) {
  return type == FieldType::int32 || type == FieldType::int64 || type == FieldType::float64 ||
         type == FieldType::decimal;
}

[[noreturn]] void refuse(const FieldSchema& field, const std::string& why) {
  throw Error(ErrorCode::validation, field.path() + ": " + why);
}

void check_count(const FieldSchema& field, const Condition& c, std::size_t n) {
  if (c.values.size() != n) {
    refuse(field, "condition: expects " + std::to_string(n) + " value(s), got " +
                      std::to_string(c.values.size()));
  }
}

// The result type of an aggregate over `field`; throws when the type does not allow it.
FieldType aggregate_type(const Selection& s, const FieldSchema* field) {
  switch (s.kind) {
    case Selection::Kind::count:
      return FieldType::int64;
    case Selection::Kind::sum:
      if (!is_numeric(field->type())) refuse(*field, "sum: the field is not numeric");
      return field->type() == FieldType::int32 ? FieldType::int64 : field->type();
    case Selection::Kind::avg:
      if (!is_numeric(field->type())) refuse(*field, "avg: the field is not numeric");
      return FieldType::float64;
    case Selection::Kind::min:
    case Selection::Kind::max:
      if (field->type() == FieldType::boolean || field->type() == FieldType::bytes ||
          field->type() == FieldType::json) {
        refuse(*field, "min/max: not defined for " + std::string(to_string(field->type())));
      }
      return field->type();
    case Selection::Kind::field:
      break;
  }
  return field->type();
}

const char* aggregate_function(Selection::Kind kind) {
  switch (kind) {
    case Selection::Kind::sum: return "SUM(";
    case Selection::Kind::avg: return "AVG(";
    case Selection::Kind::min: return "MIN(";
    case Selection::Kind::max: return "MAX(";
    default: return "COUNT(";
  }
}

}  // namespace

const FieldSchema& QuerySql::field(const std::string& name) const {
  return record_field(entity_, name);
}

std::string QuerySql::column(const FieldSchema& field) const { return backend_.quote(field.column()); }

std::string QuerySql::bind(QueryStatement& out, const FieldSchema* field, FieldType type,
                           Value value) const {
  out.sql.params.push_back(type);
  out.binds.push_back(QueryBind{field, std::move(value)});
  return backend_.bind_expression(type, ":p" + std::to_string(out.sql.params.size()));
}

void QuerySql::condition(const Condition& c, QueryStatement& out, std::string& sql) const {
  using Kind = Condition::Kind;
  switch (c.kind) {
    case Kind::all:
      sql += "1 = 1";
      return;
    case Kind::all_of:
    case Kind::any_of: {
      if (c.children.empty()) {
        sql += c.kind == Kind::all_of ? "1 = 1" : "1 = 0";
        return;
      }
      sql += '(';
      for (std::size_t i = 0; i < c.children.size(); ++i) {
        if (i > 0) sql += c.kind == Kind::all_of ? " AND " : " OR ";
        condition(c.children[i], out, sql);
      }
      sql += ')';
      return;
    }
    case Kind::negation:
      if (c.children.size() != 1) {
        throw Error(ErrorCode::validation, entity_.name() + ": not: expects one condition");
      }
      sql += "NOT (";
      condition(c.children.front(), out, sql);
      sql += ')';
      return;
    default:
      break;
  }
  const FieldSchema& f = field(c.field);
  const std::string col = column(f);
  switch (c.kind) {
    case Kind::is_null:
      sql += col + " IS NULL";
      return;
    case Kind::is_not_null:
      sql += col + " IS NOT NULL";
      return;
    case Kind::like:
    case Kind::ilike: {
      check_count(f, c, 1);
      if (!is_text(f.type())) {
        refuse(f, "like: the field is " + std::string(to_string(f.type())) + ", not text");
      }
      const std::string* pattern = std::get_if<std::string>(&c.values.front());
      if (pattern == nullptr) refuse(f, "like: the pattern is not a string");
      const bool ignore_case = c.kind == Kind::ilike;
      const std::string placeholder =
          bind(out, nullptr, FieldType::text, backend_.like_pattern(*pattern, ignore_case));
      sql += backend_.like_condition(col, placeholder, ignore_case);
      return;
    }
    case Kind::in:
    case Kind::not_in: {
      if (c.values.empty()) {
        sql += c.kind == Kind::in ? "1 = 0" : "1 = 1";
        return;
      }
      sql += col + (c.kind == Kind::in ? " IN (" : " NOT IN (");
      for (std::size_t i = 0; i < c.values.size(); ++i) {
        check_bindable(f, c.values[i], false);
        if (i > 0) sql += ", ";
        sql += bind(out, &f, f.type(), c.values[i]);
      }
      sql += ')';
      return;
    }
    case Kind::between: {
      check_count(f, c, 2);
      check_bindable(f, c.values[0], false);
      check_bindable(f, c.values[1], false);
      sql += col + " BETWEEN " + bind(out, &f, f.type(), c.values[0]);
      sql += " AND " + bind(out, &f, f.type(), c.values[1]);
      return;
    }
    default: {
      check_count(f, c, 1);
      if (is_null(c.values.front())) {
        refuse(f, "condition: compared with NULL (use is_null() / is_not_null())");
      }
      check_bindable(f, c.values.front(), false);
      sql += col + comparison(c.kind) + bind(out, &f, f.type(), c.values.front());
      return;
    }
  }
}

void QuerySql::where(const Query& query, QueryStatement& out) const {
  if (query.condition().kind == Condition::Kind::all) return;
  out.sql.sql += " WHERE ";
  condition(query.condition(), out, out.sql.sql);
}

void QuerySql::select_all(QueryStatement& out) const {
  out.sql.sql = "SELECT ";
  for (const FieldSchema& f : entity_.fields()) {
    if (f.index() > 0) out.sql.sql += ", ";
    out.sql.sql += backend_.select_expression(f.type(), column(f));
    out.sql.results.push_back(f.type());
    out.columns.push_back(f.name());
  }
  out.sql.sql += " FROM " + backend_.quote(entity_.table());
}

void QuerySql::order(const std::vector<Order>& order, QueryStatement& out) const {
  for (std::size_t i = 0; i < order.size(); ++i) {
    out.sql.sql += i == 0 ? " ORDER BY " : ", ";
    out.sql.sql += column(field(order[i].field)) + (order[i].descending ? " DESC" : " ASC");
  }
}

void QuerySql::limit(std::size_t limit, std::size_t offset, QueryStatement& out) const {
  if (limit == 0 && offset == 0) return;
  // SQLite and MySQL accept OFFSET only after a LIMIT: "no limit" is the largest int64.
  const auto n = limit > 0 ? static_cast<std::int64_t>(limit)
                           : std::numeric_limits<std::int64_t>::max();
  out.sql.sql += " LIMIT " + bind(out, nullptr, FieldType::int64, Value(n));
  if (offset > 0) {
    out.sql.sql +=
        " OFFSET " + bind(out, nullptr, FieldType::int64, Value(static_cast<std::int64_t>(offset)));
  }
}

QueryStatement QuerySql::select(const Query& query) {
  QueryStatement out;
  if (query.selection().empty()) {
    if (!query.grouping().empty()) {
      throw Error(ErrorCode::validation,
                  entity_.name() + ": group_by: needs select() of the grouped fields and aggregates");
    }
    select_all(out);
  } else {
    std::vector<const FieldSchema*> groups;
    for (const std::string& name : query.grouping()) groups.push_back(&field(name));
    const bool aggregated =
        !groups.empty() || std::any_of(query.selection().begin(), query.selection().end(),
                                       [](const Selection& s) { return s.kind != Selection::Kind::field; });
    out.sql.sql = "SELECT ";
    for (std::size_t i = 0; i < query.selection().size(); ++i) {
      const Selection& s = query.selection()[i];
      if (i > 0) out.sql.sql += ", ";
      if (s.kind == Selection::Kind::count) {
        out.sql.sql += "COUNT(*)";
        out.sql.results.push_back(FieldType::int64);
      } else {
        const FieldSchema& f = field(s.field);
        if (s.kind == Selection::Kind::field) {
          if (aggregated && std::find(groups.begin(), groups.end(), &f) == groups.end()) {
            refuse(f, "select: a plain field next to aggregates must be in group_by()");
          }
          out.sql.sql += backend_.select_expression(f.type(), column(f));
          out.sql.results.push_back(f.type());
        } else {
          const FieldType type = aggregate_type(s, &f);
          out.sql.sql += backend_.select_expression(
              type, aggregate_function(s.kind) + column(f) + ")");
          out.sql.results.push_back(type);
        }
      }
      out.columns.push_back(s.name());
    }
    out.sql.sql += " FROM " + backend_.quote(entity_.table());
  }
  where(query, out);
  for (std::size_t i = 0; i < query.grouping().size(); ++i) {
    out.sql.sql += i == 0 ? " GROUP BY " : ", ";
    out.sql.sql += column(field(query.grouping()[i]));
  }
  order(query.order(), out);
  limit(query.limit(), query.offset(), out);
  return out;
}

std::vector<const FieldSchema*> QuerySql::keyset_order(const Query& query) const {
  std::vector<const FieldSchema*> fields;
  for (const Order& o : query.order()) {
    const FieldSchema& f = field(o.field);
    if (f.nullable()) refuse(f, "page: a keyset order field must not be nullable");
    fields.push_back(&f);
  }
  for (std::size_t key : entity_.primary_key()) {
    const FieldSchema* f = &entity_.fields()[key];
    if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
  }
  return fields;
}

QueryStatement QuerySql::page(const Query& query, const std::vector<Value>& after) {
  if (!query.selection().empty() || !query.grouping().empty()) {
    throw Error(ErrorCode::validation, entity_.name() + ": page: a keyset page has no projection");
  }
  if (query.limit() == 0) {
    throw Error(ErrorCode::validation, entity_.name() + ": page: needs limit() > 0");
  }
  QueryStatement out;
  out.keyset = keyset_order(query);
  std::vector<bool> descending(out.keyset.size(), false);
  for (std::size_t i = 0; i < query.order().size(); ++i) descending[i] = query.order()[i].descending;
  select_all(out);
  const bool filtered = query.condition().kind != Condition::Kind::all;
  if (filtered || !after.empty()) out.sql.sql += " WHERE ";
  if (filtered) condition(query.condition(), out, out.sql.sql);
  if (!after.empty()) {
    // k0 > v0 for a single field; else (k0 > v0) OR (k0 = v0 AND k1 > v1) OR ..., led by
    // k0 >= v0 so an index on k0 is used.
    if (filtered) out.sql.sql += " AND ";
    const auto op = [&](std::size_t i, bool strict) {
      return std::string(descending[i] ? (strict ? " < " : " <= ") : (strict ? " > " : " >= "));
    };
    const FieldSchema& first = *out.keyset[0];
    const bool single = out.keyset.size() == 1;
    out.sql.sql += column(first) + op(0, single) + bind(out, &first, first.type(), after[0]);
    if (!single) {
      out.sql.sql += " AND (";
      for (std::size_t i = 0; i < out.keyset.size(); ++i) {
        if (i > 0) out.sql.sql += " OR ";
        out.sql.sql += '(';
        for (std::size_t j = 0; j < i; ++j) {
          const FieldSchema& f = *out.keyset[j];
          out.sql.sql += column(f) + " = " + bind(out, &f, f.type(), after[j]) + " AND ";
        }
        const FieldSchema& f = *out.keyset[i];
        out.sql.sql += column(f) + op(i, true) + bind(out, &f, f.type(), after[i]) + ')';
      }
      out.sql.sql += ')';
    }
  }
  for (std::size_t i = 0; i < out.keyset.size(); ++i) {
    out.sql.sql += i == 0 ? " ORDER BY " : ", ";
    out.sql.sql += column(*out.keyset[i]) + (descending[i] ? " DESC" : " ASC");
  }
  limit(query.limit() + 1, 0, out);
  return out;
}

QueryStatement QuerySql::count(const Query& query) {
  return single_number("COUNT(*)", "count", query);
}

QueryStatement QuerySql::exists(const Query& query) {
  QueryStatement out = single_number("1", "exists", query);
  limit(1, 0, out);
  return out;
}

QueryStatement QuerySql::single_number(std::string_view expression, std::string_view name,
                                       const Query& query) const {
  QueryStatement out;
  out.sql.sql = "SELECT " + std::string(expression) + " FROM " + backend_.quote(entity_.table());
  out.sql.results.push_back(FieldType::int64);
  out.columns.emplace_back(name);
  where(query, out);
  return out;
}

void bind_query(BoundStatement& bound, const QueryStatement& statement) {
  for (std::size_t i = 0; i < statement.binds.size(); ++i) {
    const QueryBind& b = statement.binds[i];
    if (b.field != nullptr) {
      bind_value(bound, i, *b.field, b.value);
    } else {
      bound.bind(i, b.value);
    }
  }
}

}  // namespace v5store::detail
