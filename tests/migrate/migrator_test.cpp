// The migrator on every backend, each test in its own fresh database: declarative up / plan /
// drift, destructive refusal, failure handling per backend, versioned mode.
#include "v5store/migrator.hpp"

#include <gtest/gtest.h>

#include "fresh_database.hpp"
#include "v5store/error.hpp"
#include "v5store/introspection.hpp"

namespace {

using v5store::BackendKind;
using v5store::Migrator;
using v5store::StepSafety;

class MigratorTest : public testing::TestWithParam<BackendKind> {
 protected:
  v5store::SystemSpec spec(const v5test::FreshDatabase& db, const std::string& yaml,
                           const std::string& migrations = {}) {
    return v5store::parse_spec_string(v5test::spec_for(db, yaml, migrations));
  }

  int count(const v5test::FreshDatabase& db, const std::string& sql) {
    auto session = db.open();
    int n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  std::vector<std::string> descriptions(const v5store::MigrationPlan& plan) {
    std::vector<std::string> out;
    for (const auto& migration : plan.migrations) {
      for (const auto& step : migration.steps) out.push_back(step.description);
    }
    return out;
  }
};

TEST_P(MigratorTest, UpFromEmptyThenUpIsANoOpAndThereIsNoDrift) {
  v5test::FreshDatabase db(GetParam(), "up");
  ASSERT_FALSE(db.dsn().empty());
  const auto shop = spec(db, v5test::shop_yaml());
  Migrator migrator(shop, "");
  const v5store::MigrationPlan plan = migrator.plan();
  EXPECT_EQ(descriptions(plan),
            (std::vector<std::string>{"create table customers", "create table product",
                                      "create table orders", "create table order_line"}));
  const auto first = migrator.up();
  EXPECT_EQ(first.applied, std::vector<std::string>{"1"});
  const auto second = migrator.up();
  EXPECT_TRUE(second.applied.empty());
  EXPECT_TRUE(migrator.plan().empty());
  const v5store::DriftReport drift = migrator.drift();
  for (const auto& d : drift.differences) ADD_FAILURE() << d.to_string();
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM v5_schema_history"), 1);
  const auto status = migrator.status();
  EXPECT_EQ(status.current_version, "1");
  ASSERT_EQ(status.history.size(), 1u);
  EXPECT_TRUE(status.history[0].success);
  EXPECT_EQ(status.history[0].type, "DECLARATIVE");
  EXPECT_TRUE(status.blockers.empty());
}

TEST_P(MigratorTest, EvolvedSpecPlansExactlyTheNewStepsAndEndsWithoutDrift) {
  v5test::FreshDatabase db(GetParam(), "evolve");
  ASSERT_FALSE(db.dsn().empty());
  Migrator(spec(db, v5test::shop_yaml()), "").up();
  {
    auto session = db.open();
    *session << "INSERT INTO product (sku, title, price_cents) VALUES ('A1', 'Apple', 120)";
  }
  Migrator evolved(spec(db, v5test::evolved_shop_yaml()), "");
  const v5store::MigrationPlan plan = evolved.plan();
  EXPECT_EQ(descriptions(plan),
            (std::vector<std::string>{"create table review", "add column customers.phone",
                                      "add column product.currency",
                                      "create index ix_orders_placed_at on orders"}));
  for (const auto& migration : plan.migrations) {
    EXPECT_EQ(migration.version, "2");
    for (const auto& step : migration.steps) EXPECT_EQ(step.safety, StepSafety::safe) << step.description;
  }
  evolved.up();
  for (const auto& d : evolved.drift().differences) ADD_FAILURE() << d.to_string();
  EXPECT_TRUE(evolved.plan().empty());
  auto session = db.open();
  std::string currency;
  *session << "SELECT currency FROM product WHERE sku = 'A1'", soci::into(currency);
  EXPECT_EQ(currency, "EUR");
}

TEST_P(MigratorTest, DroppedFieldIsDestructiveAndRefusedUnlessAllowed) {
  v5test::FreshDatabase db(GetParam(), "drop");
  ASSERT_FALSE(db.dsn().empty());
  Migrator(spec(db, v5test::shop_yaml()), "").up();
  const auto dropped = spec(db, v5test::shop_without_note_yaml());
  Migrator refused(dropped, "");
  const v5store::MigrationPlan plan = refused.plan();
  ASSERT_EQ(plan.step_count(), 1u);
  EXPECT_EQ(plan.migrations[0].steps[0].safety, StepSafety::destructive);
  EXPECT_NE(plan.migrations[0].steps[0].description.find("note"), std::string::npos);
  try {
    refused.up();
    FAIL() << "up ran a destructive step without allow_destructive";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::migration);
  }
  auto session = db.open();
  EXPECT_NE(v5store::introspect(*session, GetParam()).find_table("orders")->find_column("note"),
            nullptr);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM v5_schema_history"), 1);

