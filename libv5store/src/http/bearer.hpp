// Bearer-token authentication shared by the monitoring endpoint and the API.
#pragma once

#include <string_view>

#include "http/types.hpp"

namespace v5store::detail {

// True when `token` is empty, or the request carries "Authorization: Bearer <token>". The
// comparison takes the same time whatever the first differing byte, so the token cannot be
// guessed byte by byte from timings. Thread-safe.
bool bearer_matches(const HttpRequest& request, std::string_view token) noexcept;

}  // namespace v5store::detail
