// A real Prometheus server (Debian's `prometheus`) scrapes the endpoint; the test reads the
// pool metrics back through Prometheus's query API.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "http_client.hpp"
#include "v5store/metrics.hpp"
#include "v5store/monitoring_server.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;

unsigned short free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// Runs `prometheus` with a temporary config and data directory on a loopback port.
class PrometheusProcess {
 public:
  PrometheusProcess(unsigned short target_port) {
    dir_ = std::filesystem::temp_directory_path() /
           ("monitoring_prometheus_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "data");
    std::ofstream(dir_ / "prometheus.yml")
        << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        << "scrape_configs:\n  - job_name: v5store\n    static_configs:\n"
        << "      - targets: ['127.0.0.1:" << target_port << "']\n";
    port_ = free_port();
    const std::string config = "--config.file=" + (dir_ / "prometheus.yml").string();
    const std::string data = "--storage.tsdb.path=" + (dir_ / "data").string();
    const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(port_);
    const std::string log = (dir_ / "prometheus.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const char* argv[] = {"prometheus", config.c_str(), data.c_str(), listen.c_str(), nullptr};
    spawn_rc_ = posix_spawnp(&pid_, "prometheus", &actions, nullptr,
                             const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
  }
  ~PrometheusProcess() {
    if (spawn_rc_ == 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::filesystem::remove_all(dir_);
  }
  bool started() const { return spawn_rc_ == 0; }
  unsigned short port() const { return port_; }
  std::string log() const {
    std::ifstream in(dir_ / "prometheus.log");
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  std::filesystem::path dir_;
  unsigned short port_ = 0;
  pid_t pid_ = 0;
  int spawn_rc_ = -1;
};

TEST(PrometheusScrape, PoolConnectionsReadBackThroughTheQueryApi) {
  v5store::MetricsRegistry registry;
  registry.gauge_callback("v5store_pool_connections", "Pool connections by state.",
                          {{"database", "main"}, {"state", "idle"}}, [] { return 3.0; });
  v5store::MonitoringServerOptions options;
  options.listen = "127.0.0.1:0";
  v5store::MonitoringServer server(options, registry);
  server.start();

  PrometheusProcess prometheus(server.port());
  ASSERT_TRUE(prometheus.started()) << "cannot run prometheus";
  std::string body;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(500ms);
    try {
      const auto r = v5test::http_get(prometheus.port(),
                                      "/api/v1/query?query=v5store_pool_connections");
      body = r.body;
      if (r.status == 200 && body.find("\"result\":[{") != std::string::npos) break;
    } catch (const std::exception&) {
      // Prometheus is still starting.
    }
  }
  EXPECT_NE(body.find(R"("__name__":"v5store_pool_connections")"), std::string::npos)
      << body << "\n" << prometheus.log();
  EXPECT_NE(body.find(R"("state":"idle")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"(,"3"])"), std::string::npos) << body;
}

}  // namespace