  v5store::MigratorOptions allow;
  allow.allow_destructive = true;
  Migrator allowed(dropped, "", allow);
  allowed.up();
  EXPECT_TRUE(allowed.drift().clean());
  EXPECT_EQ(v5store::introspect(*session, GetParam()).find_table("orders")->find_column("note"),
            nullptr);
}

TEST_P(MigratorTest, NewUniqueIndexIsDataDependent) {
  v5test::FreshDatabase db(GetParam(), "unique");
  ASSERT_FALSE(db.dsn().empty());
  Migrator(spec(db, v5test::shop_yaml()), "").up();
  std::string yaml = std::regex_replace(v5test::shop_yaml(),
                                        std::regex(R"(title:       \{ type: string, max_length: 200 \})"),
                                        "title:       { type: string, max_length: 200, unique: true }");
  const v5store::MigrationPlan plan = Migrator(spec(db, yaml), "").plan();
  ASSERT_EQ(plan.step_count(), 1u);
  EXPECT_EQ(plan.migrations[0].steps[0].safety, StepSafety::data_dependent);
}

TEST_P(MigratorTest, HandAddedColumnIsDrift) {
  v5test::FreshDatabase db(GetParam(), "drift");
  ASSERT_FALSE(db.dsn().empty());
  const auto shop = spec(db, v5test::shop_yaml());
  Migrator(shop, "").up();
  auto session = db.open();
  *session << "ALTER TABLE customers ADD COLUMN nickname VARCHAR(40)";
  const v5store::DriftReport report = v5store::check_drift(shop, "main", *session);
  ASSERT_EQ(report.differences.size(), 1u);
  EXPECT_EQ(report.differences[0].kind, v5store::DifferenceKind::extra_column);
  EXPECT_EQ(report.differences[0].table, "customers");
  EXPECT_EQ(report.differences[0].object, "nickname");
}

// shop.yaml with orders.status allowing `values` and order_line.quantity at most `max`.
std::string shop_with_checks(const std::string& values, const std::string& max) {
  std::string yaml = std::regex_replace(
      v5test::shop_yaml(), std::regex(R"(values: \[new, paid, shipped, cancelled\])"),
      "values: [" + values + "]");
  return std::regex_replace(yaml, std::regex(R"(min: 1, max: 1000)"), "min: 1, max: " + max);
}

// A new enum member is a column_check difference; up widens the database's CHECK so the new
// value is stored, and the old rule no longer holds anywhere.
TEST_P(MigratorTest, NewEnumMemberIsACheckDifferenceAndUpWidensTheCheck) {
  v5test::FreshDatabase db(GetParam(), "enum_grows");
  ASSERT_FALSE(db.dsn().empty());
  Migrator(spec(db, v5test::shop_yaml()), "").up();
  const auto grown = spec(db, shop_with_checks("new, paid, shipped, cancelled, refunded", "1000"));
  auto session = db.open();
  const v5store::DriftReport drift = v5store::check_drift(grown, "main", *session);
  ASSERT_EQ(drift.differences.size(), 1u);
  EXPECT_EQ(drift.differences[0].kind, v5store::DifferenceKind::column_check);
  EXPECT_EQ(drift.differences[0].table, "orders");
  EXPECT_EQ(drift.differences[0].object, "status");
  EXPECT_NE(drift.differences[0].expected.find("'refunded'"), std::string::npos);
  EXPECT_EQ(drift.differences[0].actual.find("refunded"), std::string::npos);
  Migrator migrator(grown, "");
  const auto plan = migrator.plan();
  ASSERT_EQ(plan.step_count(), 1u) << plan.to_sql();
  EXPECT_EQ(plan.migrations[0].steps[0].safety, StepSafety::data_dependent);
  migrator.up();
  for (const auto& d : migrator.drift().differences) ADD_FAILURE() << d.to_string();
  *session << "INSERT INTO customers (email, name) VALUES ('c@example.com', 'C')";
  *session << "INSERT INTO orders (customer_id, status, total_cents) VALUES "
              "((SELECT MAX(id) FROM customers), 'refunded', 0)";
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM orders WHERE status = 'refunded'"), 1);
  EXPECT_THROW(*session << "INSERT INTO orders (customer_id, status, total_cents) VALUES "
                           "((SELECT MAX(id) FROM customers), 'lost', 0)",
               soci::soci_error);
}

// Every field type with a check the backend adds itself (MariaDB declares json_valid on JSON
// columns whether asked or not) comes back from the catalog as declared: no drift after up.
TEST_P(MigratorTest, BackendChecksOfEveryFieldTypeAreNotDrift) {
  v5test::FreshDatabase db(GetParam(), "check_types");
  ASSERT_FALSE(db.dsn().empty());
  const std::string yaml = std::regex_replace(
      v5test::shop_yaml(), std::regex(R"(\ncomponents:\n)"),
      "\n  typed:\n    fields:\n"
      "      id:      { type: int64, primary_key: true, generated: true }\n"
      "      small:   { type: int32, min: -5, max: 5 }\n"
      "      ratio:   { type: float64, min: 0.25 }\n"
      "      amount:  { type: decimal, precision: 10, scale: 2, min: 0, max: 99999999.99 }\n"
      "      flag:    { type: bool }\n"
      "      doc:     { type: json, nullable: true }\n"
      "      label:   { type: string, max_length: 40 }\n"
      "      kind:    { type: enum, values: [\"it's\", plain] }\n"
      "components:\n");
  Migrator migrator(spec(db, yaml), "");
  migrator.up();
  for (const auto& d : migrator.drift().differences) ADD_FAILURE() << d.to_string();
  EXPECT_TRUE(migrator.plan().empty());
}

// A narrower maximum that a stored row breaks fails as a whole: the old check stays, the row
// stays, and the live schema still matches the old spec.
TEST_P(MigratorTest, NarrowedCheckThatARowBreaksChangesNothing) {
  v5test::FreshDatabase db(GetParam(), "check_narrows");
  ASSERT_FALSE(db.dsn().empty());
  const auto shop = spec(db, v5test::shop_yaml());
  Migrator(shop, "").up();
  auto session = db.open();
  *session << "INSERT INTO customers (email, name) VALUES ('n@example.com', 'N')";
  *session << "INSERT INTO orders (customer_id, status, total_cents) VALUES "
              "((SELECT MAX(id) FROM customers), 'new', 0)";
  *session << "INSERT INTO product (sku, title, price_cents) VALUES ('B1', 'Box', 10)";
  *session << "INSERT INTO order_line (order_id, sku, quantity) VALUES "
              "((SELECT MAX(id) FROM orders), 'B1', 500)";
  Migrator narrowed(spec(db, shop_with_checks("new, paid, shipped, cancelled", "100")), "");
  EXPECT_THROW(narrowed.up(), v5store::Error);
  const v5store::DriftReport drift = v5store::check_drift(shop, "main", *session);
  for (const auto& d : drift.differences) ADD_FAILURE() << d.to_string();
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM order_line WHERE quantity = 500"), 1);
}

// A column narrowed below the data it holds is refused even with allow_destructive, on every
// backend, with the count of rows that would change; nothing changes (PostgreSQL used to cut
// the values, MariaDB refused, SQLite failed on a CHECK). Once the data fits, up narrows it.
TEST_P(MigratorTest, NarrowingOverLongerDataIsRefusedWithTheRowCount) {
  v5test::FreshDatabase db(GetParam(), "narrow");
  ASSERT_FALSE(db.dsn().empty());
  const auto shop = spec(db, v5test::shop_yaml());
  Migrator(shop, "").up();
  auto session = db.open();
  *session << "INSERT INTO product (sku, title, price_cents) VALUES ('A1', 'a-very-long-title', 1)";
  *session << "INSERT INTO product (sku, title, price_cents) VALUES ('A2', 'short', 1)";
  *session << "INSERT INTO product (sku, title, price_cents) VALUES ('A3', 'ünïcö', 1)";
  const auto narrow =
      spec(db, std::regex_replace(v5test::shop_yaml(),
                                  std::regex(R"(title:       \{ type: string, max_length: 200 \})"),
                                  "title:       { type: string, max_length: 5 }"));
  v5store::MigratorOptions allow;
  allow.allow_destructive = true;
  Migrator narrowing(narrow, "", allow);
  try {
    narrowing.up();
    FAIL() << "up narrowed product.title over a longer value";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::migration);
    const std::string message = e.what();
    EXPECT_NE(message.find("product.title"), std::string::npos) << message;
    EXPECT_NE(message.find("1 row"), std::string::npos) << message;
  }
  EXPECT_FALSE(narrowing.status().blockers.empty());
  std::string title;
  *session << "SELECT title FROM product WHERE sku = 'A1'", soci::into(title);
  EXPECT_EQ(title, "a-very-long-title");
  for (const auto& d : v5store::check_drift(shop, "main", *session).differences) {
    ADD_FAILURE() << "changed: " << d.to_string();
  }
  *session << "UPDATE product SET title = 'fits' WHERE sku = 'A1'";
  narrowing.up();
  EXPECT_TRUE(narrowing.drift().clean());
  *session << "SELECT title FROM product WHERE sku = 'A3'", soci::into(title);
  EXPECT_EQ(title, "ünïcö");
}

