// Queries of the record API: conditions over fields, ordering, limit / offset, keyset pages
// with an opaque cursor, and projections with aggregates. A Query is a plain value built with
// from(); RecordApi::find / page / count / exists run it. Field names and values are checked
// against the schema registry when the query runs, before any SQL is built: an unknown field
// or a value of the wrong type is an Error(validation) naming "entity.field".
//
// Example:
//   using namespace v5store;
//   auto open = records.find(from("order")
//                                .where(field("status").in({"new", "paid"}) &&
//                                       field("total_cents") >= 1000)
//                                .order_by(desc("total_cents"), asc("id"))
//                                .limit(20));
//   // Typed, with the field constants the generator emits (order_fields::...):
//   std::vector<Order> big = records.find(from<Order>().where(order_fields::total_cents > 100));
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "v5store/record.hpp"
#include "v5store/types.hpp"

namespace v5store {

// A condition over the fields of one entity: a comparison, a membership or NULL test, a
// pattern, a range, or and / or / not of other conditions. A value type; build it with
// field() and the operators below. A default Condition matches every row.
struct Condition {
  enum class Kind {
    all,          // matches every row
    equal,        // field = value
    not_equal,    // field <> value
    less,         // field < value
    less_equal,   // field <= value
    greater,      // field > value
    greater_equal,// field >= value
    in,           // field IN (values); an empty list matches no row
    not_in,       // field NOT IN (values); an empty list matches every row
    is_null,      // field IS NULL
    is_not_null,  // field IS NOT NULL
    like,         // field LIKE pattern, case-sensitive on every backend ('%' any run, '_' one)
    ilike,        // as like, ignoring (ASCII) case on every backend
    between,      // values[0] <= field AND field <= values[1]
    all_of,       // every child holds (and)
    any_of,       // some child holds (or)
    negation,     // the single child does not hold (not)
  };
  Kind kind = Kind::all;
  std::string field;               // the entity's field (leaf conditions)
  std::vector<Value> values;       // the values (comparisons: one; in: any; between: two)
  std::vector<Condition> children; // all_of, any_of, negation
};

// Both conditions hold. Flattens nested ands.
Condition operator&&(Condition a, Condition b);
// Either condition holds. Flattens nested ors.
Condition operator||(Condition a, Condition b);
// The condition does not hold.
Condition operator!(Condition c);

// One ORDER BY term.
struct Order {
  std::string field;
  bool descending = false;
};

// A field of an entity by name, for building conditions and order terms:
// `field("total_cents") > 100`, `field("note").is_null()`, `desc("id")`.
class FieldRef {
 public:
  explicit FieldRef(std::string name) : name_(std::move(name)) {}
  const std::string& name() const noexcept { return name_; }

  Condition operator==(Value v) const { return leaf(Condition::Kind::equal, {std::move(v)}); }
  Condition operator!=(Value v) const { return leaf(Condition::Kind::not_equal, {std::move(v)}); }
  Condition operator<(Value v) const { return leaf(Condition::Kind::less, {std::move(v)}); }
  Condition operator<=(Value v) const { return leaf(Condition::Kind::less_equal, {std::move(v)}); }
  Condition operator>(Value v) const { return leaf(Condition::Kind::greater, {std::move(v)}); }
  Condition operator>=(Value v) const {
    return leaf(Condition::Kind::greater_equal, {std::move(v)});
  }
  Condition in(std::vector<Value> values) const { return leaf(Condition::Kind::in, std::move(values)); }
  Condition not_in(std::vector<Value> values) const {
    return leaf(Condition::Kind::not_in, std::move(values));
  }
  Condition is_null() const { return leaf(Condition::Kind::is_null, {}); }
  Condition is_not_null() const { return leaf(Condition::Kind::is_not_null, {}); }
  // `pattern` uses '%' (any run of characters) and '_' (one character); no escape character.
  Condition like(std::string pattern) const {
    return leaf(Condition::Kind::like, {Value(std::move(pattern))});
  }
  Condition ilike(std::string pattern) const {
    return leaf(Condition::Kind::ilike, {Value(std::move(pattern))});
  }
  Condition between(Value low, Value high) const {
    return leaf(Condition::Kind::between, {std::move(low), std::move(high)});
  }
  Order asc() const { return Order{name_, false}; }
  Order desc() const { return Order{name_, true}; }

