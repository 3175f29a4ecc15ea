// latency_proxy: a TCP forwarder that adds a fixed delay to every segment in each direction,
// for measuring round-trip-bound code on loopback (tc netem is not available here). Every
// chunk read on one side is written to the other side `delay` after it was read, in order;
// reading goes on meanwhile, so the delay does not limit the throughput. A request/response
// round trip through the proxy thus takes 2 x delay more than without it.
//
// Usage: latency_proxy LISTEN_PORT TARGET_HOST:TARGET_PORT DELAY_MS
// Listens on 127.0.0.1:LISTEN_PORT, prints "latency_proxy: listening on 127.0.0.1:PORT" once it
// accepts connections, and runs until killed. See BENCHMARKS.md (latency proxy).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio.hpp>

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// One direction of a connection: chunks read from `from` are queued with the time they are
// due and written to `to` in order once due. When `from` ends, what is queued is still
// delivered, then `to` is shut down for sending; a failed write closes both sockets.
class Direction : public std::enable_shared_from_this<Direction> {
 public:
  Direction(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to,
            Clock::duration delay)
      : from_(std::move(from)), to_(std::move(to)), delay_(delay), timer_(from_->get_executor()) {}

  void start() {
    asio::co_spawn(from_->get_executor(), read_loop(shared_from_this()), asio::detached);
    asio::co_spawn(from_->get_executor(), write_loop(shared_from_this()), asio::detached);
  }

 private:
  struct Chunk {
    Clock::time_point due;
    std::vector<char> data;
  };

  static asio::awaitable<void> read_loop(std::shared_ptr<Direction> self) {
    try {
      for (;;) {
        std::vector<char> buffer(64 * 1024);
        const std::size_t n = co_await self->from_->async_read_some(
            asio::buffer(buffer), asio::use_awaitable);
        buffer.resize(n);
        self->queue_.push_back({Clock::now() + self->delay_, std::move(buffer)});
        self->timer_.cancel();  // wakes the writer if it waits for data
      }
    } catch (const std::exception&) {
      self->reading_done_ = true;  // the end of the stream, or an error: deliver the rest
      self->timer_.cancel();
    }
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<Direction> self) {
    try {
      for (;;) {
        if (self->queue_.empty() && self->reading_done_) {
          boost::system::error_code ignored;
          self->to_->shutdown(tcp::socket::shutdown_send, ignored);
          co_return;
        }
        if (self->queue_.empty()) {
          self->timer_.expires_at(Clock::time_point::max());
        } else {
          self->timer_.expires_at(self->queue_.front().due);
        }
        boost::system::error_code ignored;
        co_await self->timer_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        while (!self->queue_.empty() && self->queue_.front().due <= Clock::now()) {
          Chunk chunk = std::move(self->queue_.front());
          self->queue_.pop_front();
          co_await asio::async_write(*self->to_, asio::buffer(chunk.data), asio::use_awaitable);
        }
      }
    } catch (const std::exception&) {
      self->close();
    }
  }

  void close() {
    boost::system::error_code ignored;
    from_->shutdown(tcp::socket::shutdown_both, ignored);
    to_->shutdown(tcp::socket::shutdown_both, ignored);
    from_->close(ignored);
    to_->close(ignored);
  }

  std::shared_ptr<tcp::socket> from_;
  std::shared_ptr<tcp::socket> to_;
  Clock::duration delay_;
  asio::steady_timer timer_;
  std::deque<Chunk> queue_;
  bool reading_done_ = false;
};

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, tcp::endpoint target,
                                  Clock::duration delay) {
  const auto executor = co_await asio::this_coro::executor;
  for (;;) {
    auto client = std::make_shared<tcp::socket>(co_await acceptor.async_accept(asio::use_awaitable));
    auto server = std::make_shared<tcp::socket>(executor);
    try {
      co_await server->async_connect(target, asio::use_awaitable);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "latency_proxy: connecting to the target: %s\n", e.what());
      continue;  // the client sees its connection closed
    }
    client->set_option(tcp::no_delay(true));
    server->set_option(tcp::no_delay(true));
    std::make_shared<Direction>(client, server, delay)->start();
    std::make_shared<Direction>(server, client, delay)->start();
  }
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: latency_proxy LISTEN_PORT TARGET_HOST:TARGET_PORT DELAY_MS\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) usage();
  const std::string target_text = argv[2];
  const auto colon = target_text.rfind(':');
  if (colon == std::string::npos) usage();
  char* end = nullptr;
  const long listen_port = std::strtol(argv[1], &end, 10);
  if (*end != '\0' || listen_port < 0 || listen_port > 65535) usage();
  const double delay_ms = std::strtod(argv[3], &end);
  if (*end != '\0' || delay_ms < 0) usage();
  try {
    asio::io_context io;
    tcp::resolver resolver(io);
    const tcp::endpoint target =
        *resolver.resolve(target_text.substr(0, colon), target_text.substr(colon + 1)).begin();
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                             static_cast<unsigned short>(listen_port)));
    const auto delay = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double, std::milli>(delay_ms));
    asio::co_spawn(io, accept_loop(acceptor, target, delay), asio::detached);
    std::printf("latency_proxy: listening on 127.0.0.1:%u, forwarding to %s, %.3f ms each way\n",
                acceptor.local_endpoint().port(), target_text.c_str(), delay_ms);
    std::fflush(stdout);
    io.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latency_proxy: %s\n", e.what());
    return 1;
  }
}
