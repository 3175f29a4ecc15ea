// The API's routes on every backend through a real HTTP client: create, read, list with every
// operator, order, select and keyset pages by Link, replace, patch, delete, composite keys,
// the JSON form of every field type, the OpenAPI document and the request metrics.
#include "v5store/api_server.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "v5store/metrics.hpp"

namespace {

using boost::beast::http::verb;
using nlohmann::json;
using v5store::Record;
using ApiResponseRef = v5test::ApiResponse;

class Api : public v5test::ApiFixture {
 protected:
  // Ten orders of one customer: totals 100..1000, statuses cycling, every third a note.
  void add_orders() {
    customer_ = create_customer("ann@example.com", "Ann");
    const char* statuses[] = {"new", "paid", "shipped"};
    for (int i = 1; i <= 10; ++i) {
      json order = {{"customer_id", customer_}, {"status", statuses[i % 3]},
                    {"total_cents", 100 * i}};
      if (i % 3 == 0) order["note"] = "Gift #" + std::to_string(i);
      ASSERT_EQ(post("/api/orders", order).status, 201);
    }
  }

  // A `sample` row with a value of every field type, as JSON.
  static json every_type_sample() {
    return {{"flag", true},
            {"small", -12},
            {"ratio", 0.25},
            {"amount", "1234.50"},
            {"blob", "AAEC/w=="},
            {"day", "2024-02-29"},
            {"at", "2024-03-01T12:34:56.123456Z"},
            {"ref", "123e4567-e89b-12d3-a456-426614174000"},
            {"doc", {{"a", json::array({1, 2})}, {"b", "c"}}}};
  }

  // The total_cents of a list answer, in order.
  std::vector<std::int64_t> totals(const std::string& query) {
    const auto response = get("/api/orders?" + query);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<std::int64_t> out;
    for (const json& row : json_of(response)) out.push_back(row.at("total_cents").get<std::int64_t>());
    return out;
  }

  std::int64_t customer_ = 0;
};

using Totals = std::vector<std::int64_t>;

TEST_P(Api, CreatesARowAndReadsItBackAtItsLocation) {
  const auto created = post("/api/customers", {{"email", "ann@example.com"}, {"name", "Ann"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("Content-Type"), "application/json");
  const json row = json_of(created);
  const auto id = row.at("id").get<std::int64_t>();
  EXPECT_EQ(created.header("Location"), "/api/customers/" + std::to_string(id));
  EXPECT_EQ(row.at("email"), "ann@example.com");
  // The default (now) is filled in, as RFC 3339 UTC.
  const std::string created_at = row.at("created_at").get<std::string>();
  EXPECT_EQ(created_at.size(), 27u) << created_at;
  EXPECT_EQ(created_at[10], 'T');
  EXPECT_EQ(created_at.back(), 'Z');
  const auto read = get(created.header("Location"));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(json_of(read), row);
}

TEST_P(Api, FiltersWithEveryOperator) {
  add_orders();
  EXPECT_EQ(totals("total_cents=eq.300"), (Totals{300}));
  EXPECT_EQ(totals("total_cents=neq.300&order=total_cents.asc").size(), 9u);
  EXPECT_EQ(totals("total_cents=lt.300&order=total_cents"), (Totals{100, 200}));
  EXPECT_EQ(totals("total_cents=lte.300&order=total_cents"), (Totals{100, 200, 300}));
  EXPECT_EQ(totals("total_cents=gt.800&order=total_cents"), (Totals{900, 1000}));
  EXPECT_EQ(totals("total_cents=gte.900&order=total_cents.desc"), (Totals{1000, 900}));
  EXPECT_EQ(totals("total_cents=in.(100,500,700)&order=total_cents"), (Totals{100, 500, 700}));
  EXPECT_EQ(totals("total_cents=not.in.(100,200)&total_cents=lt.500&order=total_cents"),
            (Totals{300, 400}));
  EXPECT_EQ(totals("note=is.null&total_cents=lt.500&order=total_cents"), (Totals{100, 200, 400}));
  EXPECT_EQ(totals("note=not.is.null&order=total_cents"), (Totals{300, 600, 900}));
  EXPECT_EQ(totals("note=like.Gift%20%236&order=total_cents"), (Totals{600}));
  EXPECT_EQ(totals("note=like.*%239&order=total_cents"), (Totals{900}));
  EXPECT_EQ(totals("note=ilike.gift*&order=total_cents"), (Totals{300, 600, 900}));
  EXPECT_EQ(totals("status=eq.paid&order=total_cents"), (Totals{100, 400, 700, 1000}));
  EXPECT_EQ(totals("status=in.(new,shipped)&total_cents=lte.300&order=total_cents"),
            (Totals{200, 300}));
}

TEST_P(Api, SelectsFieldsAndLimits) {
  add_orders();
  const auto response = get("/api/orders?select=id,total_cents&order=total_cents.desc&limit=2");
  ASSERT_EQ(response.status, 200) << response.body;
  const json rows = json_of(response);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].size(), 2u);
  EXPECT_EQ(rows[0].at("total_cents"), 1000);
  EXPECT_FALSE(rows[0].contains("status"));
}

TEST_P(Api, PagesByLinkWithoutDuplicatesOrGapsWhileRowsAreInserted) {
  for (int i = 0; i < 300; ++i) {
    records_->insert("product", Record{{"sku", "P-" + std::to_string(1000 + i)},
                                       {"title", "thing"},
                                       {"price_cents", std::int64_t{i}}});
  }
  std::set<std::string> seen;
  std::string next = "/api/products?order=sku.asc&limit=40&select=sku";
  int pages = 0;
  int inserted = 0;
  while (!next.empty()) {
    const auto response = get(next);
    ASSERT_EQ(response.status, 200) << next << ": " << response.body;
    for (const json& row : json_of(response)) {
      EXPECT_TRUE(seen.insert(row.at("sku").get<std::string>()).second) << "duplicate";
    }
    // Rows inserted behind and ahead of the cursor while paging.
    records_->insert("product", Record{{"sku", "P-0" + std::to_string(inserted)},
                                       {"title", "early"}, {"price_cents", std::int64_t{1}}});
    records_->insert("product", Record{{"sku", "Q-" + std::to_string(inserted++)},
                                       {"title", "late"}, {"price_cents", std::int64_t{1}}});
    const std::string link = response.header("Link");
    next.clear();
    if (!link.empty()) {
      ASSERT_EQ(link.front(), '<');
      ASSERT_NE(link.find(">; rel=\"next\""), std::string::npos) << link;
      next = link.substr(1, link.find('>') - 1);
    }
    ASSERT_LT(++pages, 100);
  }
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(seen.count("P-" + std::to_string(1000 + i)), 1u) << "gap at " << i;
  }
  // Rows inserted ahead of the cursor are reached (every Q- but the one inserted after the
  // last page), rows behind it never.
  for (int i = 0; i < inserted; ++i) {
    EXPECT_EQ(seen.count("Q-" + std::to_string(i)), i + 1 < inserted ? 1u : 0u) << i;
    EXPECT_EQ(seen.count("P-0" + std::to_string(i)), 0u) << i;
  }
  EXPECT_GE(pages, 8);
}