 private:
  Condition leaf(Condition::Kind kind, std::vector<Value> values) const {
    return Condition{kind, name_, std::move(values), {}};
  }
  std::string name_;
};

// The field `name` of the queried entity.
inline FieldRef field(std::string_view name) { return FieldRef(std::string(name)); }
// Ascending / descending order by a field.
inline Order asc(std::string_view name) { return Order{std::string(name), false}; }
inline Order desc(std::string_view name) { return Order{std::string(name), true}; }

// One column of a projection: a field, or an aggregate over a field (or over the rows for
// count). The result record names it `name` (a field: its name; count: "count"; the others:
// "sum_<field>", "min_<field>", ...), or `as` when given.
struct Selection {
  enum class Kind { field, count, sum, min, max, avg };
  Kind kind = Kind::field;
  std::string field;
  std::string as;
  Selection(const char* name) : field(name) {}           // NOLINT: a field by name
  Selection(std::string name) : field(std::move(name)) {}  // NOLINT: a field by name
  Selection(Kind k, std::string f, std::string alias = {})
      : kind(k), field(std::move(f)), as(std::move(alias)) {}
  // The name of the result column.
  std::string name() const;
};

// COUNT(*) (an int64 on every backend).
inline Selection count_rows(std::string as = "count") {
  return Selection(Selection::Kind::count, {}, std::move(as));
}
// SUM, MIN, MAX, AVG of a field. SUM of an integer field is an int64, of float64 a double, of
// decimal a decimal string; AVG is a double; MIN and MAX have the field's type.
inline Selection sum(std::string f, std::string as = {}) {
  return Selection(Selection::Kind::sum, std::move(f), std::move(as));
}
inline Selection min(std::string f, std::string as = {}) {
  return Selection(Selection::Kind::min, std::move(f), std::move(as));
}
inline Selection max(std::string f, std::string as = {}) {
  return Selection(Selection::Kind::max, std::move(f), std::move(as));
}
inline Selection avg(std::string f, std::string as = {}) {
  return Selection(Selection::Kind::avg, std::move(f), std::move(as));
}

// A query over one entity: conditions (and-ed), order, limit, offset, a keyset cursor, and an
// optional projection with aggregates and GROUP BY. A value type; not thread-safe.
class Query {
 public:
  explicit Query(std::string entity) : entity_(std::move(entity)) {}

  // Adds a condition; several are and-ed.
  Query& where(Condition c) {
    where_ = where_.kind == Condition::Kind::all ? std::move(c) : std::move(where_) && std::move(c);
    return *this;
  }
  // Appends order terms.
  template <class... O>
  Query& order_by(Order first, O... more) {
    order_.push_back(std::move(first));
    (order_.push_back(Order(std::move(more))), ...);
    return *this;
  }
  // At most n rows (0: no limit).
  Query& limit(std::size_t n) {
    limit_ = n;
    return *this;
  }
  // Skips n rows (find only; a page follows its cursor instead).
  Query& offset(std::size_t n) {
    offset_ = n;
    return *this;
  }
  // The page after the one whose Page::next this is (RecordApi::page). Empty: the first page.
  Query& after(std::string cursor) {
    after_ = std::move(cursor);
    return *this;
  }
  // Returns only these columns (fields and aggregates) instead of every field.
  Query& select(std::vector<Selection> columns) {
    select_ = std::move(columns);
    return *this;
  }
  // Groups the rows by these fields (with aggregates in select()).
  Query& group_by(std::vector<std::string> fields) {
    group_by_ = std::move(fields);
    return *this;
  }

  const std::string& entity() const noexcept { return entity_; }
  const Condition& condition() const noexcept { return where_; }
  const std::vector<Order>& order() const noexcept { return order_; }
  std::size_t limit() const noexcept { return limit_; }
  std::size_t offset() const noexcept { return offset_; }
  const std::string& cursor() const noexcept { return after_; }
  const std::vector<Selection>& selection() const noexcept { return select_; }
  const std::vector<std::string>& grouping() const noexcept { return group_by_; }

 private:
  std::string entity_;
  Condition where_;
  std::vector<Order> order_;
  std::size_t limit_ = 0;
  std::size_t offset_ = 0;
  std::string after_;
  std::vector<Selection> select_;
  std::vector<std::string> group_by_;
};

// A query over `entity` (then .where(...), .order_by(...), ...).
inline Query from(std::string_view entity) { return Query(std::string(entity)); }

// One page of a keyset query: the rows, and the cursor of the next page (empty when this is
// the last page). The cursor is opaque, URL-safe (base64url) and tied to the query's order.
struct Page {
  std::vector<Record> rows;
  std::string next;
};

// The parameters of raw SQL: positional values for `?` placeholders ({42, "x"}), or named
// values for `:name` placeholders ({{"id", 42}, {"name", "x"}}). A value type; up to
// kInlinePositional positional values are kept without allocating.
class Params {
 public:
  static constexpr std::size_t kInlinePositional = 4;

