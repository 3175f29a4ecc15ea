// SHA-256 (FIPS 180-4), for the schema registry's checksum.
#pragma once

#include <string>
#include <string_view>

namespace v5store::detail {

// The lower-case hex SHA-256 digest of `data`. Thread-safe.
std::string sha256_hex(std::string_view data);

}  // namespace v5store::detail
