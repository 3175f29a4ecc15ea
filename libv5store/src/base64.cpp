// Base64 encoding and decoding in the standard and URL-safe alphabets.
#include "base64.hpp"

#include <cstdint>
#include <cstring>

namespace v5store::detail {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const char* alphabet_of(Base64 alphabet) { return alphabet == Base64::url ? kUrl : kStandard; }

}  // namespace

std::string base64_encode(std::string_view in, Base64 alphabet) {
  const char* table = alphabet_of(alphabet);
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t n = (std::uint8_t(in[i]) << 16) | (std::uint8_t(in[i + 1]) << 8) |
                            std::uint8_t(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += table[(n >> s) & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint8_t(in[i]) << 16;
    if (rest == 2) n |= std::uint8_t(in[i + 1]) << 8;
    for (std::size_t k = 0; k <= rest; ++k) out += table[(n >> (18 - 6 * k)) & 63];
    if (alphabet == Base64::standard) out.append(3 - rest, '=');
  }
  return out;
}

bool base64_decode(std::string_view in, Base64 alphabet, std::string& out) {
  if (alphabet == Base64::standard) {
    std::size_t padding = 0;
    while (padding < 2 && in.size() > padding && in[in.size() - 1 - padding] == '=') ++padding;
    if (padding > 0 && in.size() % 4 != 0) return false;
    in.remove_suffix(padding);
  }
  if (in.size() % 4 == 1) return false;
  const char* table = alphabet_of(alphabet);
  std::uint32_t n = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::strchr(table, c);
    if (c == '\0' || p == nullptr) return false;
    n = (n << 6) | static_cast<std::uint32_t>(p - table);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((n >> bits) & 0xff);
    }
  }
  return true;
}

}  // namespace v5store::detail