  Params() = default;
  Params(std::initializer_list<Value> positional) {
    if (positional.size() <= kInlinePositional) {
      std::uninitialized_copy(positional.begin(), positional.end(), inline_.values);
      inline_count_ = positional.size();
    } else {
      positional_.assign(positional.begin(), positional.end());
    }
  }
  Params(std::initializer_list<std::pair<std::string_view, Value>> named) {
    for (const auto& [name, value] : named) named_.emplace_back(std::string(name), value);
  }
  explicit Params(std::vector<Value> positional) : positional_(std::move(positional)) {}
  Params(const Params& other) : positional_(other.positional_), named_(other.named_) {
    std::uninitialized_copy_n(other.inline_.values, other.inline_count_, inline_.values);
    inline_count_ = other.inline_count_;
  }
  Params(Params&& other) noexcept
      : positional_(std::move(other.positional_)), named_(std::move(other.named_)) {
    std::uninitialized_move_n(other.inline_.values, other.inline_count_, inline_.values);
    inline_count_ = other.inline_count_;
  }
  Params& operator=(Params other) noexcept {
    std::destroy_n(inline_.values, inline_count_);
    std::uninitialized_move_n(other.inline_.values, other.inline_count_, inline_.values);
    inline_count_ = other.inline_count_;
    positional_ = std::move(other.positional_);
    named_ = std::move(other.named_);
    return *this;
  }
  ~Params() { std::destroy_n(inline_.values, inline_count_); }

  // Adds a named value.
  Params& set(std::string name, Value value) {
    named_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  // The positional values, in placeholder order.
  std::span<const Value> positional() const noexcept {
    if (inline_count_ > 0) return std::span<const Value>(inline_.values, inline_count_);
    return std::span<const Value>(positional_);
  }
  const std::vector<std::pair<std::string, Value>>& named() const noexcept { return named_; }

 private:
  // Room for kInlinePositional values, of which the first inline_count_ are constructed.
  union Inline {
    Inline() noexcept {}
    ~Inline() {}
    Value values[kInlinePositional];
  } inline_;
  std::size_t inline_count_ = 0;  // > 0: the positional values are inline_'s first ones
  std::vector<Value> positional_;
  std::vector<std::pair<std::string, Value>> named_;
};

// A result column of raw SQL with its declared type (its value is converted to that type).
struct Column {
  std::string name;
  FieldType type = FieldType::text;
};

// A field of entity T with C++ type V, for conditions checked at compile time. The generator
// emits one constant per field (`order_fields::total_cents`).
template <class T, class V>
class TypedField {
 public:
  constexpr explicit TypedField(const char* name) : name_(name) {}
  const char* name() const noexcept { return name_; }

  Condition operator==(const V& v) const { return FieldRef(name_) == Value(v); }
  Condition operator!=(const V& v) const { return FieldRef(name_) != Value(v); }
  Condition operator<(const V& v) const { return FieldRef(name_) < Value(v); }
  Condition operator<=(const V& v) const { return FieldRef(name_) <= Value(v); }
  Condition operator>(const V& v) const { return FieldRef(name_) > Value(v); }
  Condition operator>=(const V& v) const { return FieldRef(name_) >= Value(v); }
  Condition in(std::initializer_list<V> values) const {
    std::vector<Value> out;
    for (const V& v : values) out.emplace_back(v);
    return FieldRef(name_).in(std::move(out));
  }
  Condition between(const V& low, const V& high) const {
    return FieldRef(name_).between(Value(low), Value(high));
  }
  Condition is_null() const { return FieldRef(name_).is_null(); }
  Condition is_not_null() const { return FieldRef(name_).is_not_null(); }
  Condition like(std::string pattern) const { return FieldRef(name_).like(std::move(pattern)); }
  Condition ilike(std::string pattern) const { return FieldRef(name_).ilike(std::move(pattern)); }
  Order asc() const { return Order{name_, false}; }
  Order desc() const { return Order{name_, true}; }

 private:
  const char* name_;
};

template <class T, class V>
Order asc(const TypedField<T, V>& f) {
  return f.asc();
}
template <class T, class V>
Order desc(const TypedField<T, V>& f) {
  return f.desc();
}

// A query whose rows are objects of T (entity_traits<T>): from<Order>().where(...).
template <class T>
class TypedQuery : public Query {
 public:
  using entity_type = T;
  explicit TypedQuery(std::string entity) : Query(std::move(entity)) {}
  TypedQuery& where(Condition c) {
    Query::where(std::move(c));
    return *this;
  }
  template <class... O>
  TypedQuery& order_by(Order first, O... more) {
    Query::order_by(std::move(first), std::move(more)...);
    return *this;
  }
  TypedQuery& limit(std::size_t n) {
    Query::limit(n);
    return *this;
  }
  TypedQuery& offset(std::size_t n) {
    Query::offset(n);
    return *this;
  }
  TypedQuery& after(std::string cursor) {
    Query::after(std::move(cursor));
    return *this;
  }
};

// True for TypedQuery<T> (and types derived from it).
template <class Q>
concept TypedQueryType = requires { typename Q::entity_type; } &&
                         std::derived_from<Q, TypedQuery<typename Q::entity_type>>;

// A page of objects of T.
template <class T>
struct TypedPage {
  std::vector<T> rows;
  std::string next;
};

}  // namespace v5store
