// The JSON library of the API's request path (issue 19), measured before picking one:
// nlohmann-json against RapidJSON on what one request does, parsing a POST body and writing a
// list page of 100 rows. BM_ApiJsonWritePage_V5 is the API's own writer (RapidJSON, picked for
// responses: src/api/json_writer.cpp) on the same page as Records, timestamps formatted.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <string>
#include <vector>

#include "api/json_rows.hpp"
#include "v5store/record.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"

namespace {

const std::string kBody =
    R"({"customer_id":42,"status":"paid","total_cents":123456,"note":"Gift wrap, please",)"
    R"("placed_at":"2024-03-01T12:34:56.123456Z"})";

void BM_ApiJsonParseBody_Nlohmann(benchmark::State& state) {
  for (auto _ : state) {
    const nlohmann::json body = nlohmann::json::parse(kBody, nullptr, false);
    benchmark::DoNotOptimize(body.at("total_cents").get<std::int64_t>());
  }
}
BENCHMARK(BM_ApiJsonParseBody_Nlohmann);

void BM_ApiJsonParseBody_RapidJson(benchmark::State& state) {
  for (auto _ : state) {
    rapidjson::Document body;
    body.Parse(kBody.c_str(), kBody.size());
    benchmark::DoNotOptimize(body["total_cents"].GetInt64());
  }
}
BENCHMARK(BM_ApiJsonParseBody_RapidJson);

void BM_ApiJsonWritePage_Nlohmann(benchmark::State& state) {
  for (auto _ : state) {
    nlohmann::json page = nlohmann::json::array();
    for (int i = 0; i < 100; ++i) {
      page.push_back({{"id", i},
                      {"customer_id", 42},
                      {"status", "paid"},
                      {"total_cents", 1000 + i},
                      {"note", nullptr},
                      {"placed_at", "2024-03-01T12:34:56.123456Z"}});
    }
    benchmark::DoNotOptimize(page.dump());
  }
}
BENCHMARK(BM_ApiJsonWritePage_Nlohmann);

void BM_ApiJsonWritePage_RapidJson(benchmark::State& state) {
  for (auto _ : state) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartArray();
    for (int i = 0; i < 100; ++i) {
      writer.StartObject();
      writer.Key("id");
      writer.Int64(i);
      writer.Key("customer_id");
      writer.Int64(42);
      writer.Key("status");
      writer.String("paid");
      writer.Key("total_cents");
      writer.Int64(1000 + i);
      writer.Key("note");
      writer.Null();
      writer.Key("placed_at");
      writer.String("2024-03-01T12:34:56.123456Z");
      writer.EndObject();
    }
    writer.EndArray();
    benchmark::DoNotOptimize(std::string(buffer.GetString(), buffer.GetSize()));
  }
}
BENCHMARK(BM_ApiJsonWritePage_RapidJson);

constexpr const char* kOrderSpec = R"(
schema_version: 1
system: { name: json_bench, version: 1 }
databases:
  main: { backend: sqlite, dsn: "db=:memory:" }
entities:
  order:
    fields:
      id:          { type: int64, primary_key: true, generated: true }
      customer_id: { type: int64 }
      status:      { type: enum, values: [new, paid, shipped, cancelled] }
      total_cents: { type: int64, min: 0 }
      note:        { type: text, nullable: true }
      placed_at:   { type: timestamp }
components:
  - { name: orders, type: store, entity: order, database: main }
)";

void BM_ApiJsonWritePage_V5(benchmark::State& state) {
  const v5store::SystemSpec spec = v5store::parse_spec_string(kOrderSpec, "bench");
  const v5store::SchemaRegistry registry(spec);
  const v5store::EntitySchema& order = registry.entity("order");
  const v5store::Timestamp placed_at{std::chrono::sys_days{std::chrono::year{2024} /
                                                           std::chrono::March / 1} +
                                     std::chrono::microseconds{45296123456}};
  std::vector<v5store::Record> rows;
  for (int i = 0; i < 100; ++i) {
    rows.push_back({{"id", std::int64_t{i}},
                    {"customer_id", std::int64_t{42}},
                    {"status", std::string("paid")},
                    {"total_cents", std::int64_t{1000 + i}},
                    {"note", v5store::Value()},
                    {"placed_at", placed_at}});
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(v5store::detail::rows_json(order, rows, {}));
  }
}
BENCHMARK(BM_ApiJsonWritePage_V5);

}  // namespace
