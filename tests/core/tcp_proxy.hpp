// TcpProxy: a TCP forwarder the tests start and stop to simulate a database outage at the
// network level (the dev servers are shared and must not be stopped), and to cut a connection
// right after a given statement went out (an in-doubt COMMIT).
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <boost/asio.hpp>

namespace v5test {

class TcpProxy {
 public:
  using tcp = boost::asio::ip::tcp;

  TcpProxy(std::string target_host, unsigned short target_port)
      : target_(boost::asio::ip::make_address(target_host), target_port),
        guard_(io_.get_executor()),
        thread_([this] { io_.run(); }) {}

  ~TcpProxy() {
    stop();
    guard_.reset();
    io_.stop();
    thread_.join();
  }

  // Listens (on an ephemeral port the first time, on the same port afterwards).
  void start() {
    run_on_io([this] {
      acceptor_ = std::make_unique<tcp::acceptor>(io_);
      const tcp::endpoint local(boost::asio::ip::make_address("127.0.0.1"), port_);
      acceptor_->open(local.protocol());
      acceptor_->set_option(tcp::acceptor::reuse_address(true));
      acceptor_->bind(local);
      acceptor_->listen();
      port_ = acceptor_->local_endpoint().port();
      accept();
    });
  }

  // Closes the listener and every forwarded connection: the server "went away".
  void stop() {
    run_on_io([this] {
      if (acceptor_) acceptor_->close();
      acceptor_.reset();
      for (const auto& link : links_) link->close();
      links_.clear();
    });
  }

  // The next client message containing `marker` (case-insensitive) is forwarded, then that
  // connection is cut before the server's answer can come back.
  void cut_after(std::string marker) {
    std::transform(marker.begin(), marker.end(), marker.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::lock_guard lock(mutex_);
    cut_marker_ = std::move(marker);
  }

  unsigned short port() const { return port_; }

 private:
  struct Link : std::enable_shared_from_this<Link> {
    Link(boost::asio::io_context& io, TcpProxy& proxy) : client(io), server(io), owner(proxy) {}
    void close() {
      boost::system::error_code ignored;
      client.close(ignored);
      server.close(ignored);
    }
    void pump(tcp::socket& from, tcp::socket& to, std::array<char, 16384>& buffer,
              bool client_side) {
      from.async_read_some(boost::asio::buffer(buffer), [self = shared_from_this(), &from, &to,
                                                         &buffer, client_side](
                                                            boost::system::error_code ec,
                                                            std::size_t n) {
        if (ec) return self->close();
        const bool cut = client_side && self->owner.should_cut(buffer.data(), n);
        boost::asio::async_write(to, boost::asio::buffer(buffer.data(), n),
                                 [self, &from, &to, &buffer, client_side, cut](
                                     boost::system::error_code write_ec, std::size_t) {
                                   if (write_ec || cut) return self->close();
                                   self->pump(from, to, buffer, client_side);
                                 });
      });
    }
    tcp::socket client;
    tcp::socket server;
    std::array<char, 16384> upstream{};
    std::array<char, 16384> downstream{};
    TcpProxy& owner;
  };

  bool should_cut(const char* data, std::size_t n) {
    std::lock_guard lock(mutex_);
    if (cut_marker_.empty()) return false;
    std::string text(data, n);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (text.find(cut_marker_) == std::string::npos) return false;
    cut_marker_.clear();
    return true;
  }

  void accept() {
    auto link = std::make_shared<Link>(io_, *this);
    acceptor_->async_accept(link->client, [this, link](boost::system::error_code ec) {
      if (ec) return;
      links_.insert(link);
      link->server.async_connect(target_, [link](boost::system::error_code connect_ec) {
        if (connect_ec) return link->close();
        link->pump(link->client, link->server, link->upstream, true);
        link->pump(link->server, link->client, link->downstream, false);
      });
      accept();
    });
  }

  template <class Fn>
  void run_on_io(Fn fn) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      try {
        fn();
        done.set_value();
      } catch (...) {
        done.set_exception(std::current_exception());
      }
    });
    done.get_future().get();
  }

  tcp::endpoint target_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::unique_ptr<tcp::acceptor> acceptor_;      // io thread only
  std::set<std::shared_ptr<Link>> links_;        // io thread only
  unsigned short port_ = 0;
  std::mutex mutex_;
  std::string cut_marker_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace v5test