// Versioned mode: a failing V2 on a transactional backend leaves no trace; MariaDB records the
// failure, refuses until repair, and completes after repair.
TEST_P(MigratorTest, FailingMigrationIsRolledBackOrRecordedForRepair) {
  v5test::FreshDatabase db(GetParam(), "fail");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("fail");
  dir.write("V1__create_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  dir.write("V2__broken.sql",
            "CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO missing_table VALUES (1);\n");
  const auto versioned = spec(db, v5test::shop_yaml(),
                              "migrations: { mode: versioned, dir: \"" + dir.path().string() + "\" }");
  Migrator migrator(versioned, "");
  EXPECT_THROW(migrator.up(), v5store::Error);
  auto session = db.open();
  const auto live = v5store::introspect(*session, GetParam());
  EXPECT_NE(live.find_table("a"), nullptr);
  const auto history = migrator.status().history;
  if (GetParam() != BackendKind::mysql) {
    EXPECT_EQ(live.find_table("b"), nullptr) << "a failed migration left table b behind";
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].version, "1");
    EXPECT_TRUE(migrator.status().blockers.empty());
    return;
  }
  ASSERT_EQ(history.size(), 2u);
  EXPECT_FALSE(history[1].success);
  EXPECT_EQ(history[1].failed_statement, "INSERT INTO missing_table VALUES (1)");
  try {
    migrator.up();
    FAIL() << "up ran over a failed migration";
  } catch (const v5store::Error& e) {
    EXPECT_NE(std::string(e.what()).find("repair"), std::string::npos) << e.what();
  }
  dir.write("V2__broken.sql",
            "CREATE TABLE IF NOT EXISTS b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n");
  EXPECT_EQ(migrator.repair().applied, std::vector<std::string>{"2"});
  EXPECT_EQ(migrator.up().applied, std::vector<std::string>{"2"});
  EXPECT_NE(v5store::introspect(*session, GetParam()).find_table("c"), nullptr);
}

