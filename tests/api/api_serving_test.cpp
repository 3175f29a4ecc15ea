// Serving under pressure and at shutdown: the API answers while 200 slow clients hold
// connections open, and stop() finishes the requests being answered, closes idle
// connections and refuses new ones (what the generated service does on SIGTERM). And the
// OpenAPI document the API serves passes `@redocly/cli lint`.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "api_fixture.hpp"
#include "http/server.hpp"

namespace {

using namespace std::chrono_literals;
using boost::asio::ip::tcp;
using boost::beast::http::verb;

tcp::endpoint loopback(unsigned short port) {
  return {boost::asio::ip::make_address("127.0.0.1"), port};
}

class ApiServing : public v5test::ApiFixture {};

TEST_P(ApiServing, AnswersWhileTwoHundredSlowClientsHoldConnections) {
  create_customer("ann@example.com", "Ann");
  boost::asio::io_context io;
  std::vector<std::unique_ptr<tcp::socket>> slow;
  for (int i = 0; i < 200; ++i) {
    auto socket = std::make_unique<tcp::socket>(io);
    socket->connect(loopback(api_->port()));
    // Half a request: the server waits for the rest (up to its request timeout).
    boost::asio::write(*socket, boost::asio::buffer(std::string(
                                    "GET /api/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")));
    slow.push_back(std::move(socket));
  }
  for (int i = 0; i < 20; ++i) {
    const auto listed = get("/api/customers?email=eq.ann@example.com");
    ASSERT_EQ(listed.status, 200) << "request " << i << ": " << listed.body;
    EXPECT_EQ(json_of(listed).size(), 1u);
  }
  // The slow clients were not dropped to make room: each can still finish its request.
  for (int i = 0; i < 200; i += 50) {
    boost::asio::write(*slow[i], boost::asio::buffer(std::string("1\r\nConnection: close\r\n\r\n")));
    std::string answer;
    boost::system::error_code ec;
    boost::asio::read(*slow[i], boost::asio::dynamic_buffer(answer), ec);
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << "slow client " << i << ": " << answer;
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ApiServing, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

// The document is the same on every backend: linted once, on SQLite.
class OpenApiLint : public v5test::ApiFixture {};

TEST_P(OpenApiLint, TheServedDocumentPassesRedoclyLintWithAndWithoutAuth) {
  const std::filesystem::path redocly =
      std::filesystem::path(V5_SOURCE_DIR) / "scripts/npm/node_modules/.bin/redocly";
  ASSERT_TRUE(std::filesystem::exists(redocly))
      << redocly << " is missing: scripts/install-deps.sh installs it (npm ci in scripts/npm)";
  for (const std::string token : {"", "s3cret-token"}) {
    start_api(token);
    const auto served = send(verb::get, "/api/openapi.json", {},
                             {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(served.status, 200);
    const std::filesystem::path document =
        std::filesystem::temp_directory_path() /
        ("v5store_openapi_" + std::to_string(::getpid()) + ".json");
    std::ofstream(document) << served.body;
    const std::string command =
        redocly.string() + " lint --format=stylish " + document.string() + " 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    const int status = ::pclose(pipe);
    std::filesystem::remove(document);
    // Errors fail the lint; the one warning left is the missing `info.license`, which only
    // the service's owner can name.
    EXPECT_EQ(status, 0) << "token '" << token << "': " << output;
    EXPECT_EQ(output.find(" error "), std::string::npos) << "token '" << token << "': " << output;
  }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OpenApiLint, testing::Values(v5store::BackendKind::sqlite),
                         v5test::BackendName());

// An HTTP server whose handler answers /slow after 800 ms and everything else at once.
class Draining : public testing::Test {
 protected:
  void SetUp() override {
    v5store::detail::HttpHandler handler;
    handler.worker_threads = 2;
    handler.handle = [this](const v5store::detail::HttpRequest& request) {
      if (request.target() == "/slow") {
        slow_started_.set_value();
        std::this_thread::sleep_for(800ms);
      }
      v5store::detail::HttpResponse response{boost::beast::http::status::ok, request.version()};
      response.keep_alive(request.keep_alive());
      response.body() = "done " + std::string(request.target());
      response.prepare_payload();
      return response;
    };
    handler.refuse = [](boost::beast::http::status status, unsigned version, std::string_view) {
      v5store::detail::HttpResponse response{status, version};
      response.prepare_payload();
      return response;
    };
    v5store::detail::HttpLimits limits;
    limits.drain_timeout = 5s;
    server_ = std::make_unique<v5store::detail::HttpServer>("test", limits, handler);
    server_->start("127.0.0.1:0");
    port_ = server_->port();
  }

  std::unique_ptr<v5store::detail::HttpServer> server_;
  unsigned short port_ = 0;
  std::promise<void> slow_started_;
};

TEST_F(Draining, StopFinishesTheRequestBeingAnsweredClosesIdleOnesAndRefusesNewOnes) {
  // A keep-alive connection that has been answered once and now waits for its next request.
  boost::asio::io_context io;
  tcp::socket idle(io);
  idle.connect(loopback(port_));
  boost::asio::write(idle, boost::asio::buffer(std::string("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")));
  boost::beast::flat_buffer idle_buffer;
  boost::beast::http::response<boost::beast::http::string_body> first;
  boost::beast::http::read(idle, idle_buffer, first);
  ASSERT_EQ(first.body(), "done /fast");

  auto in_flight = std::async(std::launch::async, [this] {
    return v5test::api_request(port_, verb::get, "/slow");
  });
  slow_started_.get_future().wait();
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });

  // New connections are refused while the request in flight is still being answered.
  boost::system::error_code refused;
  for (int i = 0; i < 200 && !refused; ++i) {
    tcp::socket probe(io);
    probe.connect(loopback(port_), refused);
    if (!refused) std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(refused, boost::asio::error::connection_refused);
  EXPECT_EQ(in_flight.wait_for(0ms), std::future_status::timeout)
      << "the slow request was over before the listener closed; the test proves nothing";

  const v5test::ApiResponse answered = in_flight.get();
  EXPECT_EQ(answered.status, 200);
  EXPECT_EQ(answered.body, "done /slow");
  EXPECT_EQ(answered.header("Connection"), "close");
  stopped.get();

  // The idle keep-alive connection was closed, not left open.
  boost::system::error_code eof;
  char byte = 0;
  idle.read_some(boost::asio::buffer(&byte, 1), eof);
  EXPECT_EQ(eof, boost::asio::error::eof);
}

}  // namespace
