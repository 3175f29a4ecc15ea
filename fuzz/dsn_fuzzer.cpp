// libFuzzer target: ${VAR} expansion, DSN parsing and redaction. v5store::Error is the only
// exception allowed; a redacted DSN never contains the password it parsed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "v5store/dsn.hpp"
#include "v5store/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool env_set = [] {
    ::setenv("V5_FUZZ_HOST", "db.example", 1);
    ::setenv("V5_FUZZ_PASSWORD", "fuzzsecret", 1);
    return true;
  }();
  (void)env_set;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  try {
    const auto expanded = v5store::expand_env(input);
    const auto parts = v5store::parse_dsn(expanded);
    const auto redacted = v5store::redact_dsn(expanded);
    v5store::redact_secrets(expanded, expanded);
    // A password holding '*' can be spelled by the mask itself next to the text around it
    // ("password=***" contains "d=***"): such inputs cannot tell a leak from the mask.
    if (auto it = parts.find("password");
        it != parts.end() && it->second.size() >= 4 &&
        it->second.find('*') == std::string::npos &&
        redacted.find(it->second) != std::string::npos) {
      // The password survived redaction: make libFuzzer report the input.
      std::abort();
    }
  } catch (const v5store::Error&) {
  }
  return 0;
}
