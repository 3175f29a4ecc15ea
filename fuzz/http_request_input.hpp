// The request one connection's bytes make for the HTTP fuzzers: Beast's request parser with a
// server's header and body limits, as the server reads it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <boost/beast/http.hpp>

namespace v5fuzz {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

// The request `data` holds whole, within the limits; nothing when it is malformed, over a
// limit or incomplete.
inline std::optional<Request> parse_request(const std::uint8_t* data, std::size_t size,
                                            std::size_t header_limit, std::size_t body_limit) {
  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(header_limit));
  parser.body_limit(body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return std::nullopt;
  return parser.release();
}

}  // namespace v5fuzz
