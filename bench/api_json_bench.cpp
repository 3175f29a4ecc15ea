// The JSON library of the API's request path (issue 19), measured before picking one:
// nlohmann-json (picked) against RapidJSON on what one request does, parsing a POST body and
// writing a list page of 100 rows. The baseline (RapidJSON) runs beside it in this binary.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

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

}  // namespace
