// libFuzzer target: ${VAR} expansion (plain, and quoted for a DSN), DSN parsing and redaction.
// v5store::Error is the only exception allowed; a redacted DSN never contains the password it
// parsed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "v5store/dsn.hpp"
#include "v5store/error.hpp"

namespace {

// Expands `input` (as a DSN when `dsn_quoting`), parses and redacts it; aborts when the parsed
// password survives redaction.
void check_redaction(std::string_view input, bool dsn_quoting) {
  try {
    const auto expanded = dsn_quoting ? v5store::expand_dsn_env(input) : v5store::expand_env(input);
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
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool env_set = [] {
    ::setenv("V5_FUZZ_HOST", "db.example", 1);
    ::setenv("V5_FUZZ_PASSWORD", "fuzzsecret", 1);
    ::setenv("V5_FUZZ_ODD", "p q'x\"\\;&end", 1);
    return true;
  }();
  (void)env_set;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const bool dsn_quoting : {false, true}) check_redaction(input, dsn_quoting);
  return 0;
}
