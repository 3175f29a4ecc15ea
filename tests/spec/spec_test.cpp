// Unit tests of the spec parser: the example specs parse into the expected model.
#include "v5store/spec.hpp"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "env_guard.hpp"

namespace {

namespace fs = std::filesystem;
using v5store::BackendKind;
using v5store::FieldType;

const fs::path kExamples = V5_EXAMPLES_DIR;

// A directory of its own under the temp directory, removed at the end of the test.
class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("spec_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }

  // Writes `text` to `name` in the directory and returns its path.
  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(SpecParser, ParsesShopExample) {
  const v5test::EnvGuard shop_db("SHOP_DB", std::nullopt);
  const v5store::SystemSpec spec = v5store::parse_spec_file(kExamples / "shop.yaml");

  EXPECT_EQ(spec.schema_version, 1);
  EXPECT_EQ(spec.name, "shop");
  EXPECT_EQ(spec.version, 1);
  EXPECT_EQ(spec.description, "Customers place orders of products; each order has lines.");
  EXPECT_EQ(spec.source_file, kExamples / "shop.yaml");

  ASSERT_EQ(spec.databases.size(), 1u);
  const v5store::DatabaseSpec& main = spec.databases[0];
  EXPECT_EQ(main.name, "main");
  EXPECT_EQ(main.backend, BackendKind::sqlite);
  EXPECT_EQ(main.dsn_template, "${SHOP_DB:-shop.db}");
  EXPECT_EQ(main.dsn, "shop.db");
  EXPECT_EQ(main.pool.max_size, 4);
  EXPECT_EQ(main.pool.min_idle, 1);
  EXPECT_EQ(main.pool.acquire_timeout_ms, 2000);
  EXPECT_EQ(main.pool.idle_timeout_s, v5store::PoolOptions{}.idle_timeout_s);
  EXPECT_EQ(main.pool.max_lifetime_s, v5store::PoolOptions{}.max_lifetime_s);
  EXPECT_EQ(main.location.file, (kExamples / "shop.yaml").string());
  EXPECT_EQ(main.location.line, 8);
  EXPECT_EQ(main.location.column, 3);

  ASSERT_EQ(spec.entities.size(), 4u);
  EXPECT_EQ(spec.entities[0].name, "customer");
  EXPECT_EQ(spec.entities[1].name, "product");
  EXPECT_EQ(spec.entities[2].name, "order");
  EXPECT_EQ(spec.entities[3].name, "order_line");

  const v5store::EntitySpec* customer = spec.find_entity("customer");
  ASSERT_NE(customer, nullptr);
  EXPECT_EQ(customer->table, "customers");
  ASSERT_EQ(customer->fields.size(), 4u);
  EXPECT_EQ(customer->fields[0].name, "id");
  EXPECT_EQ(customer->fields[3].name, "created_at");
  const v5store::FieldSpec* email = customer->find_field("email");
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->type, FieldType::string);
  EXPECT_EQ(email->max_length, 254);
  EXPECT_TRUE(email->unique);
  EXPECT_FALSE(email->nullable);
  EXPECT_EQ(email->pattern, "^[^@\\s]+@[^@\\s]+$");
  EXPECT_EQ(email->location.line, 17);
  EXPECT_EQ(email->location.column, 7);
  const v5store::FieldSpec* id = customer->find_field("id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->type, FieldType::int64);
  EXPECT_TRUE(id->primary_key);
  EXPECT_TRUE(id->generated);
  EXPECT_EQ(customer->find_field("created_at")->default_value, "now");
  ASSERT_EQ(customer->primary_key().size(), 1u);
  EXPECT_EQ(customer->primary_key()[0]->name, "id");
  EXPECT_EQ(customer->find_field("missing"), nullptr);

  const v5store::EntitySpec* product = spec.find_entity("product");
  ASSERT_NE(product, nullptr);
  EXPECT_EQ(product->table, "product");
  EXPECT_EQ(product->primary_key()[0]->name, "sku");
  EXPECT_EQ(product->find_field("price_cents")->min, 0.0);
  EXPECT_FALSE(product->find_field("price_cents")->max.has_value());
  EXPECT_EQ(product->find_field("in_stock")->type, FieldType::boolean);
  EXPECT_EQ(product->find_field("in_stock")->default_value, "true");

  const v5store::EntitySpec* order = spec.find_entity("order");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->table, "orders");
  const v5store::FieldSpec* customer_id = order->find_field("customer_id");
  EXPECT_EQ(customer_id->references_entity, "customer");
  EXPECT_EQ(customer_id->references_field, "id");
  EXPECT_EQ(customer_id->on_delete, v5store::OnDelete::cascade);
  const v5store::FieldSpec* status = order->find_field("status");
  EXPECT_EQ(status->type, FieldType::enumeration);
  EXPECT_EQ(status->values, (std::vector<std::string>{"new", "paid", "shipped", "cancelled"}));
  EXPECT_EQ(status->default_value, "new");
  EXPECT_TRUE(order->find_field("note")->nullable);
  EXPECT_EQ(order->find_field("note")->type, FieldType::text);
  EXPECT_FALSE(order->find_field("total_cents")->default_value.has_value());
  ASSERT_EQ(order->indexes.size(), 1u);
  EXPECT_EQ(order->indexes[0].name, "ix_orders_customer_id_status");
  EXPECT_EQ(order->indexes[0].fields, (std::vector<std::string>{"customer_id", "status"}));
  EXPECT_FALSE(order->indexes[0].unique);

  const v5store::EntitySpec* line = spec.find_entity("order_line");
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->find_field("sku")->on_delete, v5store::OnDelete::restrict);
  EXPECT_EQ(line->find_field("quantity")->type, FieldType::int32);
  EXPECT_EQ(line->find_field("quantity")->min, 1.0);
  EXPECT_EQ(line->find_field("quantity")->max, 1000.0);
  ASSERT_EQ(line->indexes.size(), 2u);
  EXPECT_EQ(line->indexes[0].name, "ix_order_line_order_id");
  EXPECT_EQ(line->indexes[1].name, "ix_order_line_sku");

