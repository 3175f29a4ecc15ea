// V5EnhancedStore serves the api components of its spec: the spec's `type: api` keys are
// parsed, the server starts with the store over its Records, answers a POST and a GET with
// the bearer token from the environment, counts into the store's metrics, and stops with it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_client.hpp"
#include "env_guard.hpp"
#include "test_databases.hpp"
#include "v5store/metrics.hpp"
#include "v5store/migrator.hpp"
#include "v5store/store.hpp"

namespace {

using boost::beast::http::verb;

std::string spec_text(const std::string& dsn) {
  return R"(schema_version: 1
system: { name: library }
databases:
  main: { backend: sqlite, dsn: ")" +
         dsn + R"(" }
entities:
  member:
    fields:
      id:    { type: int64, primary_key: true, generated: true }
      email: { type: string, max_length: 254, unique: true }
components:
  - { name: members, type: store, entity: member, database: main }
  - name: rest
    type: api
    stores: [members]
    listen: "127.0.0.1:0"
    base_path: /v1
    auth: { bearer_token: "${LIBRARY_API_TOKEN}" }
    max_body_bytes: 4096
)";
}

TEST(StoreApi, ParsesTheApiComponentApartFromTheStores) {
  v5test::EnvGuard token("LIBRARY_API_TOKEN", "t0ken");
  const auto spec = v5store::parse_spec_string(spec_text("db=unused.db"), "library.yaml");
  ASSERT_EQ(spec.components.size(), 1u);
  ASSERT_EQ(spec.apis.size(), 1u);
  const v5store::ApiSpec& api = spec.apis[0];
  EXPECT_EQ(api.name, "rest");
  EXPECT_EQ(api.stores, std::vector<std::string>{"members"});
  EXPECT_EQ(api.base_path, "/v1");
  EXPECT_EQ(api.bearer_token, "t0ken");
  EXPECT_EQ(api.max_body_bytes, 4096);
  EXPECT_EQ(api.position, 1u);
}

TEST(StoreApi, ServesTheApiComponentOfItsSpec) {
  v5test::EnvGuard token("LIBRARY_API_TOKEN", "t0ken");
  v5store::StoreOptions options;
  options.api = v5store::MonitoringEndpoint::required;
  v5store::V5EnhancedStore store(
      v5store::parse_spec_string(spec_text(v5test::dsn_for(v5store::BackendKind::sqlite, "api")),
                                 "library.yaml"),
      options);
  store.migrator().up();
  v5store::ApiServer* api = store.api_server("rest");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(store.api_server("members"), nullptr);
  const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer t0ken"}};
  const auto created =
      v5test::api_request(api->port(), verb::post, "/v1/members", R"({"email":"a@b.c"})", auth);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto read = v5test::api_request(api->port(), verb::get, created.header("Location"), {}, auth);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(nlohmann::json::parse(read.body).at("email"), "a@b.c");
  EXPECT_EQ(v5test::api_request(api->port(), verb::get, "/v1/members").status, 401);
  bool counted = false;
  for (const auto& [labels, value] :
       store.metrics().counter_values("v5store_http_requests_total")) {
    counted = counted || (labels.at("component") == "rest" && labels.at("status") == "201");
  }
  EXPECT_TRUE(counted);
  store.shutdown();
  EXPECT_EQ(api->port(), 0);
}

TEST(StoreApi, ServesNoApiWhenTurnedOff) {
  v5test::EnvGuard token("LIBRARY_API_TOKEN", "t0ken");
  v5store::StoreOptions options;
  options.api = v5store::MonitoringEndpoint::off;
  v5store::V5EnhancedStore store(
      v5store::parse_spec_string(spec_text(v5test::dsn_for(v5store::BackendKind::sqlite, "api")),
                                 "library.yaml"),
      options);
  EXPECT_EQ(store.api_server("rest"), nullptr);
}

}  // namespace
