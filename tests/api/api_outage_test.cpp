// The database goes away under a serving API and comes back: every request meanwhile is a
// 503 problem with Retry-After that holds no SQL text or driver message, and the API serves
// rows again once the server is back, without a restart. Each test runs its own private
// server (tests/support/outage_server.sh).
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_client.hpp"
#include "outage_server.hpp"
#include "test_databases.hpp"
#include "v5store/migrator.hpp"
#include "v5store/store.hpp"

namespace {

using namespace std::chrono_literals;
using boost::beast::http::verb;
using v5store::BackendKind;

std::string spec_text(BackendKind kind, const std::string& dsn) {
  return std::string(R"(schema_version: 1
system: { name: outage }
databases:
  main:
    backend: )") +
         std::string(v5store::to_string(kind)) + R"(
    dsn: ")" + dsn + R"("
    pool: { max_size: 2, min_idle: 1, acquire_timeout_ms: 1000 }
entities:
  member:
    fields:
      id:    { type: int64, primary_key: true, generated: true }
      email: { type: string, max_length: 254 }
components:
  - { name: members, type: store, entity: member, database: main }
  - { name: rest, type: api, stores: [members], listen: "127.0.0.1:0" }
)";
}

// The status of `GET target`, repeated every 100 ms until it is `status` (at most `tries`).
v5test::ApiResponse until_status(unsigned short port, const std::string& target, int status,
                                 int tries) {
  v5test::ApiResponse response;
  for (int i = 0; i < tries; ++i) {
    response = v5test::api_request(port, verb::get, target);
    if (response.status == status) break;
    std::this_thread::sleep_for(100ms);
  }
  return response;
}

class ApiOutage : public testing::TestWithParam<BackendKind> {};

TEST_P(ApiOutage, AnswersServiceUnavailableWithRetryAfterAndRecoversWithTheDatabase) {
  v5test::OutageServer server(GetParam());
  ASSERT_FALSE(server.dsn().empty());
  v5store::StoreOptions options;
  options.api = v5store::MonitoringEndpoint::required;
  v5store::V5EnhancedStore store(
      v5store::parse_spec_string(spec_text(GetParam(), server.dsn()), "outage.yaml"), options);
  store.migrator().up();
  const unsigned short port = store.api_server("rest")->port();
  const auto created =
      v5test::api_request(port, verb::post, "/api/members", R"({"email":"a@b.c"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string location = created.header("Location");

  server.stop();
  const auto down = until_status(port, location, 503, 50);
  ASSERT_EQ(down.status, 503) << down.body;
  EXPECT_FALSE(down.header("Retry-After").empty());
  EXPECT_EQ(down.header("Content-Type"), "application/problem+json");
  const nlohmann::json problem = nlohmann::json::parse(down.body);
  EXPECT_EQ(problem.at("status"), 503);
  for (const char* leak : {"SELECT", "select", "member", "could not", "Can't connect", "port"}) {
    EXPECT_EQ(problem.at("detail").get<std::string>().find(leak), std::string::npos)
        << "the 503 detail shows '" << leak << "': " << down.body;
  }
  const auto listed = v5test::api_request(port, verb::get, "/api/members");
  EXPECT_EQ(listed.status, 503) << listed.body;

  server.start();
  const auto back = until_status(port, location, 200, 100);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(nlohmann::json::parse(back.body).at("email"), "a@b.c");
  store.shutdown();
}

INSTANTIATE_TEST_SUITE_P(Servers, ApiOutage,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         v5test::BackendName());

}  // namespace
