// SqlBuilder: the SQL text of every record operation.
#include "records/sql_builder.hpp"

namespace v5store::detail {

std::string SqlBuilder::column(const EntitySchema& entity, std::size_t field) const {
  return backend_.quote(entity.fields()[field].column());
}

std::string SqlBuilder::placeholder(const EntitySchema& entity, std::size_t field,
                                    SqlStatement& statement) const {
  const FieldType type = entity.fields()[field].type();
  statement.params.push_back(type);
  return backend_.bind_expression(type, ":p" + std::to_string(statement.params.size()));
}

void SqlBuilder::append_field_list(const EntitySchema& entity, SqlStatement& statement) const {
  for (const FieldSchema& field : entity.fields()) {
    if (field.index() > 0) statement.sql += ", ";
    statement.sql += backend_.select_expression(field.type(), column(entity, field.index()));
    statement.results.push_back(field.type());
  }
}

void SqlBuilder::append_select_list(const EntitySchema& entity, SqlStatement& statement) const {
  statement.sql += "SELECT ";
  append_field_list(entity, statement);
  statement.sql += " FROM " + backend_.quote(entity.table());
}

void SqlBuilder::append_key_condition(const EntitySchema& entity, SqlStatement& statement) const {
  statement.sql += " WHERE ";
  bool first = true;
  for (std::size_t field : entity.primary_key()) {
    if (!first) statement.sql += " AND ";
    first = false;
    statement.sql += column(entity, field) + " = " + placeholder(entity, field, statement);
  }
}

void SqlBuilder::append_where(const EntitySchema& entity, const std::vector<WhereTerm>& where,
                              SqlStatement& statement) const {
  for (std::size_t i = 0; i < where.size(); ++i) {
    statement.sql += i == 0 ? " WHERE " : " AND ";
    statement.sql += column(entity, where[i].field);
    if (where[i].is_null) {
      statement.sql += " IS NULL";
    } else {
      statement.sql += " = " + placeholder(entity, where[i].field, statement);
    }
  }
}

SqlStatement SqlBuilder::get(const EntitySchema& entity) const {
  SqlStatement statement;
  append_select_list(entity, statement);
  append_key_condition(entity, statement);
  return statement;
}

SqlStatement SqlBuilder::remove(const EntitySchema& entity) const {
  SqlStatement statement;
  statement.sql = "DELETE FROM " + backend_.quote(entity.table());
  append_key_condition(entity, statement);
  return statement;
}

SqlStatement SqlBuilder::insert(const EntitySchema& entity, const std::vector<std::size_t>& columns,
                                InsertReturning returning) const {
  SqlStatement statement;
  statement.sql = "INSERT INTO " + backend_.quote(entity.table()) + " (";
  std::string values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) {
      statement.sql += ", ";
      values += ", ";
    }
    statement.sql += column(entity, columns[i]);
    values += placeholder(entity, columns[i], statement);
  }
  statement.sql += ") VALUES (" + values + ")";
  if (!backend_.supports_returning()) return statement;
  const FieldSchema* generated = entity.generated_field();
  if (returning == InsertReturning::row) {
    statement.sql += " RETURNING ";
    append_field_list(entity, statement);
  } else if (returning == InsertReturning::generated_key && generated != nullptr) {
    statement.sql += " RETURNING " + backend_.select_expression(generated->type(),
                                                                column(entity, generated->index()));
    statement.results.push_back(generated->type());
  }
  return statement;
}

SqlStatement SqlBuilder::update(const EntitySchema& entity,
                                const std::vector<std::size_t>& columns) const {
  SqlStatement statement;
  statement.sql = "UPDATE " + backend_.quote(entity.table()) + " SET ";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) statement.sql += ", ";
    statement.sql +=
        column(entity, columns[i]) + " = " + placeholder(entity, columns[i], statement);
  }
  append_key_condition(entity, statement);
  return statement;
}

SqlStatement SqlBuilder::find(const EntitySchema& entity, const std::vector<WhereTerm>& where,
                              const std::vector<OrderTerm>& order, bool limit) const {
  SqlStatement statement;
  append_select_list(entity, statement);
  append_where(entity, where, statement);
  for (std::size_t i = 0; i < order.size(); ++i) {
    statement.sql += i == 0 ? " ORDER BY " : ", ";
    statement.sql += column(entity, order[i].field) + (order[i].descending ? " DESC" : " ASC");
  }
  if (limit) {
    statement.params.push_back(FieldType::int64);
    statement.sql +=
        " LIMIT " +
        backend_.bind_expression(FieldType::int64, ":p" + std::to_string(statement.params.size()));
  }
  return statement;
}

SqlStatement SqlBuilder::count(const EntitySchema& entity,
                               const std::vector<WhereTerm>& where) const {
  SqlStatement statement;
  statement.sql = "SELECT COUNT(*) FROM " + backend_.quote(entity.table());
  statement.results.push_back(FieldType::int64);
  append_where(entity, where, statement);
  return statement;
}

SqlStatement SqlBuilder::now() const {
  SqlStatement statement;
  statement.sql = "SELECT " + backend_.select_expression(FieldType::timestamp, backend_.now_sql());
  statement.results.push_back(FieldType::timestamp);
  return statement;
}

}  // namespace v5store::detail
