// libFuzzer target: raw bytes through the API server's request parsing (Beast, with the API's
// default limits) and its router (ApiRouter::handle: routes, keys, the PostgREST query string,
// JSON bodies, the schema registry's checks) over a real SQLite database, as one connection
// would see them. A request may create, change or delete rows: the database is the fuzzer's
// own, in a file under the temporary directory.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "api/router.hpp"
#include "http_request_input.hpp"
#include "v5store/migrator.hpp"
#include "v5store/store.hpp"

namespace {

// An entity with a field of each kind the query string and the JSON body convert, and a
// composite-key entity, as the generated service would expose them.
const char* const spec_text = R"(schema_version: 1
system: { name: fuzz }
databases:
  main: { backend: sqlite, dsn: "db=DBFILE", pool: { max_size: 1, min_idle: 1 } }
entities:
  item:
    fields:
      id:     { type: int64, primary_key: true, generated: true }
      code:   { type: string, max_length: 16, pattern: "^[A-Z]{2}[0-9]{2,6}$", unique: true }
      status: { type: enum, values: [new, paid, shipped] }
      price:  { type: decimal, precision: 10, scale: 2, min: 0 }
      qty:    { type: int32, min: 0, max: 1000 }
      ratio:  { type: float64, nullable: true }
      flag:   { type: bool, nullable: true }
      day:    { type: date, nullable: true }
      at:     { type: timestamp, nullable: true }
      ref:    { type: uuid, nullable: true }
      blob:   { type: bytes, nullable: true }
      doc:    { type: json, nullable: true }
  seat:
    fields:
      hall: { type: int32, primary_key: true }
      num:  { type: int32, primary_key: true }
      name: { type: string, max_length: 40 }
components:
  - { name: items, type: store, entity: item, database: main }
  - { name: seats, type: store, entity: seat, database: main }
)";

struct Served {
  std::unique_ptr<v5store::V5EnhancedStore> store;
  std::unique_ptr<v5store::detail::ApiRouter> router;
};

Served& served() {
  static Served instance = [] {
    const std::string db = (std::filesystem::temp_directory_path() /
                            ("v5store_api_fuzz_" + std::to_string(::getpid()) + ".db"))
                               .string();
    std::filesystem::remove(db);
    std::string text = spec_text;
    text.replace(text.find("DBFILE"), 6, db);
    v5store::StoreOptions quiet;
    quiet.monitoring = false;
    quiet.endpoint = v5store::MonitoringEndpoint::off;
    quiet.api = v5store::MonitoringEndpoint::off;
    Served s;
    s.store = std::make_unique<v5store::V5EnhancedStore>(
        v5store::parse_spec_string(text, "fuzz.yaml"), quiet);
    s.store->migrator().up();
    v5store::ApiServerOptions options;
    v5store::Records* records = &s.store->records();
    s.router = std::make_unique<v5store::detail::ApiRouter>(
        options,
        std::vector<v5store::ApiStore>{{"items", "item", records}, {"seats", "seat", records}},
        &s.store->metrics());
    return s;
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const v5store::ApiServerOptions defaults;
  const auto request =
      v5fuzz::parse_request(data, size, defaults.max_header_bytes, defaults.max_body_bytes);
  if (request) {
    const auto response = served().router->handle(*request);
    (void)response;
  }
  return 0;
}