  ASSERT_EQ(spec.components.size(), 4u);
  const v5store::ComponentSpec* customers = spec.find_component("customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customers->type, "store");
  EXPECT_EQ(customers->entity, "customer");
  EXPECT_EQ(customers->database, "main");
  EXPECT_EQ(customers->cache.max_entries, 10000u);
  EXPECT_EQ(customers->cache.ttl_s, 30);
  const v5store::ComponentSpec* orders = spec.find_component("orders");
  EXPECT_EQ(orders->transactions.isolation, v5store::IsolationLevel::read_committed);
  EXPECT_EQ(orders->transactions.max_retries, 3);
  EXPECT_EQ(spec.find_component("order_lines")->cache.max_entries, 0u);
  EXPECT_EQ(spec.find_component("nope"), nullptr);

  EXPECT_EQ(spec.monitoring.listen, "127.0.0.1:9464");
  EXPECT_EQ(spec.monitoring.health_interval_ms, 1000);
  EXPECT_TRUE(spec.monitoring.enabled);
  EXPECT_EQ(spec.migrations.mode, v5store::MigrationMode::declarative);
  EXPECT_EQ(spec.migrations.dir, (kExamples / "migrations").lexically_normal().string());
  EXPECT_EQ(spec.find_database("main"), &spec.databases[0]);
  EXPECT_EQ(spec.find_database("other"), nullptr);
}

TEST(SpecParser, ExpandsDsnFromEnvironment) {
  const v5test::EnvGuard shop_db("SHOP_DB", "/var/lib/shop/live.db");
  const v5store::SystemSpec spec = v5store::parse_spec_file(kExamples / "shop.yaml");
  EXPECT_EQ(spec.databases[0].dsn, "/var/lib/shop/live.db");
  EXPECT_EQ(spec.databases[0].dsn_template, "${SHOP_DB:-shop.db}");
}

TEST(SpecParser, ParsesLedgerExample) {
  const v5test::EnvGuard dsn("V5_LEDGER_PG",
                             "host=127.0.0.1 dbname=ledger user=app password='a b'");
  const v5store::SystemSpec spec = v5store::parse_spec_file(kExamples / "ledger_pg.yaml");

  EXPECT_EQ(spec.name, "ledger");
  EXPECT_EQ(spec.version, 2);
  const v5store::DatabaseSpec* primary = spec.find_database("primary");
  ASSERT_NE(primary, nullptr);
  EXPECT_EQ(primary->backend, BackendKind::postgresql);
  EXPECT_EQ(primary->dsn_template, "${V5_LEDGER_PG}");
  EXPECT_EQ(primary->dsn, "host=127.0.0.1 dbname=ledger user=app password='a b'");
  EXPECT_EQ(primary->pool.max_size, 8);
  EXPECT_EQ(primary->pool.min_idle, 2);
  EXPECT_EQ(primary->pool.acquire_timeout_ms, 1000);
  EXPECT_EQ(primary->pool.keepalive_s, 60);
  EXPECT_EQ(primary->pool.validation_timeout_ms, 1000);

  const v5store::EntitySpec* account = spec.find_entity("account");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->table, "account");
  EXPECT_EQ(account->find_field("currency")->min_length, 3);
  EXPECT_EQ(account->find_field("currency")->max_length, 3);
  EXPECT_EQ(account->find_field("currency")->pattern, "^[A-Z]{3}$");
  EXPECT_EQ(account->find_field("opened_on")->type, FieldType::date);

