// A fixture for the API tests on one backend: the records fixture's shop (plus a composite
// key entity and a `sample` entity with a field of every type) served by an ApiServer on a
// free port, with helpers that send requests through a real HTTP client.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api_client.hpp"
#include "records_fixture.hpp"
#include "v5store/api_server.hpp"

namespace v5test {

class ApiFixture : public RecordsFixture {
 protected:
  void add_entities(std::vector<v5store::EntitySpec>& entities) override {
    v5store::EntitySpec sample;
    sample.name = "sample";
    const auto add = [&](const char* name, v5store::FieldType type, bool nullable) {
      v5store::FieldSpec field;
      field.name = name;
      field.type = type;
      field.nullable = nullable;
      sample.fields.push_back(field);
      return &sample.fields.back();
    };
    v5store::FieldSpec* id = add("id", v5store::FieldType::int64, false);
    id->primary_key = true;
    id->generated = true;
    add("flag", v5store::FieldType::boolean, true);
    add("small", v5store::FieldType::int32, true);
    add("ratio", v5store::FieldType::float64, true);
    v5store::FieldSpec* amount = add("amount", v5store::FieldType::decimal, true);
    amount->precision = 12;
    amount->scale = 2;
    add("blob", v5store::FieldType::bytes, true);
    add("day", v5store::FieldType::date, true);
    add("at", v5store::FieldType::timestamp, true);
    add("ref", v5store::FieldType::uuid, true);
    add("doc", v5store::FieldType::json, true);
    entities.push_back(sample);
  }

  void SetUp() override {
    RecordsFixture::SetUp();
    if (HasFatalFailure()) return;
    start_api({});
  }

  void TearDown() override {
    api_.reset();
    RecordsFixture::TearDown();
  }

  // (Re)starts the API with `token` (empty: no auth).
  void start_api(const std::string& token, std::size_t max_body_bytes = 1 << 20) {
    api_.reset();
    v5store::ApiServerOptions options;
    options.listen = "127.0.0.1:0";
    options.bearer_token = token;
    options.max_body_bytes = max_body_bytes;
    options.threads = 2;
    api_ = std::make_unique<v5store::ApiServer>(
        options,
        std::vector<v5store::ApiStore>{{"customers", "customer", records_.get()},
                                       {"products", "product", records_.get()},
                                       {"orders", "order", records_.get()},
                                       {"memberships", "membership", records_.get()},
                                       {"samples", "sample", records_.get()}},
        &metrics_);
    api_->start();
  }

  ApiResponse send(boost::beast::http::verb method, const std::string& target,
                   const std::string& body = {},
                   const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return api_request(api_->port(), method, target, body, headers);
  }
  ApiResponse get(const std::string& target) { return send(boost::beast::http::verb::get, target); }
  ApiResponse post(const std::string& target, const nlohmann::json& body) {
    return send(boost::beast::http::verb::post, target, body.dump());
  }

  // The JSON body of a response (fails the test when it does not parse).
  static nlohmann::json json_of(const ApiResponse& response) {
    nlohmann::json parsed = nlohmann::json::parse(response.body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << response.body;
    return parsed;
  }

  // A customer created through the API; returns its id.
  std::int64_t create_customer(const std::string& email, const std::string& name) {
    const ApiResponse created = post("/api/customers", {{"email", email}, {"name", name}});
    EXPECT_EQ(created.status, 201) << created.body;
    return json_of(created).value("id", std::int64_t{0});
  }

  std::unique_ptr<v5store::ApiServer> api_;
};

}  // namespace v5test
