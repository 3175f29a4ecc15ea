// Bearer-token authentication.
#include "http/bearer.hpp"

namespace v5store::detail {
namespace {

bool same_secret(std::string_view a, std::string_view b) noexcept {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

}  // namespace

bool bearer_matches(const HttpRequest& request, std::string_view token) noexcept {
  if (token.empty()) return true;
  const auto it = request.find(boost::beast::http::field::authorization);
  if (it == request.end()) return false;
  const std::string_view value(it->value().data(), it->value().size());
  constexpr std::string_view kScheme = "Bearer ";
  return value.starts_with(kScheme) && same_secret(value.substr(kScheme.size()), token);
}

}  // namespace v5store::detail