  const v5store::EntitySpec* transfer = spec.find_entity("transfer");
  ASSERT_NE(transfer, nullptr);
  EXPECT_EQ(transfer->find_field("id")->type, FieldType::uuid);
  EXPECT_FALSE(transfer->find_field("id")->generated);
  EXPECT_EQ(transfer->find_field("from_account")->references_entity, "account");
  EXPECT_EQ(transfer->find_field("to_account")->on_delete, v5store::OnDelete::restrict);
  EXPECT_EQ(transfer->find_field("amount_cents")->min, 1.0);
  EXPECT_TRUE(transfer->find_field("memo")->nullable);
  EXPECT_EQ(transfer->find_field("at")->default_value, "now");
  ASSERT_EQ(transfer->indexes.size(), 2u);
  EXPECT_EQ(transfer->indexes[1].name, "ix_transfer_to_account");

  const v5store::ComponentSpec* accounts = spec.find_component("accounts");
  ASSERT_NE(accounts, nullptr);
  EXPECT_EQ(accounts->transactions.isolation, v5store::IsolationLevel::serializable);
  EXPECT_EQ(accounts->transactions.max_retries, 5);
  EXPECT_EQ(spec.find_component("transfers")->transactions.max_retries, 3);
  EXPECT_EQ(spec.monitoring.listen, "127.0.0.1:9465");
  EXPECT_EQ(spec.monitoring.health_interval_ms, 500);
}

