// quickstart: the tour of v5store in one program. It opens the database of a system spec
// (examples/specs/shop.yaml: SQLite by default), brings the schema up to date with the
// migrator, then does a round trip through the record API (insert, get, update in a
// transaction, find, count, a rejected write) and prints what it did at every step.
//
// Usage: quickstart SPEC        (the DSN comes from the spec; shop.yaml reads $SHOP_DB)
#include <cstdint>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>

#include <v5store/v5store.hpp>

namespace {

// Prints one record as "field=value, ...".
std::string describe(const v5store::Record& record) {
  std::string out;
  for (const auto& entry : record) {
    if (!out.empty()) out += ", ";
    out += entry.field + "=" + v5store::to_display_string(entry.value);
  }
  return out;
}

// Creates or updates the schema of `database`; prints the plan and what was applied.
void migrate(const v5store::SystemSpec& spec, const std::string& database) {
  v5store::Migrator migrator(spec, database);
  const v5store::MigrationPlan plan = migrator.plan();
  if (plan.empty()) {
    std::printf("schema: up to date, nothing to apply\n");
    return;
  }
  std::printf("schema: %zu step(s) planned\n", plan.step_count());
  for (const auto& migration : plan.migrations) {
    for (const auto& step : migration.steps) {
      std::printf("  [%s] %s\n", std::string(v5store::to_string(step.safety)).c_str(),
                  step.description.c_str());
    }
  }
  const v5store::MigrationResult result = migrator.up();
  std::printf("schema: applied version %s, %zu step(s) in %lld ms\n",
              result.applied.empty() ? "-" : result.applied.back().c_str(), result.steps,
              static_cast<long long>(result.elapsed.count()));
}

// The round trip: every call goes through the schema registry's validation first.
void round_trip(v5store::V5EnhancedStore& store, v5store::Records& records) {
  using v5store::Record;
  const v5store::Key customer = records.insert(
      "customer", Record{{"email", std::string("ada@example.com")},
                         {"name", std::string("Ada Lovelace")}});
  std::printf("insert customer -> id %s\n", customer.to_string().c_str());
  records.insert("product", Record{{"sku", std::string("BOOK-1")},
                                   {"title", std::string("Notes on the Analytical Engine")},
                                   {"price_cents", std::int64_t{1999}}});
  std::printf("insert product  -> sku BOOK-1\n");

  // An order and its line, atomically; transact() retries serialization failures.
  const v5store::Key order = store.transact([&](v5store::Transaction& tx) {
    v5store::RecordSession session = records.on(tx);
    v5store::Key id = session.insert(
        "order", Record{{"customer_id", customer[0]}, {"total_cents", std::int64_t{3998}}});
    session.insert("order_line", Record{{"order_id", id[0]},
                                        {"sku", std::string("BOOK-1")},
                                        {"quantity", std::int64_t{2}}});
    return id;
  });
  std::printf("transaction: order %s with 1 line committed\n", order.to_string().c_str());

  std::optional<Record> loaded = records.get("order", order);
  if (!loaded) throw v5store::Error(v5store::ErrorCode::not_found, "the order just written");
  std::printf("get order %s   -> %s\n", order.to_string().c_str(), describe(*loaded).c_str());

  loaded->set("status", std::string("paid"));
  records.update("order", *loaded);
  std::printf("update order %s -> status=%s\n", order.to_string().c_str(),
              v5store::to_display_string(records.get("order", order)->at("status")).c_str());

  const auto orders = records.find("order", Record{{"customer_id", customer[0]}});
  std::printf("find orders of customer %s -> %zu row(s)\n", customer.to_string().c_str(),
              orders.size());
  std::printf("count order lines -> %lld\n",
              static_cast<long long>(records.count("order_line")));

  // A write the schema forbids never reaches the database.
  try {
    records.insert("customer", Record{{"email", std::string("not-an-email")},
                                      {"name", std::string("Nobody")}});
    std::printf("invalid customer: accepted (unexpected)\n");
    throw v5store::Error(v5store::ErrorCode::unknown, "an invalid email was accepted");
  } catch (const v5store::Error& e) {
    if (e.code() != v5store::ErrorCode::validation) throw;
    std::printf("insert invalid customer -> rejected: %s\n", e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SPEC\n", argv[0]);
    return 2;
  }
  try {
    v5store::SystemSpec spec = v5store::parse_spec_file(argv[1]);
    const v5store::DatabaseSpec& db = spec.databases.front();
    std::printf("v5store %s: system %s version %d, %zu entities, database %s on %s (%s)\n",
                v5store::version_string(), spec.name.c_str(), spec.version,
                spec.entities.size(), db.name.c_str(),
                std::string(v5store::to_string(db.backend)).c_str(),
                v5store::redact_dsn(db.dsn).c_str());

    migrate(spec, db.name);

    v5store::V5EnhancedStore store(spec);
    v5store::SchemaRegistry registry(store.spec());
    v5store::RecordsOptions options;
    options.database = db.name;
    options.metrics = &store.metrics();
    options.components = store.spec().components;
    v5store::Records records(registry, store.pool(db.name), options);
    round_trip(store, records);

    migrate(spec, db.name);  // a second run finds nothing to do: no drift

    // The metrics the round trip produced, in the Prometheus text format.
    std::istringstream metrics(store.metrics().render_prometheus());
    std::printf("metrics:\n");
    for (std::string line; std::getline(metrics, line);) {
      if (line.rfind("v5store_queries_total", 0) == 0) std::printf("  %s\n", line.c_str());
    }
    std::printf("done\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "quickstart: error: %s\n", e.what());
    return 1;
  }
}
