// A tiny blocking HTTP client for the monitoring and API tests: raw bytes in, the whole
// response out.
#pragma once

#include <chrono>
#include <string>

#include <boost/asio.hpp>

namespace v5test {

struct HttpResult {
  int status = 0;  // 0 when the server closed without answering
  std::string headers;
  std::string body;
};

// Parses "HTTP/1.1 200 OK\r\n...\r\n\r\nbody".
inline HttpResult parse_http_response(const std::string& raw) {
  HttpResult result;
  if (raw.rfind("HTTP/1.", 0) != 0 || raw.size() < 12) return result;
  result.status = std::stoi(raw.substr(9, 3));
  const auto end = raw.find("\r\n\r\n");
  result.headers = raw.substr(0, end);
  if (end != std::string::npos) result.body = raw.substr(end + 4);
  return result;
}

// Sends `request` as is to 127.0.0.1:port and reads until the server closes the connection.
inline HttpResult raw_http(unsigned short port, const std::string& request) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  boost::asio::write(socket, boost::asio::buffer(request), ec);
  std::string raw;
  char chunk[4096];
  for (;;) {
    const auto n = socket.read_some(boost::asio::buffer(chunk), ec);
    if (ec) break;
    raw.append(chunk, n);
  }
  return parse_http_response(raw);
}

// GET `path` with `Connection: close` and optional extra header lines ("Name: value\r\n").
inline HttpResult http_get(unsigned short port, const std::string& path,
                           const std::string& extra_headers = {}) {
  return raw_http(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                            extra_headers + "\r\n");
}

}  // namespace v5test
