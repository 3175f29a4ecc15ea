// Record: an ordered field -> value map for the generic record API, plus the Key of a row and
// the options of a find.
//
// Example:
//   v5store::Record row{{"sku", std::string("P-1")}, {"price_cents", std::int64_t{250}}};
//   row.set("title", std::string("Lamp"));
//   std::int64_t cents = row.get<std::int64_t>("price_cents");
//   v5store::Key key{std::int64_t{7}, std::int64_t{3}};   // a composite key
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "v5store/types.hpp"

namespace v5store {

// One row's fields by name, in the order they were set. Each field remembers whether it was
// changed since the record was loaded (or since mark_clean()): update() writes only those.
// A value type; not thread-safe (copy it to share it).
class Record {
 public:
  struct Entry {
    std::string field;
    Value value;
    bool changed = true;
  };
  using const_iterator = std::vector<Entry>::const_iterator;

  Record() = default;

  // A record with these fields, all marked changed. A repeated name keeps the last value.
  Record(std::initializer_list<std::pair<std::string_view, Value>> fields);

  // Sets a field (adding it at the end, or replacing its value in place) and marks it
  // changed. Returns *this. Throws nothing but std::bad_alloc.
  Record& set(std::string_view field, Value value);

  // Makes room for `fields` fields in all, so that adding up to that many allocates no more.
  // Throws nothing but std::bad_alloc.
  void reserve(std::size_t fields) { entries_.reserve(fields); }

  // The value of a field, or nullptr when the record has no such field.
  const Value* find(std::string_view field) const noexcept;

  // The value of a field. Throws Error(not_found) naming the field when it is absent.
  const Value& at(std::string_view field) const;

  // The value of a field as one alternative of Value (std::int64_t, std::string, ...).
  // Throws Error(not_found) when absent, Error(validation) when it holds another type.
  template <class V>
  const V& get(std::string_view field) const;

  bool contains(std::string_view field) const noexcept { return find(field) != nullptr; }

  // Removes a field; returns whether it was present.
  bool erase(std::string_view field) noexcept;

  // True when the field is present and changed since the last mark_clean().
  bool changed(std::string_view field) const noexcept;

  // True when any field is changed.
  bool has_changes() const noexcept;

  // Marks every field unchanged (done by get/find on the records they return, and by a
  // successful update()).
  void mark_clean() noexcept;

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  const_iterator begin() const noexcept { return entries_.begin(); }
  const_iterator end() const noexcept { return entries_.end(); }

  // Equal when both have the same fields with equal values in the same order (the changed
  // flags are ignored).
  friend bool operator==(const Record& a, const Record& b) noexcept;

 private:
  [[noreturn]] static void throw_missing(std::string_view field);
  [[noreturn]] static void throw_wrong_type(std::string_view field, const Value& value);
  std::vector<Entry> entries_;
};

// The primary key of one row: one Value per key field, in the entity's primary-key order.
// Implicitly built from a single value (`get<Customer>(42)`) or a braced list for a composite
// key (`get("order_line", {order_id, 3})`). A value type; not thread-safe.
class Key {
 public:
  Key() = default;

  // A single-field key.
  template <class V>
    requires(std::constructible_from<Value, V &&> && !std::same_as<std::remove_cvref_t<V>, Key>)
  Key(V&& value) : one_(std::forward<V>(value)), single_(true) {}  // NOLINT: implicit by design

  // A key of several fields, in primary-key order.
  Key(std::initializer_list<Value> parts);
  explicit Key(std::vector<Value> parts);

  // The key's values in primary-key order.
  std::span<const Value> values() const noexcept {
    return single_ ? std::span<const Value>(&one_, 1) : std::span<const Value>(many_);
  }
  std::size_t size() const noexcept { return single_ ? 1 : many_.size(); }
  const Value& operator[](std::size_t i) const noexcept { return values()[i]; }

  // Renders the key for messages: "42" or "(7, 'abc')".
  std::string to_string() const;

  friend bool operator==(const Key& a, const Key& b) noexcept;

 private:
  Value one_;
  std::vector<Value> many_;
  bool single_ = false;
};

// One ORDER BY term of a find: a field of the entity, ascending unless descending.
struct OrderBy {
  std::string field;
  bool descending = false;
};

// Options of find(): ordering and a row limit (0: no limit).
struct FindOptions {
  std::vector<OrderBy> order_by;
  std::size_t limit = 0;
};

template <class V>
const V& Record::get(std::string_view field) const {
  const Value* value = find(field);
  if (value == nullptr) throw_missing(field);
  const V* typed = std::get_if<V>(value);
  if (typed == nullptr) throw_wrong_type(field, *value);
  return *typed;
}

}  // namespace v5store
