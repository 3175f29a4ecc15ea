#include "v5store/monitoring_server.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "v5store/error.hpp"
#include "v5store/metrics.hpp"

namespace {

using namespace std::chrono_literals;
using v5store::MetricsRegistry;
using v5store::MonitoringServer;
using v5store::MonitoringServerOptions;
using v5test::http_get;
using v5test::raw_http;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A registry with one of each kind of metric, as a store fills it.
void fill(MetricsRegistry& registry) {
  registry.gauge_callback("v5store_pool_connections", "Pool connections by state.",
                          {{"database", "main"}, {"state", "idle"}}, [] { return 2.0; });
  registry.gauge_callback("v5store_pool_connections", "Pool connections by state.",
                          {{"database", "main"}, {"state", "active"}}, [] { return 1.0; });
  registry.counter("v5store_queries_total", "Queries executed.",
                   {{"database", "main"}, {"operation", "select"}, {"outcome", "ok"}})
      .inc(7);
  auto& h = registry.histogram("v5store_query_duration_seconds", "Query duration.",
                               {{"database", "main"}, {"operation", "select"}});
  h.observe(0.0004);
  h.observe(0.2);
  registry.gauge("v5store_build_info", "Build information.", {{"version", "0.1.0"}}).set(1);
}

v5store::HealthReport report_with(v5store::HealthStatus status) {
  v5store::CategoryResult result;
  result.category = v5store::HealthCategory::connectivity;
  result.status = status;
  result.message = "round trip";
  v5store::HealthCheck check;
  check.name = "round_trip_seconds";
  check.database = "main";
  check.status = status;
  check.value = 0.001;
  check.warning_threshold = 0.1;
  check.critical_threshold = 1;
  result.checks.push_back(check);
  return v5store::make_report({result});
}

class MonitoringServerTest : public testing::Test {
 protected:
  void SetUp() override {
    fill(registry_);
    options_.listen = "127.0.0.1:0";
    options_.request_timeout = 500ms;
  }
  void start() {
    server_ = std::make_unique<MonitoringServer>(options_, registry_, [this] {
      return report_with(status_.load());
    });
    server_->start();
    ASSERT_NE(server_->port(), 0);
  }
  MetricsRegistry registry_;
  MonitoringServerOptions options_;
  std::atomic<v5store::HealthStatus> status_{v5store::HealthStatus::healthy};
  std::unique_ptr<MonitoringServer> server_;
};

TEST_F(MonitoringServerTest, ServesMetricsInTextFormat004) {
  start();
  const auto r = http_get(server_->port(), "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.headers, "text/plain; version=0.0.4"));
  EXPECT_TRUE(contains(r.body, "v5store_pool_connections{database=\"main\",state=\"idle\"} 2\n"));
}

TEST_F(MonitoringServerTest, MetricsPassPromtoolCheck) {
  start();
  const auto r = http_get(server_->port(), "/metrics");
  ASSERT_EQ(r.status, 200);
  const auto file = std::filesystem::temp_directory_path() /
                    ("monitoring_promtool_" + std::to_string(::getpid()) + ".prom");
  std::ofstream(file) << r.body;
  const auto command = "promtool check metrics < " + file.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) output += line;
  const int rc = ::pclose(pipe);
  std::filesystem::remove(file);
  EXPECT_EQ(rc, 0) << output;
  EXPECT_EQ(output, "") << output;
}

TEST_F(MonitoringServerTest, LiveAlwaysAnswers200) {
  status_ = v5store::HealthStatus::critical;
  start();
  const auto r = http_get(server_->port(), "/health/live");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"alive"})");
}

TEST_F(MonitoringServerTest, ReadyIs503WhileACategoryIsCritical) {
  start();
  EXPECT_EQ(http_get(server_->port(), "/health/ready").status, 200);
  status_ = v5store::HealthStatus::warning;
  EXPECT_EQ(http_get(server_->port(), "/health/ready").status, 200);
  status_ = v5store::HealthStatus::critical;
  EXPECT_EQ(http_get(server_->port(), "/health/ready").status, 503);
  status_ = v5store::HealthStatus::healthy;
  EXPECT_EQ(http_get(server_->port(), "/health/ready").status, 200);
}