TEST(SpecParser, ParsesEveryOptionalKey) {
  const v5test::EnvGuard token("V5_SPEC_TEST_TOKEN", "tok");
  const v5store::SystemSpec spec = v5store::parse_spec_string(R"(
schema_version: 1
system: { name: full, version: 7, description: "all keys" }
databases:
  main:
    backend: mysql
    dsn: "db=x user=u password=$$ecret"
    pool: { max_size: 20, min_idle: 0, acquire_timeout_ms: 50, idle_timeout_s: 60,
            max_lifetime_s: 120, keepalive_s: 30, validation_timeout_ms: 250,
            leak_detection_ms: 5000 }
entities:
  invoice:
    description: "an invoice"
    fields:
      id:     { type: int64, primary_key: true, description: "key" }
      line:   { type: int32, primary_key: true }
      amount: { type: decimal, precision: 12, scale: 2, default: "0.00" }
      paid:   { type: bool, default: False }
      ratio:  { type: float64, min: -1.5, max: 2.5e3, default: 0.25 }
      state:  { type: enum, values: [open, closed], default: "true" }
      doc:    { type: json, nullable: true }
      blob:   { type: bytes, nullable: true }
      owner:  { type: int64, references: account.id, on_delete: set_null, nullable: true }
      other:  { type: int64, references: account.id, on_delete: no_action }
    indexes:
      - { name: invoice_by_owner, fields: [owner], unique: true }
components:
  - name: invoices
    type: store
    entity: invoice
    database: main
    cache: { max_entries: 5, ttl_s: 9 }
    transactions: { isolation: repeatable_read, max_retries: 0, read_only: true }
monitoring:
  listen: "0.0.0.0:9000"
  health_interval_ms: 250
  enabled: false
  bearer_token: "${V5_SPEC_TEST_TOKEN}"
  categories:
    pool: { interval_ms: 500, timeout_ms: 100, warning: 0.8, critical: 0.95, critical_category: true }
    replication: { warning: 10 }
migrations: { mode: versioned, dir: db/migrations }
)",
                                                              "full.yaml");
  EXPECT_EQ(spec.name, "full");
  EXPECT_EQ(spec.version, 7);
  EXPECT_TRUE(spec.source_file.empty());
  const v5store::DatabaseSpec& db = spec.databases.at(0);
  EXPECT_EQ(db.backend, BackendKind::mysql);
  EXPECT_EQ(db.dsn, "db=x user=u password=$ecret");
  EXPECT_EQ(db.pool.max_size, 20);
  EXPECT_EQ(db.pool.min_idle, 0);
  EXPECT_EQ(db.pool.acquire_timeout_ms, 50);
  EXPECT_EQ(db.pool.idle_timeout_s, 60);
  EXPECT_EQ(db.pool.max_lifetime_s, 120);
  EXPECT_EQ(db.pool.keepalive_s, 30);
  EXPECT_EQ(db.pool.validation_timeout_ms, 250);
  EXPECT_EQ(db.pool.leak_detection_ms, 5000);

  const v5store::EntitySpec& invoice = spec.entities.at(0);
  EXPECT_EQ(invoice.description, "an invoice");
  ASSERT_EQ(invoice.primary_key().size(), 2u);
  EXPECT_EQ(invoice.primary_key()[1]->name, "line");
  EXPECT_EQ(invoice.find_field("id")->description, "key");
  const v5store::FieldSpec* amount = invoice.find_field("amount");
  EXPECT_EQ(amount->type, FieldType::decimal);
  EXPECT_EQ(amount->precision, 12);
  EXPECT_EQ(amount->scale, 2);
  EXPECT_EQ(amount->default_value, "0.00");
  EXPECT_EQ(invoice.find_field("paid")->default_value, "false");
  EXPECT_EQ(invoice.find_field("ratio")->min, -1.5);
  EXPECT_EQ(invoice.find_field("ratio")->max, 2500.0);
  EXPECT_EQ(invoice.find_field("ratio")->default_value, "0.25");
  EXPECT_EQ(invoice.find_field("state")->default_value, "true");
  EXPECT_EQ(invoice.find_field("doc")->type, FieldType::json);
  EXPECT_EQ(invoice.find_field("blob")->type, FieldType::bytes);
  EXPECT_EQ(invoice.find_field("owner")->on_delete, v5store::OnDelete::set_null);
  EXPECT_EQ(invoice.find_field("other")->on_delete, v5store::OnDelete::no_action);
  EXPECT_EQ(invoice.indexes.at(0).name, "invoice_by_owner");
  EXPECT_TRUE(invoice.indexes.at(0).unique);

  const v5store::ComponentSpec& invoices = spec.components.at(0);
  EXPECT_EQ(invoices.cache.max_entries, 5u);
  EXPECT_EQ(invoices.cache.ttl_s, 9);
  EXPECT_EQ(invoices.transactions.isolation, v5store::IsolationLevel::repeatable_read);
  EXPECT_EQ(invoices.transactions.max_retries, 0);
  EXPECT_TRUE(invoices.transactions.read_only);
  EXPECT_EQ(invoices.location.line, 28);
  EXPECT_EQ(invoices.location.column, 5);

  EXPECT_EQ(spec.monitoring.listen, "0.0.0.0:9000");
  EXPECT_EQ(spec.monitoring.health_interval_ms, 250);
  EXPECT_FALSE(spec.monitoring.enabled);
  EXPECT_EQ(spec.monitoring.bearer_token, "tok");
  ASSERT_EQ(spec.monitoring.categories.size(), 2u);
  const v5store::HealthCategoryOptions& pool = spec.monitoring.categories.at("pool");
  EXPECT_EQ(pool.interval_ms, 500);
  EXPECT_EQ(pool.timeout_ms, 100);
  EXPECT_EQ(pool.warning, 0.8);
  EXPECT_EQ(pool.critical, 0.95);
  EXPECT_TRUE(pool.critical_category);
  const v5store::HealthCategoryOptions& replication = spec.monitoring.categories.at("replication");
  EXPECT_EQ(replication.warning, 10.0);
  EXPECT_EQ(replication.timeout_ms, v5store::HealthCategoryOptions{}.timeout_ms);
  EXPECT_FALSE(replication.critical_category);
  EXPECT_EQ(spec.migrations.mode, v5store::MigrationMode::versioned);
  EXPECT_EQ(spec.migrations.dir, "db/migrations");
}