TEST_P(MigratorTest, VersionedModeAppliesChecksumsRefusesChangesAndUndoes) {
  v5test::FreshDatabase db(GetParam(), "versioned");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("versioned");
  dir.write("V1__create_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  dir.write("V2__create_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY, note VARCHAR(10));\n");
  dir.write(std::string("V2__create_b.") + std::string(v5store::to_string(GetParam())) + ".sql",
            "CREATE TABLE b (id INTEGER PRIMARY KEY, note VARCHAR(20));\n");
  dir.write("U2__create_b.sql", "DROP TABLE b;\n");
  const auto versioned = spec(db, v5test::shop_yaml(),
                              "migrations: { mode: versioned, dir: \"" + dir.path().string() + "\" }");
  Migrator migrator(versioned, "");
  EXPECT_EQ(migrator.up().applied, (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(migrator.up().applied.empty());
  auto session = db.open();
  EXPECT_NE(v5store::introspect(*session, GetParam()).find_table("b")->find_column("note")->type.find("20"),
            std::string::npos);

  dir.write("V1__create_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER);\n");
  EXPECT_THROW(migrator.up(), v5store::Error);
  EXPECT_FALSE(migrator.status().blockers.empty());
  EXPECT_EQ(migrator.repair().applied, std::vector<std::string>{"1"});
  EXPECT_TRUE(migrator.status().blockers.empty());

  dir.write("V1_5__late.sql", "CREATE TABLE late (id INTEGER PRIMARY KEY);\n");
  EXPECT_THROW(migrator.up(), v5store::Error);
  std::filesystem::remove(dir.path() / "V1_5__late.sql");

  EXPECT_EQ(migrator.down(1).applied, std::vector<std::string>{"2"});
  EXPECT_EQ(v5store::introspect(*session, GetParam()).find_table("b"), nullptr);
  EXPECT_EQ(migrator.status().current_version, "1");
  EXPECT_THROW(migrator.down(1), v5store::Error);  // no U1 script
  EXPECT_EQ(migrator.up().applied, std::vector<std::string>{"2"});
}

TEST_P(MigratorTest, BaselineAdoptsAnExistingDatabase) {
  v5test::FreshDatabase db(GetParam(), "baseline");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("baseline");
  dir.write("V1__create_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n");
  dir.write("V2__create_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY);\n");
  {
    auto session = db.open();
    *session << "CREATE TABLE a (id INTEGER PRIMARY KEY)";
  }
  const auto versioned = spec(db, v5test::shop_yaml(),
                              "migrations: { mode: versioned, dir: \"" + dir.path().string() + "\" }");
  Migrator migrator(versioned, "");
  migrator.baseline("1");
  EXPECT_THROW(migrator.baseline("1"), v5store::Error);
  EXPECT_EQ(migrator.up().applied, std::vector<std::string>{"2"});
  EXPECT_EQ(migrator.status().current_version, "2");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratorTest, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

// A database behind PgBouncer migrates through its migration_dsn, never its dsn (here a port
// nothing listens on), and without one the migrator refuses before connecting.
TEST(MigratorPooler, MigratesThroughMigrationDsnAndRefusesWithoutOne) {
  v5test::FreshDatabase db(BackendKind::postgresql, "pooled");
  ASSERT_FALSE(db.dsn().empty());
  const std::string database =
      "databases:\n"
      "  main:\n"
      "    backend: postgresql\n"
      "    dsn: \"host=127.0.0.1 port=1 dbname=none user=none connect_timeout=1\"\n"
      "    pooler: pgbouncer\n";
  std::string yaml = v5test::shop_yaml();
  const std::size_t begin = yaml.find("databases:");
  const std::size_t end = yaml.find("entities:");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string with_migration_dsn =
      database + "    migration_dsn: \"" + db.dsn() + "\"\n";
  const auto pooled = v5store::parse_spec_string(
      std::string(yaml).replace(begin, end - begin, with_migration_dsn));
  EXPECT_EQ(pooled.databases.front().pooler, v5store::Pooler::pgbouncer);
  Migrator migrator(pooled, "");
  EXPECT_EQ(migrator.up().applied, std::vector<std::string>{"1"});
  EXPECT_TRUE(migrator.plan().empty());

  const auto without = v5store::parse_spec_string(yaml.replace(begin, end - begin, database));
  try {
    Migrator refused(without, "");
    ADD_FAILURE() << "a pooled database without migration_dsn was migrated";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::config) << e.what();
    EXPECT_NE(std::string(e.what()).find("migration_dsn"), std::string::npos) << e.what();
  }
}

}  // namespace
