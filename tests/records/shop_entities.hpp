// Hand-written entity_traits for the entities of examples/specs/shop.yaml: the form v5gen
// emits for every entity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "v5store/entity_traits.hpp"
#include "v5store/query.hpp"
#include "v5store/types.hpp"

namespace shop {

struct Customer {
  std::int64_t id = 0;  // generated
  std::string email{};
  std::string name{};
  std::optional<v5store::Timestamp> created_at{};  // nullopt: default now
};

struct Product {
  std::string sku{};
  std::string title{};
  std::int64_t price_cents = 0;
  std::optional<bool> in_stock{};  // nullopt: default true
};

struct Order {
  std::int64_t id = 0;  // generated
  std::int64_t customer_id = 0;
  std::optional<std::string> status{};  // nullopt: default "new"
  std::int64_t total_cents = 0;
  std::optional<v5store::Timestamp> placed_at{};  // nullopt: default now
  std::optional<std::string> note{};              // nullable
};

struct OrderLine {
  std::int64_t id = 0;  // generated
  std::int64_t order_id = 0;
  std::string sku{};
  std::int32_t quantity = 0;
};

}  // namespace shop

template <>
struct v5store::entity_traits<shop::Customer> {
  static constexpr std::string_view entity = "customer";
  static constexpr auto fields = std::make_tuple(
      v5store::field("id", &shop::Customer::id), v5store::field("email", &shop::Customer::email),
      v5store::field("name", &shop::Customer::name),
      v5store::field("created_at", &shop::Customer::created_at));
};

template <>
struct v5store::entity_traits<shop::Product> {
  static constexpr std::string_view entity = "product";
  static constexpr auto fields = std::make_tuple(
      v5store::field("sku", &shop::Product::sku), v5store::field("title", &shop::Product::title),
      v5store::field("price_cents", &shop::Product::price_cents),
      v5store::field("in_stock", &shop::Product::in_stock));
};

template <>
struct v5store::entity_traits<shop::Order> {
  static constexpr std::string_view entity = "order";
  static constexpr auto fields = std::make_tuple(
      v5store::field("id", &shop::Order::id),
      v5store::field("customer_id", &shop::Order::customer_id),
      v5store::field("status", &shop::Order::status),
      v5store::field("total_cents", &shop::Order::total_cents),
      v5store::field("placed_at", &shop::Order::placed_at),
      v5store::field("note", &shop::Order::note));
};

template <>
struct v5store::entity_traits<shop::OrderLine> {
  static constexpr std::string_view entity = "order_line";
  static constexpr auto fields = std::make_tuple(
      v5store::field("id", &shop::OrderLine::id),
      v5store::field("order_id", &shop::OrderLine::order_id),
      v5store::field("sku", &shop::OrderLine::sku),
      v5store::field("quantity", &shop::OrderLine::quantity));
};

// The field constants v5gen emits next to each struct, for typed conditions and order terms
// (`order_fields::total_cents > 100`).
namespace shop::order_fields {
inline constexpr v5store::TypedField<Order, std::int64_t> id{"id"};
inline constexpr v5store::TypedField<Order, std::int64_t> customer_id{"customer_id"};
inline constexpr v5store::TypedField<Order, std::string> status{"status"};
inline constexpr v5store::TypedField<Order, std::int64_t> total_cents{"total_cents"};
inline constexpr v5store::TypedField<Order, v5store::Timestamp> placed_at{"placed_at"};
inline constexpr v5store::TypedField<Order, std::string> note{"note"};
}  // namespace shop::order_fields
