// Keyset page cursors: tagged, length-prefixed values behind an 8-byte shape, in base64url.
#include "records/cursor.hpp"

#include <bit>
#include <cstring>

#include "base64.hpp"
#include "records/records_core.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// Reads the input of a cursor, failing softly.
struct Reader {
  std::string_view data;
  bool ok = true;
  std::uint64_t u64() {
    if (data.size() < 8) {
      ok = false;
      return 0;
    }
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t(std::uint8_t(data[i])) << (8 * i);
    data.remove_prefix(8);
    return v;
  }
  std::string_view bytes() {
    const std::uint64_t n = u64();
    if (!ok || n > data.size()) {
      ok = false;
      return {};
    }
    std::string_view out = data.substr(0, n);
    data.remove_prefix(n);
    return out;
  }
};

}  // namespace

std::uint64_t cursor_shape(const EntitySchema& entity, const std::vector<const FieldSchema*>& order,
                           const std::vector<bool>& descending) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  const auto mix = [&](std::string_view s) {
    for (char c : s) h = (h ^ std::uint8_t(c)) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  };
  mix(entity.name());
  for (std::size_t i = 0; i < order.size(); ++i) {
    mix(order[i]->name());
    mix(descending[i] ? "d" : "a");
  }
  return h;
}

std::string encode_cursor(std::uint64_t shape, const std::vector<Value>& values) {
  std::string raw;
  put_u64(raw, shape);
  for (const Value& v : values) {
    raw += static_cast<char>('0' + v.index());
    std::string payload;
    if (const auto* b = std::get_if<bool>(&v)) {
      payload = *b ? "1" : "0";
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
      put_u64(payload, static_cast<std::uint64_t>(*i));
    } else if (const auto* d = std::get_if<double>(&v)) {
      put_u64(payload, std::bit_cast<std::uint64_t>(*d));
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      payload = *s;
    } else if (const auto* bytes = std::get_if<Bytes>(&v)) {
      payload.assign(bytes->begin(), bytes->end());
    } else if (const auto* date = std::get_if<Date>(&v)) {
      payload = format_date(*date);
    } else if (const auto* t = std::get_if<Timestamp>(&v)) {
      put_u64(payload, static_cast<std::uint64_t>(t->time_since_epoch().count()));
    }
    put_u64(raw, payload.size());
    raw += payload;
  }
  return base64_encode(raw, Base64::url);
}

std::vector<Value> decode_cursor(std::string_view cursor, std::uint64_t shape,
                                 const EntitySchema& entity,
                                 const std::vector<const FieldSchema*>& order) {
  const auto fail = [&](const std::string& why) {
    return Error(ErrorCode::validation, entity.name() + ": page: the cursor " + why);
  };
  std::string raw;
  if (!base64_decode(cursor, Base64::url, raw)) throw fail("is not base64url text");
  Reader in{raw};
  if (in.u64() != shape || !in.ok) throw fail("belongs to a query with another order");
  std::vector<Value> values;
  for (const FieldSchema* field : order) {
    if (in.data.empty()) throw fail("is truncated");
    const char tag = in.data.front();
    in.data.remove_prefix(1);
    const std::string_view p = in.bytes();
    if (!in.ok) throw fail("is truncated");
    const auto u64 = [&] {
      if (p.size() != 8) throw fail("is malformed");
      Reader r{p};
      return r.u64();
    };
    Value v;
    switch (tag - '0') {
      case 1: v = p == "1"; break;
      case 2: v = static_cast<std::int64_t>(u64()); break;
      case 3: v = std::bit_cast<double>(u64()); break;
      case 4: v = std::string(p); break;
      case 5: v = Bytes(p.begin(), p.end()); break;
      case 6: v = parse_date(p); break;
      case 7: v = Timestamp(std::chrono::microseconds(static_cast<std::int64_t>(u64()))); break;
      default: throw fail("is malformed");
    }
    check_bindable(*field, v, false);
    values.push_back(std::move(v));
  }
  if (!in.data.empty()) throw fail("has trailing data");
  return values;
}

}  // namespace v5store::detail
