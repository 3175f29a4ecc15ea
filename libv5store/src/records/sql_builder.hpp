// SqlBuilder: the SQL text of every record operation, assembled only from registry names
// quoted by the backend's dialect, with :p1..:pN placeholders for every value.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "v5store/internal/backend.hpp"
#include "v5store/record.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// One statement: its text and the field types of its placeholders and result columns, as
// Connection::statement() wants them.
struct SqlStatement {
  std::string sql;
  std::vector<FieldType> params;
  std::vector<FieldType> results;
};

// A WHERE term of find/count: the field (an index into the entity's fields) and whether the
// value is NULL (then "IS NULL", no placeholder).
struct WhereTerm {
  std::size_t field = 0;
  bool is_null = false;
};

// An ORDER BY term: field index and direction.
struct OrderTerm {
  std::size_t field = 0;
  bool descending = false;
};

// What an INSERT returns: nothing, the generated key, or the stored row (every field, in
// declaration order, as get() selects it).
enum class InsertReturning { nothing, generated_key, row };

class SqlBuilder {
 public:
  explicit SqlBuilder(const Backend& backend) : backend_(backend) {}

  // SELECT every field FROM table WHERE key = ... (params: the key fields).
  SqlStatement get(const EntitySchema& entity) const;

  // DELETE FROM table WHERE key = ...
  SqlStatement remove(const EntitySchema& entity) const;

  // INSERT INTO table (columns) VALUES (...), with RETURNING what `returning` asks for when
  // the backend supports it (else nothing is returned). `columns` are field indexes, in bind
  // order.
  SqlStatement insert(const EntitySchema& entity, const std::vector<std::size_t>& columns,
                      InsertReturning returning) const;

  // UPDATE table SET columns WHERE key = ...; params: the columns, then the key fields.
  SqlStatement update(const EntitySchema& entity, const std::vector<std::size_t>& columns) const;

  // SELECT every field ... WHERE terms ORDER BY terms [LIMIT :pN]; params: the non-NULL
  // terms, then the limit (int64) when `limit`.
  SqlStatement find(const EntitySchema& entity, const std::vector<WhereTerm>& where,
                    const std::vector<OrderTerm>& order, bool limit) const;

  // SELECT COUNT(*) ... WHERE terms; one int64 result.
  SqlStatement count(const EntitySchema& entity, const std::vector<WhereTerm>& where) const;

  // SELECT the database's current time; one timestamp result.
  SqlStatement now() const;

 private:
  std::string column(const EntitySchema& entity, std::size_t field) const;
  std::string placeholder(const EntitySchema& entity, std::size_t field,
                          SqlStatement& statement) const;
  // Every field's select expression, in declaration order (one result each).
  void append_field_list(const EntitySchema& entity, SqlStatement& statement) const;
  void append_select_list(const EntitySchema& entity, SqlStatement& statement) const;
  void append_key_condition(const EntitySchema& entity, SqlStatement& statement) const;
  void append_where(const EntitySchema& entity, const std::vector<WhereTerm>& where,
                    SqlStatement& statement) const;

  const Backend& backend_;
};

}  // namespace v5store::detail
