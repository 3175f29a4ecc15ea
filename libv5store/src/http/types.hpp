// The shared HTTP layer of the monitoring endpoint and the API server: the request and
// response types, the limits every connection is held to, and what answers a request.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string_view>

#include <boost/beast/http.hpp>

namespace v5store::detail {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Bounds on one connection and on the connections of one server.
struct HttpLimits {
  std::size_t max_header_bytes = 8192;   // request line + headers; past it: 431
  std::size_t max_body_bytes = 8192;     // past it (by Content-Length, before reading): 413
  std::size_t max_buffered_bytes = 8192; // what one read may hold (a request, pipelined ones)
  std::size_t max_header_count = 64;     // past it: 431
  // The first byte of a request must arrive within idle_timeout, the whole request then
  // within request_timeout; a response must be written within request_timeout.
  std::chrono::milliseconds idle_timeout{2000};
  std::chrono::milliseconds request_timeout{5000};
  // How long stop() lets the requests being answered finish and be written.
  std::chrono::milliseconds drain_timeout{5000};
  std::size_t max_connections = 64;
  std::size_t max_connections_per_client = 16;  // 0: no per-client limit
};

// What a server does with the requests it reads.
struct HttpHandler {
  // Answers a request that was read whole. Must not throw.
  std::function<HttpResponse(const HttpRequest&)> handle;
  // The response to a request that could not be read or admitted (400, 413, 431, 503), with
  // a short reason; it is sent with `Connection: close`. Must not throw.
  std::function<HttpResponse(boost::beast::http::status, unsigned version, std::string_view)>
      refuse;
  // When > 0, handle() runs on this many threads of the server's own (a handler that blocks,
  // on a database); the I/O thread only reads and writes. 0: handle() runs on the I/O thread.
  std::size_t worker_threads = 0;
};

}  // namespace v5store::detail