TEST_F(MonitoringServerTest, HealthShowsEveryCategoryWithValueAndThreshold) {
  status_ = v5store::HealthStatus::warning;
  start();
  const auto r = http_get(server_->port(), "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, R"("status":"warning")")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("connectivity":{"status":"warning")")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("value":0.001,"warning":0.1,"critical":1.0)")) << r.body;
}

TEST_F(MonitoringServerTest, BearerTokenGuardsHealthDetails) {
  options_.bearer_token = "s3cret";
  start();
  const auto anonymous = http_get(server_->port(), "/health");
  EXPECT_EQ(anonymous.status, 200);
  EXPECT_EQ(anonymous.body, R"({"status":"healthy"})");
  const auto wrong = http_get(server_->port(), "/health", "Authorization: Bearer nope\r\n");
  EXPECT_EQ(wrong.body, R"({"status":"healthy"})");
  const auto right = http_get(server_->port(), "/health", "Authorization: Bearer s3cret\r\n");
  EXPECT_TRUE(contains(right.body, "\"categories\"")) << right.body;
}

TEST_F(MonitoringServerTest, UnknownPathIs404AndOtherMethodsAre405) {
  start();
  EXPECT_EQ(http_get(server_->port(), "/nope").status, 404);
  const auto post = raw_http(server_->port(),
                             "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                             "Connection: close\r\n\r\n");
  EXPECT_EQ(post.status, 405);
}

TEST_F(MonitoringServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  const auto r = raw_http(server_->port(),
                          "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "HTTP/1.1 200")) << "second response missing: " << r.body;
}

TEST_F(MonitoringServerTest, MalformedRequestIs400) {
  start();
  EXPECT_EQ(raw_http(server_->port(), "THIS IS NOT HTTP\r\n\r\n").status, 400);
  EXPECT_EQ(raw_http(server_->port(), "GET /metrics HTTP/9.9\r\n\r\n").status, 400);
  EXPECT_EQ(raw_http(server_->port(), "GET /metrics HTTP/1.1\r\nBad Header\r\n\r\n").status, 400);
}

TEST_F(MonitoringServerTest, OversizedHeaderIs431) {
  options_.max_request_bytes = 1024;
  start();
  const std::string big(4096, 'a');
  const auto r = raw_http(server_->port(),
                          "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n");
  EXPECT_EQ(r.status, 431);
}

TEST_F(MonitoringServerTest, OversizedBodyIs413) {
  options_.max_request_bytes = 1024;
  start();
  const auto r = raw_http(server_->port(),
                          "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                              std::string(2000, 'b'));
  EXPECT_EQ(r.status, 413);
}

TEST_F(MonitoringServerTest, TooManyHeadersIs431) {
  options_.max_header_count = 8;
  start();
  std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 20; ++i) request += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(raw_http(server_->port(), request + "\r\n").status, 431);
}

TEST_F(MonitoringServerTest, SlowClientIsTimedOutWithoutBlockingOthers) {
  options_.request_timeout = 300ms;
  start();
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket slow(io);
  slow.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  boost::asio::write(slow, boost::asio::buffer(std::string("GET /metrics HTTP/1.1\r\nHo")));
  // While the slow request is pending, other clients are served.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(http_get(server_->port(), "/health/live").status, 200);
  // The slow one is cut off after the request timeout: the read ends with EOF, no response.
  char buf[64];
  boost::system::error_code ec;
  const auto started = std::chrono::steady_clock::now();
  const auto n = slow.read_some(boost::asio::buffer(buf), ec);
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(ec) << "server answered a request it never received: " << std::string(buf, n);
  EXPECT_LT(waited, 5s);
}

// At the connection limit the oldest connection that only waits for a request is closed to
// make room: an idle client cannot lock out the probes (it used to get them 503).
TEST_F(MonitoringServerTest, ConnectionsOverTheLimitCloseTheOldestIdleOne) {
  options_.max_connections = 2;
  options_.idle_timeout = 30s;
  start();
  boost::asio::io_context io;
  std::vector<boost::asio::ip::tcp::socket> idle;
  for (int i = 0; i < 2; ++i) {
    idle.emplace_back(io);
    idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  }
  std::this_thread::sleep_for(100ms);  // let the server accept both
  EXPECT_EQ(http_get(server_->port(), "/health/live").status, 200);
  char buf[16];
  boost::system::error_code ec;
  idle.front().read_some(boost::asio::buffer(buf), ec);
  EXPECT_EQ(ec, boost::asio::error::eof) << "the oldest idle connection was not closed";
}

// A client that opens connections and sends nothing is cut off after idle_timeout.
TEST_F(MonitoringServerTest, AnIdleConnectionIsClosedAfterTheIdleTimeout) {
  options_.idle_timeout = 200ms;
  options_.request_timeout = 30s;
  start();
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket idle(io);
  idle.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  char buf[16];
  boost::system::error_code ec;
  idle.read_some(boost::asio::buffer(buf), ec);  // blocks until the server closes it
  EXPECT_EQ(ec, boost::asio::error::eof);
}

// Issue 15.9: 64-70 idle connections made /health/live answer 503 for most probes, and a
// failing liveness probe makes Kubernetes restart the pod. With 200 idle connections held
// open, at least 95 % of probes get 200.
TEST_F(MonitoringServerTest, LivenessAnswersUnderAFloodOfIdleConnections) {
  options_.request_timeout = 30s;
  options_.idle_timeout = 30s;  // only the limits protect the probes here
  start();
  boost::asio::io_context io;
  std::vector<boost::asio::ip::tcp::socket> flood;
  for (int i = 0; i < 200; ++i) {
    flood.emplace_back(io);
    flood.back().connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  }
  int ok = 0;
  constexpr int kProbes = 40;
  for (int i = 0; i < kProbes; ++i) {
    if (http_get(server_->port(), "/health/live").status == 200) ++ok;
    // The flood keeps coming back: a new idle connection between every two probes.
    flood.emplace_back(io);
    flood.back().connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  }
  EXPECT_GE(ok * 100, kProbes * 95) << ok << " of " << kProbes << " probes answered 200";
}

TEST_F(MonitoringServerTest, ConcurrentScrapesAllSucceed) {
  start();
  std::vector<std::future<int>> results;
  for (int i = 0; i < 16; ++i) {
    results.push_back(std::async(std::launch::async, [this] {
      return http_get(server_->port(), "/metrics").status;
    }));
  }
  for (auto& r : results) EXPECT_EQ(r.get(), 200);
}

TEST(MonitoringServer, BadListenAddressThrowsConfig) {
  MetricsRegistry registry;
  MonitoringServerOptions options;
  options.listen = "not-an-address";
  MonitoringServer server(options, registry);
  try {
    server.start();
    FAIL() << "accepted a bad listen address";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::config);
  }
}

TEST(MonitoringServer, PortInUseThrowsConnection) {
  MetricsRegistry registry;
  MonitoringServerOptions options;
  options.listen = "127.0.0.1:0";
  MonitoringServer first(options, registry);
  first.start();
  options.listen = "127.0.0.1:" + std::to_string(first.port());
  MonitoringServer second(options, registry);
  try {
    second.start();
    FAIL() << "bound a port in use";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::connection);
  }
}

TEST(MonitoringServer, StopIsIdempotentAndRestartable) {
  MetricsRegistry registry;
  MonitoringServerOptions options;
  options.listen = "127.0.0.1:0";
  MonitoringServer server(options, registry);
  server.start();
  server.stop();
  server.stop();
  server.start();
  EXPECT_EQ(http_get(server.port(), "/health/live").status, 200);
}

}  // namespace
