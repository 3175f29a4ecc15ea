// HttpServer: the acceptor, its thread and the lifecycle of an HTTP server.
#include "http/server.hpp"

#include <stdexcept>

#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "http/session.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp::endpoint parse_listen(const std::string& listen, std::string_view key) {
  std::string host;
  std::string port;
  if (listen.starts_with('[')) {
    const auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      throw Error(ErrorCode::config, fmt::format("{} '{}' is not [host]:port", key, listen));
    }
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      throw Error(ErrorCode::config, fmt::format("{} '{}' is not host:port", key, listen));
    }
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  if (host == "localhost") host = "127.0.0.1";
  if (host.empty() || host == "*") host = "0.0.0.0";
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  unsigned long port_number = 0;
  try {
    std::size_t used = 0;
    port_number = std::stoul(port, &used);
    if (used != port.size()) throw std::invalid_argument(port);
  } catch (const std::exception&) {
    port_number = 65536;
  }
  if (ec || port_number > 65535) {
    throw Error(ErrorCode::config,
                fmt::format("{} '{}': need a numeric IP address and a port 0-65535", key, listen));
  }
  return {address, static_cast<unsigned short>(port_number)};
}

HttpServer::HttpServer(std::string name, HttpLimits limits, HttpHandler handler)
    : name_(std::move(name)), limits_(limits), handler_(std::move(handler)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::accept() {
  acceptor_->async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
    if (!ec) {
      boost::system::error_code peer_error;
      const auto client = socket.remote_endpoint(peer_error).address();
      if (!peer_error) {
        const bool refuse = !connections_.make_room(client);
        std::make_shared<HttpSession>(std::move(socket), limits_, handler_, workers_.get(),
                                      connections_, refuse)
            ->run(client);
      }
    }
    accept();
  });
}

void HttpServer::start(const std::string& listen) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  const auto endpoint = parse_listen(listen, name_ + ".listen");
  auto io = std::make_unique<asio::io_context>(1);
  auto acceptor = std::make_unique<tcp::acceptor>(*io);
  boost::system::error_code ec;
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorCode::connection,
                fmt::format("{} endpoint cannot listen on {}: {}", name_, listen, ec.message()));
  }
  port_ = acceptor->local_endpoint().port();
  host_ = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                     : endpoint.address().to_string();
  io_ = std::move(io);
  acceptor_ = std::move(acceptor);
  if (handler_.worker_threads > 0) {
    workers_ = std::make_unique<asio::thread_pool>(handler_.worker_threads);
  }
  accept();
  std::promise<void> done;
  thread_done_ = done.get_future();
  thread_ = std::thread([io = io_.get(), done = std::move(done)]() mutable {
    io->run();
    done.set_value();
  });
}

void HttpServer::stop() noexcept {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) return;
  asio::post(*io_, [this] {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
    connections_.drain();
  });
  // The thread runs out of work once the last answering connection has written its response.
  if (thread_done_.wait_for(limits_.drain_timeout) != std::future_status::ready) io_->stop();
  thread_.join();
  // A request still being answered after the drain timeout finishes on its worker; its
  // response is posted to the stopped context and dropped with it.
  if (workers_) workers_->join();
  workers_.reset();
  // Destroying the context destroys the pending handlers and with them every session.
  acceptor_.reset();
  io_.reset();
  port_ = 0;
}

std::string HttpServer::url() const {
  std::lock_guard lock(mutex_);
  return fmt::format("http://{}:{}", host_, port_.load());
}

}  // namespace v5store::detail
