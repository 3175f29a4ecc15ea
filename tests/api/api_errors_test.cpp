// The API's errors on every backend: problem+json with status, title and detail naming the
// parameter, field or constraint (400 401 404 405 409 413 415 422), never a bound value or
// SQL text; and bearer-token authentication on and off.
#include <set>

#include "api_fixture.hpp"
#include "http_client.hpp"

namespace {

using boost::beast::http::verb;
using nlohmann::json;

class ApiErrors : public v5test::ApiFixture {
 protected:
  // Checks the problem document of a response and returns its detail.
  std::string problem(const v5test::ApiResponse& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "application/problem+json");
    const json body = json_of(response);
    EXPECT_EQ(body.value("status", 0), status);
    EXPECT_FALSE(body.value("title", "").empty());
    const std::string text = response.body;
    for (const char* leak : {"SELECT", "INSERT", "UPDATE ", "secret-mail"}) {
      EXPECT_EQ(text.find(leak), std::string::npos) << leak << " in " << text;
    }
    return body.value("detail", "");
  }
};

TEST_P(ApiErrors, NamesTheParameterOfAMalformedQuery) {
  EXPECT_NE(problem(get("/api/orders?total_cents=gt.abc"), 400).find("'total_cents'"),
            std::string::npos);
  EXPECT_NE(problem(get("/api/orders?total_cents=between.1"), 400).find("unknown operator"),
            std::string::npos);
  EXPECT_NE(problem(get("/api/orders?nosuch=eq.1"), 400).find("'nosuch'"), std::string::npos);
  EXPECT_NE(problem(get("/api/orders?order=nosuch.asc"), 400).find("'order'"), std::string::npos);
  EXPECT_NE(problem(get("/api/orders?limit=0"), 400).find("'limit'"), std::string::npos);
  EXPECT_NE(problem(get("/api/orders?select=id,nosuch"), 400).find("'select'"), std::string::npos);
  EXPECT_NE(problem(get("/api/orders?order=id&limit=1&after=xyz!"), 400).find("'after'"),
            std::string::npos);
  EXPECT_NE(problem(get("/api/orders?total_cents=like.1"), 400).find("like"), std::string::npos);
  EXPECT_NE(problem(get("/api/customers/abc"), 400).find("'id'"), std::string::npos);
}

TEST_P(ApiErrors, RefusesMalformedAndForeignBodies) {
  EXPECT_EQ(problem(send(verb::post, "/api/customers", "{\"email\":"), 400),
            "malformed JSON body");
  problem(send(verb::post, "/api/customers", "[1,2]"), 400);
  problem(v5test::api_request(api_->port(), verb::post, "/api/customers",
                              R"({"email":"a@b.c","name":"A"})", {}, "text/plain"),
          415);
}

TEST_P(ApiErrors, AnswersNotFoundAndMethodNotAllowed) {
  problem(get("/api/nosuch"), 404);
  problem(get("/elsewhere"), 404);
  problem(get("/api/customers/424242"), 404);
  const auto collection = send(verb::delete_, "/api/customers");
  problem(collection, 405);
  EXPECT_EQ(collection.header("Allow"), "GET, HEAD, POST");
  const auto item = send(verb::post, "/api/customers/1", "{}");
  problem(item, 405);
  EXPECT_EQ(item.header("Allow"), "GET, HEAD, PUT, PATCH, DELETE");
  EXPECT_EQ(send(verb::put, "/api/openapi.json", "{}").header("Allow"), "GET, HEAD");
}

TEST_P(ApiErrors, ListsEveryBrokenRuleWithoutWriting) {
  const auto response = post("/api/customers", {{"email", "secret-mail-no-at"},
                                                {"name", std::string(200, 'x')},
                                                {"shoe_size", 44}});
  problem(response, 422);
  std::set<std::pair<std::string, std::string>> broken;
  const json body = json_of(response);
  for (const json& e : body.at("errors")) {
    broken.emplace(e.at("field").get<std::string>(), e.at("code").get<std::string>());
    EXPECT_FALSE(e.at("message").get<std::string>().empty());
  }
  EXPECT_TRUE(broken.count({"customer.email", "pattern"}));
  EXPECT_TRUE(broken.count({"customer.name", "max_length"}));
  EXPECT_TRUE(broken.count({"customer.shoe_size", "unknown_field"}));
  EXPECT_EQ(raw_count("customer"), 0);
  const auto missing = post("/api/orders", {{"status", "new"}});
  problem(missing, 422);
  EXPECT_NE(missing.body.find("order.total_cents"), std::string::npos);
  const auto typed = post("/api/orders", {{"customer_id", "one"}, {"total_cents", 5}});
  problem(typed, 422);
  EXPECT_NE(typed.body.find("\"type\""), std::string::npos);
}

TEST_P(ApiErrors, NamesTheFieldAndConstraintOfAConflict) {
  create_customer("secret-mail@example.com", "Ann");
  const std::string detail =
      problem(post("/api/customers", {{"email", "secret-mail@example.com"}, {"name", "Bob"}}), 409);
  EXPECT_NE(detail.find("customer.email"), std::string::npos) << detail;
  const std::string missing_parent =
      problem(post("/api/orders", {{"customer_id", 987654}, {"total_cents", 5}}), 409);
  EXPECT_NE(missing_parent.find("order.customer_id"), std::string::npos) << missing_parent;
}

TEST_P(ApiErrors, RefusesABodyOverTheLimitBeforeReadingIt) {
  start_api({}, 1024);
  // Only the headers are sent: the 413 comes back without the body ever arriving.
  const auto response = v5test::raw_http(
      api_->port(),
      "POST /api/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 1048576\r\n\r\n");
  EXPECT_EQ(response.status, 413) << response.body;
  EXPECT_NE(response.headers.find("application/problem+json"), std::string::npos)
      << response.headers;
  EXPECT_EQ(post("/api/customers", {{"email", "a@b.c"}, {"name", "A"}}).status, 201);
}

TEST_P(ApiErrors, RequiresTheBearerTokenWhenOneIsSet) {
  start_api("s3cret-token");
  const auto anonymous = get("/api/customers");
  problem(anonymous, 401);
  EXPECT_EQ(anonymous.header("WWW-Authenticate"), "Bearer");
  problem(send(verb::get, "/api/customers", {}, {{"Authorization", "Bearer wrong"}}), 401);
  EXPECT_EQ(send(verb::get, "/api/customers", {}, {{"Authorization", "Bearer s3cret-token"}})
                .status,
            200);
  const auto document =
      send(verb::get, "/api/openapi.json", {}, {{"Authorization", "Bearer s3cret-token"}});
  EXPECT_TRUE(json_of(document).at("components").contains("securitySchemes"));
  start_api({});
  EXPECT_EQ(get("/api/customers").status, 200);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ApiErrors, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
