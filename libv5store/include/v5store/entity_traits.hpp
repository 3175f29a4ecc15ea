// entity_traits<T>: how a plain C++ struct maps to an entity of the schema registry. This is
// the contract v5gen emits for every entity; it can also be written by hand.
//
//   struct Customer {
//     std::int64_t id = 0;
//     std::string email;
//     std::string name;
//     std::optional<v5store::Timestamp> created_at;  // nullopt: the declared default (now)
//   };
//
//   template <>
//   struct v5store::entity_traits<Customer> {
//     static constexpr std::string_view entity = "customer";
//     static constexpr auto fields = std::make_tuple(
//         v5store::field("id", &Customer::id),
//         v5store::field("email", &Customer::email),
//         v5store::field("name", &Customer::name),
//         v5store::field("created_at", &Customer::created_at));
//   };
//
// `entity` names the registry entity; `fields` binds field names to data members, in any
// order, possibly a subset (every required field must be bound: not nullable, not generated,
// without a default). The typed API (records.hpp) reads and writes the members directly,
// without building Record maps. Member types convert through value_codec<M> (below):
// bool, every integer type, float/double, std::string, Bytes, Date, Timestamp and
// std::optional of these; specialise value_codec for other types (an enum class, say).
// std::optional members hold NULL for nullable fields; on a non-nullable field with a
// default, nullopt means "use the default" and the insert writes the default back.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "v5store/types.hpp"

namespace v5store {

// Specialise for each entity struct T (see the top of this file). The primary template is
// undefined so that a missing specialisation is a compile error.
template <class T>
struct entity_traits;

// One field binding: the registry field `name` is stored in data member `member` of T.
template <class T, class M>
struct FieldBinding {
  using object_type = T;
  using member_type = M;
  std::string_view name;
  M T::*member;
};

// Makes a FieldBinding; usable in a constexpr std::make_tuple.
template <class T, class M>
constexpr FieldBinding<T, M> field(std::string_view name, M T::*member) noexcept {
  return {name, member};
}

namespace detail {
// Throws Error(schema) "expected <expected>, got <value>" (the caller adds entity.field).
[[noreturn]] void throw_codec_mismatch(const Value& got, std::string_view expected);
}  // namespace detail

// value_codec<M>: converts a member of type M to a Value (to_value) and back (from_value).
// from_value throws Error(schema) when the Value holds another alternative (NULL included).
template <class M>
struct value_codec;

template <>
struct value_codec<bool> {
  static Value to_value(bool v) { return v; }
  static void from_value(Value&& v, bool& out) {
    if (const bool* b = std::get_if<bool>(&v)) {
      out = *b;
    } else if (const std::int64_t* i = std::get_if<std::int64_t>(&v)) {
      out = *i != 0;
    } else {
      detail::throw_codec_mismatch(v, "bool");
    }
  }
};

template <std::integral M>
  requires(!std::same_as<M, bool>)
struct value_codec<M> {
  static Value to_value(M v) { return static_cast<std::int64_t>(v); }
  static void from_value(Value&& v, M& out) {
    const std::int64_t* i = std::get_if<std::int64_t>(&v);
    if (i == nullptr) detail::throw_codec_mismatch(v, "an integer");
    out = static_cast<M>(*i);
  }
};

template <std::floating_point M>
struct value_codec<M> {
  static Value to_value(M v) { return static_cast<double>(v); }
  static void from_value(Value&& v, M& out) {
    if (const double* d = std::get_if<double>(&v)) {
      out = static_cast<M>(*d);
    } else if (const std::int64_t* i = std::get_if<std::int64_t>(&v)) {
      out = static_cast<M>(*i);
    } else {
      detail::throw_codec_mismatch(v, "a number");
    }
  }
};

// The Value alternatives themselves (std::string, Bytes, Date, Timestamp).
template <class M>
  requires(std::same_as<M, std::string> || std::same_as<M, Bytes> || std::same_as<M, Date> ||
           std::same_as<M, Timestamp>)
struct value_codec<M> {
  static Value to_value(const M& v) { return v; }
  static void from_value(Value&& v, M& out) {
    M* held = std::get_if<M>(&v);
    if (held == nullptr) detail::throw_codec_mismatch(v, "the field's type");
    out = std::move(*held);
  }
};

template <class M>
struct value_codec<std::optional<M>> {
  static Value to_value(const std::optional<M>& v) {
    return v ? value_codec<M>::to_value(*v) : Value{};
  }
  static void from_value(Value&& v, std::optional<M>& out) {
    if (is_null(v)) {
      out.reset();
      return;
    }
    value_codec<M>::from_value(std::move(v), out.emplace());
  }
};

// True for types with a usable entity_traits specialisation.
template <class T>
concept Entity = std::default_initializable<T> && requires {
  { entity_traits<T>::entity } -> std::convertible_to<std::string_view>;
  std::tuple_size<std::remove_cvref_t<decltype(entity_traits<T>::fields)>>::value;
};

namespace detail {

// The type-erased form of entity_traits<T> the record API works with: one reader and one
// writer function per bound field. Built once per T (binding_of<T>()).
struct FieldAccess {
  std::string_view name;
  Value (*read)(const void* object);
  void (*write)(void* object, Value&& value);
};

struct TypedBinding {
  std::string_view entity;
  std::vector<FieldAccess> fields;
};

template <class T, std::size_t I>
Value read_member(const void* object) {
  constexpr auto binding = std::get<I>(entity_traits<T>::fields);
  using M = typename decltype(binding)::member_type;
  return value_codec<M>::to_value(static_cast<const T*>(object)->*binding.member);
}

template <class T, std::size_t I>
void write_member(void* object, Value&& value) {
  constexpr auto binding = std::get<I>(entity_traits<T>::fields);
  using M = typename decltype(binding)::member_type;
  value_codec<M>::from_value(std::move(value), static_cast<T*>(object)->*binding.member);
}

template <class T, std::size_t... I>
TypedBinding make_binding(std::index_sequence<I...>) {
  return TypedBinding{
      entity_traits<T>::entity,
      {FieldAccess{std::get<I>(entity_traits<T>::fields).name, &read_member<T, I>,
                   &write_member<T, I>}...}};
}

// The binding of T, built on first use. Thread-safe (a function-local static).
template <Entity T>
const TypedBinding& binding_of() {
  static const TypedBinding binding = make_binding<T>(std::make_index_sequence<
      std::tuple_size_v<std::remove_cvref_t<decltype(entity_traits<T>::fields)>>>());
  return binding;
}

}  // namespace detail
}  // namespace v5store