TEST(SpecParser, DefaultsWhenSectionsAreAbsent) {
  const v5store::SystemSpec spec =
      v5store::parse_spec_string("system: { name: tiny }\n", "tiny.yaml");
  EXPECT_EQ(spec.name, "tiny");
  EXPECT_EQ(spec.schema_version, 1);
  EXPECT_EQ(spec.version, 1);
  EXPECT_TRUE(spec.databases.empty());
  EXPECT_TRUE(spec.entities.empty());
  EXPECT_EQ(spec.monitoring.listen, v5store::MonitoringSpec{}.listen);
  EXPECT_EQ(spec.migrations.mode, v5store::MigrationMode::declarative);
  EXPECT_EQ(spec.migrations.dir, "migrations");
}

TEST(SpecParser, ResolvesMigrationsDirAgainstTheSpecFile) {
  const TempDir dir;
  const fs::path file =
      dir.write("app.yaml", "system: { name: app }\nmigrations: { mode: versioned, dir: sql }\n");
  const v5store::SystemSpec spec = v5store::parse_spec_file(file);
  EXPECT_EQ(spec.migrations.dir, (fs::absolute(dir.path()) / "sql").lexically_normal().string());

  const fs::path absolute =
      dir.write("abs.yaml", "migrations: { mode: versioned, dir: /srv/migrations }\n");
  EXPECT_EQ(v5store::parse_spec_file(absolute).migrations.dir, "/srv/migrations");
}

TEST(SourceLocation, FormatsWhatIsKnown) {
  EXPECT_EQ((v5store::SourceLocation{"a.yaml", 3, 7}.to_string()), "a.yaml:3:7");
  EXPECT_EQ((v5store::SourceLocation{"a.yaml", 3, 0}.to_string()), "a.yaml:3");
  EXPECT_EQ((v5store::SourceLocation{"a.yaml", 0, 0}.to_string()), "a.yaml");
}

}  // namespace
