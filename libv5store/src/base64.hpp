// Base64 (RFC 4648): the standard alphabet with padding (bytes fields in JSON) and the URL-safe
// alphabet without padding (keyset cursors).
#pragma once

#include <string>
#include <string_view>

namespace v5store::detail {

enum class Base64 { standard, url };

// `in` in base64: standard with '=' padding, or url (-_) without. Thread-safe.
std::string base64_encode(std::string_view in, Base64 alphabet);

// Decodes base64 of that alphabet into `out` (standard: padding optional). False on a
// character outside the alphabet, misplaced padding or an impossible length. Thread-safe.
bool base64_decode(std::string_view in, Base64 alphabet, std::string& out);

}  // namespace v5store::detail