TEST_P(Api, ReplacesPatchesAndDeletesByKey) {
  const auto id = create_customer("bob@example.com", "Bob");
  const std::string path = "/api/customers/" + std::to_string(id);
  const auto patched = send(verb::patch, path, R"({"name":"Robert"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched).at("name"), "Robert");
  EXPECT_EQ(json_of(patched).at("email"), "bob@example.com");
  const auto replaced =
      send(verb::put, path, R"({"email":"rob@example.com","name":"Rob"})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(json_of(replaced).at("email"), "rob@example.com");
  EXPECT_EQ(json_of(get(path)).at("name"), "Rob");
  EXPECT_EQ(send(verb::delete_, path).status, 204);
  EXPECT_EQ(get(path).status, 404);
  EXPECT_EQ(send(verb::delete_, path).status, 404);
  EXPECT_EQ(send(verb::patch, path, R"({"name":"x"})").status, 404);
  EXPECT_EQ(send(verb::put, path, R"({"email":"x@y.z","name":"x"})").status, 404);
}

TEST_P(Api, ServesCompositeKeysAsPathSegments) {
  const auto created = post("/api/memberships",
                            {{"group_id", 7}, {"user_id", 3}, {"role", "admin"}, {"fee", "12.50"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("Location"), "/api/memberships/7/3");
  const auto read = get("/api/memberships/7/3");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json_of(read).at("fee"), "12.50");  // decimals as exact strings
  EXPECT_EQ(json_of(read).at("role"), "admin");
  EXPECT_EQ(get("/api/memberships/7/4").status, 404);
  EXPECT_EQ(get("/api/memberships/7").status, 404);  // not enough key segments
  const auto patched = send(verb::patch, "/api/memberships/7/3", R"({"role":"member"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched).at("role"), "member");
  EXPECT_EQ(send(verb::delete_, "/api/memberships/7/3").status, 204);
}

TEST_P(Api, WritesAndReadsEveryFieldTypeAsJson) {
  const json sample = every_type_sample();
  const auto created = post("/api/samples", sample);
  ASSERT_EQ(created.status, 201) << created.body;
  json row = json_of(get(created.header("Location")));
  row.erase("id");
  EXPECT_EQ(row, sample);
  const auto nulls = post("/api/samples", json::object());
  ASSERT_EQ(nulls.status, 201) << nulls.body;
  EXPECT_TRUE(json_of(nulls).at("blob").is_null());
  // Typed filters on the same fields.
  EXPECT_EQ(json_of(get("/api/samples?day=eq.2024-02-29&flag=eq.true")).size(), 1u);
  EXPECT_EQ(json_of(get("/api/samples?at=gt.2024-03-01T00:00:00Z")).size(), 1u);
  EXPECT_EQ(json_of(get("/api/samples?ratio=lt.1&small=eq.-12")).size(), 1u);
}

TEST_P(Api, ServesAnOpenApiDocumentOfEveryRoute) {
  const auto response = get("/api/openapi.json");
  ASSERT_EQ(response.status, 200);
  const json document = json_of(response);
  EXPECT_EQ(document.at("openapi"), "3.1.0");
  const json& paths = document.at("paths");
  EXPECT_TRUE(paths.contains("/api/customers"));
  EXPECT_TRUE(paths.contains("/api/customers/{id}"));
  EXPECT_TRUE(paths.contains("/api/memberships/{group_id}/{user_id}"));
  EXPECT_TRUE(paths.at("/api/orders").contains("post"));
  EXPECT_EQ(document.at("components").at("schemas").at("sample").at("properties").at("amount").at(
                "type"),
            json::array({"string", "null"}));
  EXPECT_EQ(document.dump(2), api_->openapi());
}

// Every kind of answer the suite sees (rows of every field type, pages, composite keys and the
// problems of 400, 404, 409 and 422) is an instance of the schema the OpenAPI document names
// for it, checked by JSON Schema 2020-12 (tests/api/validate_responses.py).
TEST_P(Api, EveryAnswerMatchesItsSchemaInTheDocument) {
  add_orders();
  json responses = json::array();
  const auto expect = [&](const ApiResponseRef& response, int status, const char* schema,
                          bool array) {
    EXPECT_EQ(response.status, status) << response.body;
    responses.push_back({{"schema", schema}, {"array", array}, {"body", json_of(response)}});
  };
  const auto sample = post("/api/samples", every_type_sample());
  expect(sample, 201, "sample", false);
  expect(post("/api/samples", json::object()), 201, "sample", false);
  expect(get(sample.header("Location")), 200, "sample", false);
  expect(get("/api/samples"), 200, "sample", true);
  expect(get("/api/orders?order=total_cents.desc&limit=3"), 200, "order", true);
  expect(get("/api/customers"), 200, "customer", true);
  expect(post("/api/memberships", {{"group_id", 1}, {"user_id", 2}, {"role", "admin"}, {"fee", "1.00"}}),
         201, "membership", false);
  expect(get("/api/memberships/1/2"), 200, "membership", false);
  expect(get("/api/orders?total_cents=gt.many"), 400, "Problem", false);
  expect(get("/api/customers/999999"), 404, "Problem", false);
  expect(post("/api/customers", {{"email", "ann@example.com"}, {"name", "Ann again"}}), 409,
         "Problem", false);
  expect(post("/api/customers", {{"email", "not an email"}, {"name", ""}}), 422, "Problem", false);

  const std::string stem = (std::filesystem::temp_directory_path() /
                            ("v5store_api_" + std::to_string(::getpid()))).string();
  std::ofstream(stem + "_document.json") << api_->openapi();
  std::ofstream(stem + "_responses.json") << responses.dump();
  const std::string command = std::string("/usr/bin/python3 ") + V5_SOURCE_DIR +
                              "/tests/api/validate_responses.py " + stem + "_document.json " +
                              stem + "_responses.json 2>&1";
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(::pclose(pipe), 0) << output;
  EXPECT_NE(output.find(std::to_string(responses.size()) + " responses checked, 0 failure(s)"),
            std::string::npos)
      << output;
  std::filesystem::remove(stem + "_document.json");
  std::filesystem::remove(stem + "_responses.json");
}

TEST_P(Api, CountsRequestsInTheMetrics) {
  create_customer("ann@example.com", "Ann");
  get("/api/customers/999999");
  const auto counters = metrics_.counter_values("v5store_http_requests_total");
  double created = 0;
  double missing = 0;
  for (const auto& [labels, value] : counters) {
    if (labels.at("route") == "/api/customers" && labels.at("status") == "201") created = value;
    if (labels.at("route") == "/api/customers/{key}" && labels.at("status") == "404") {
      missing = value;
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(missing, 1);
  EXPECT_NE(metrics_.render_prometheus().find("v5store_http_request_duration_seconds_bucket"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, Api, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
