// MonitoringServer: the acceptor, its thread and the lifecycle of the endpoint.
#include "v5store/monitoring_server.hpp"

#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>

#include "monitoring/http_session.hpp"
#include "v5store/error.hpp"
#include "v5store/metrics.hpp"

namespace v5store {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Splits "host:port" / "[v6]:port" and resolves it to an endpoint without DNS lookups.
tcp::endpoint parse_listen(const std::string& listen) {
  std::string host;
  std::string port;
  if (listen.starts_with('[')) {
    const auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      throw Error(ErrorCode::config, fmt::format("monitoring.listen '{}' is not [host]:port", listen));
    }
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      throw Error(ErrorCode::config, fmt::format("monitoring.listen '{}' is not host:port", listen));
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
                fmt::format("monitoring.listen '{}': need a numeric IP address and a port 0-65535",
                            listen));
  }
  return {address, static_cast<unsigned short>(port_number)};
}

}  // namespace

struct MonitoringServer::Impl {
  Impl(MonitoringServerOptions opts, const MetricsRegistry& registry,
       std::function<HealthReport()> health_fn)
      : options(std::move(opts)), metrics(registry), health(std::move(health_fn)) {}

  void accept() {
    acceptor->async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
      if (!ec) {
        boost::system::error_code peer_error;
        const auto client = socket.remote_endpoint(peer_error).address();
        if (!peer_error) {
          const bool refuse = !connections.make_room(client);
          std::make_shared<detail::HttpSession>(
              std::move(socket), options,
              detail::RouteContext{metrics, health, options.bearer_token}, connections, refuse)
              ->run(client);
        }
      }
      accept();
    });
  }

  MonitoringServerOptions options;
  const MetricsRegistry& metrics;
  std::function<HealthReport()> health;
  // Used on the I/O thread only; declared before `io`, whose handlers hold the sessions.
  detail::HttpConnections connections{options.max_connections, options.max_connections_per_client};

  std::mutex mutex;  // guards start/stop
  std::unique_ptr<asio::io_context> io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread thread;
  std::atomic<std::uint16_t> port{0};
  std::string host;
};

MonitoringServer::MonitoringServer(MonitoringServerOptions options,
                                   const MetricsRegistry& metrics,
                                   std::function<HealthReport()> health)
    : impl_(std::make_unique<Impl>(std::move(options), metrics, std::move(health))) {}

MonitoringServer::~MonitoringServer() { stop(); }

void MonitoringServer::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->thread.joinable()) return;
  const auto endpoint = parse_listen(impl_->options.listen);
  auto io = std::make_unique<asio::io_context>(1);
  auto acceptor = std::make_unique<tcp::acceptor>(*io);
  boost::system::error_code ec;
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorCode::connection, fmt::format("monitoring endpoint cannot listen on {}: {}",
                                                   impl_->options.listen, ec.message()));
  }
  impl_->port = acceptor->local_endpoint().port();
  impl_->host = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                           : endpoint.address().to_string();
  impl_->io = std::move(io);
  impl_->acceptor = std::move(acceptor);
  impl_->accept();
  impl_->thread = std::thread([io = impl_->io.get()] { io->run(); });
}

void MonitoringServer::stop() noexcept {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->thread.joinable()) return;
  asio::post(*impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->acceptor->close(ignored);
  });
  impl_->io->stop();
  impl_->thread.join();
  // Destroying the context destroys the pending handlers and with them every session.
  impl_->acceptor.reset();
  impl_->io.reset();
  impl_->port = 0;
}

std::uint16_t MonitoringServer::port() const noexcept { return impl_->port.load(); }

std::string MonitoringServer::url() const {
  return fmt::format("http://{}:{}", impl_->host, port());
}

}  // namespace v5store
