// Adopting a database that already has tables, on every backend: tables the spec does not
// declare are unmanaged (reported, never dropped) unless the spec owns the schema,
// migrations.ignore hides tables, and `up` on a database whose declared tables already match
// records a baseline without touching a table.
#include <gtest/gtest.h>

#include "fresh_database.hpp"
#include "v5store/error.hpp"
#include "v5store/introspection.hpp"

namespace {

using v5store::BackendKind;
using v5store::Migrator;

class Adoption : public testing::TestWithParam<BackendKind> {
 protected:
  v5store::SystemSpec spec(const v5test::FreshDatabase& db, const std::string& migrations = {}) {
    return v5store::parse_spec_string(v5test::spec_for(db, v5test::shop_yaml(), migrations));
  }

  // A table of someone else's application, with a row.
  static void add_legacy_table(const v5test::FreshDatabase& db, const std::string& name) {
    auto session = db.open();
    *session << "CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, note VARCHAR(20))";
    *session << "INSERT INTO " + name + " (id, note) VALUES (1, 'keep me')";
  }

  static int rows(const v5test::FreshDatabase& db, const std::string& table) {
    auto session = db.open();
    int n = -1;
    *session << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return n;
  }

  // The live schema as text (tables, columns with types and nullability, keys, indexes,
  // foreign keys), to show that no table changed.
  static std::string schema_text(const v5test::FreshDatabase& db) {
    auto session = db.open();
    std::string out;
    for (const auto& table : v5store::introspect(*session, db.kind()).tables) {
      if (table.name == v5store::kSchemaHistoryTable) continue;
      out += table.name + ":";
      for (const auto& c : table.columns) {
        out += " " + c.name + " " + c.raw_type + (c.nullable ? " null" : "") + ",";
      }
      for (const auto& k : table.primary_key) out += " pk " + k;
      for (const auto& i : table.indexes) out += " ix " + i.name;
      for (const auto& f : table.foreign_keys) out += " fk " + f.referenced_table;
      out += "\n";
    }
    return out;
  }
};

TEST_P(Adoption, UndeclaredTableIsUnmanagedAndNeverDropped) {
  v5test::FreshDatabase db(GetParam(), "unmanaged");
  ASSERT_FALSE(db.dsn().empty());
  const auto shop = spec(db);
  Migrator(shop, "").up();
  add_legacy_table(db, "legacy_audit");

  v5store::MigratorOptions allow;
  allow.allow_destructive = true;
  Migrator migrator(shop, "", allow);
  const v5store::DriftReport drift = migrator.drift();
  for (const auto& d : drift.differences) ADD_FAILURE() << d.to_string();
  EXPECT_EQ(drift.unmanaged_tables, std::vector<std::string>{"legacy_audit"});
  EXPECT_TRUE(migrator.plan().empty());
  EXPECT_TRUE(migrator.up().applied.empty());
  EXPECT_EQ(rows(db, "legacy_audit"), 1);
}

TEST_P(Adoption, OwnedSchemaDropsUndeclaredTableOnlyWhenAllowed) {
  v5test::FreshDatabase db(GetParam(), "owned");
  ASSERT_FALSE(db.dsn().empty());
  const auto owned = spec(db, "migrations: { mode: declarative, owns_schema: true }");
  Migrator(owned, "").up();
  add_legacy_table(db, "legacy_audit");

  Migrator refused(owned, "");
  const v5store::DriftReport drift = refused.drift();
  ASSERT_EQ(drift.differences.size(), 1U);
  EXPECT_EQ(drift.differences[0].kind, v5store::DifferenceKind::extra_table);
  EXPECT_TRUE(drift.unmanaged_tables.empty());
  EXPECT_TRUE(refused.plan().has_destructive());
  EXPECT_THROW(refused.up(), v5store::Error);
  EXPECT_EQ(rows(db, "legacy_audit"), 1);

  v5store::MigratorOptions allow;
  allow.allow_destructive = true;
  Migrator(owned, "", allow).up();
  auto session = db.open();
  EXPECT_EQ(v5store::introspect(*session, GetParam()).find_table("legacy_audit"), nullptr);
}

TEST_P(Adoption, IgnoredTablesAreInvisibleEvenWhenTheSpecOwnsTheSchema) {
  v5test::FreshDatabase db(GetParam(), "ignored");
  ASSERT_FALSE(db.dsn().empty());
  const auto owned = spec(db,
                          "migrations: { mode: declarative, owns_schema: true, "
                          "ignore: [\"legacy_*\", \"tmp_?\"] }");
  Migrator(owned, "").up();
  add_legacy_table(db, "legacy_audit");
  add_legacy_table(db, "tmp_1");

  v5store::MigratorOptions allow;
  allow.allow_destructive = true;
  Migrator migrator(owned, "", allow);
  const v5store::DriftReport drift = migrator.drift();
  EXPECT_TRUE(drift.clean());
  EXPECT_TRUE(drift.unmanaged_tables.empty());
  EXPECT_TRUE(migrator.up().applied.empty());
  EXPECT_EQ(rows(db, "legacy_audit"), 1);
  EXPECT_EQ(rows(db, "tmp_1"), 1);
}

TEST_P(Adoption, UpOnMatchingTablesRecordsABaselineAndChangesNoTable) {
  v5test::FreshDatabase db(GetParam(), "adopt");
  ASSERT_FALSE(db.dsn().empty());
  const auto shop = spec(db);
  {
    // The tables exist (built by an earlier tool), the history does not.
    Migrator(shop, "").up();
    auto session = db.open();
    *session << "DROP TABLE " + std::string(v5store::kSchemaHistoryTable);
    *session << "INSERT INTO product (sku, title, price_cents) VALUES ('A1', 'Apple', 120)";
  }
  add_legacy_table(db, "legacy_audit");
  const std::string before = schema_text(db);

  Migrator migrator(shop, "");
  const v5store::MigrationStatus pending = migrator.status();
  EXPECT_EQ(pending.adopt_version, "1");
  EXPECT_TRUE(pending.pending.empty());
  EXPECT_FALSE(pending.adopted);

  const v5store::MigrationResult result = migrator.up();
  EXPECT_TRUE(result.adopted);
  EXPECT_EQ(result.applied, std::vector<std::string>{"1"});
  EXPECT_EQ(result.steps, 0U);
  EXPECT_EQ(schema_text(db), before);
  EXPECT_EQ(rows(db, "product"), 1);
  EXPECT_EQ(rows(db, "legacy_audit"), 1);

  const v5store::MigrationStatus status = migrator.status();
  EXPECT_TRUE(status.adopted);
  EXPECT_FALSE(status.adopt_version);
  EXPECT_EQ(status.current_version, "1");
  ASSERT_EQ(status.history.size(), 1U);
  EXPECT_EQ(status.history[0].type, "BASELINE");
  EXPECT_TRUE(migrator.up().applied.empty());
}

TEST_P(Adoption, VersionedUpAdoptsAtTheNewestFileThenAppliesLaterOnes) {
  v5test::FreshDatabase db(GetParam(), "adopt_versioned");
  ASSERT_FALSE(db.dsn().empty());
  {
    Migrator(spec(db), "").up();
    auto session = db.open();
    *session << "DROP TABLE " + std::string(v5store::kSchemaHistoryTable);
  }
  v5test::TempDir dir("adopt_versioned");
  // Never run against this database: its tables already exist.
  dir.write("V1__initial.sql", "CREATE TABLE customers (id INTEGER PRIMARY KEY);\n");
  dir.write("V2__product.sql", "CREATE TABLE product (sku VARCHAR(32) PRIMARY KEY);\n");
  const auto versioned = spec(db, "migrations: { mode: versioned, dir: \"" +
                                      dir.path().generic_string() + "\" }");
  Migrator migrator(versioned, "");
  const v5store::MigrationResult result = migrator.up();
  EXPECT_TRUE(result.adopted);
  EXPECT_EQ(result.applied, std::vector<std::string>{"2"});
  EXPECT_TRUE(migrator.status().adopted);

  dir.write("V3__extra.sql", "CREATE TABLE extra (id INTEGER PRIMARY KEY);\n");
  EXPECT_EQ(migrator.up().applied, std::vector<std::string>{"3"});
  EXPECT_EQ(migrator.status().current_version, "3");
}

TEST_P(Adoption, PartlyMatchingDatabaseIsMigratedNotAdopted) {
  v5test::FreshDatabase db(GetParam(), "partial");
  ASSERT_FALSE(db.dsn().empty());
  {
    auto session = db.open();
    *session << "CREATE TABLE customers (id INTEGER PRIMARY KEY)";
  }
  const v5store::MigrationStatus status = Migrator(spec(db), "").status();
  EXPECT_FALSE(status.adopt_version);
  EXPECT_FALSE(status.pending.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Adoption, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
