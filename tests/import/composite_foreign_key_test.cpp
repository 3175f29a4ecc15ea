// Composite foreign keys (`foreign_keys:`, docs/spec.md) on every backend: a database that has
// them imports, validates, diffs clean and `migrate up` changes no table; a spec that declares
// them creates them (or adds them to an existing table), so a row referencing a missing key is
// refused and a delete cascades.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "env_guard.hpp"
#include "import_helpers.hpp"
#include "v5store/error.hpp"
#include "v5store/store.hpp"
#include "../generator/generate_helpers.hpp"

namespace {

using v5store::BackendKind;
using v5test::read_text;
using v5test::schema_text;
using v5test::shell_quote;

// order_line has a two-column key; shipment_item references it (ON DELETE CASCADE) and, by
// two columns again, parcel's unique (region, code), which is not parcel's primary key.
constexpr const char* kSchema = R"(CREATE TABLE order_line (
  order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, qty INTEGER NOT NULL,
  PRIMARY KEY (order_id, line_no));
CREATE TABLE parcel (
  id INTEGER NOT NULL PRIMARY KEY, region VARCHAR(8) NOT NULL, code VARCHAR(16) NOT NULL,
  UNIQUE (region, code));
CREATE TABLE shipment_item (
  id INTEGER NOT NULL PRIMARY KEY, order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,
  parcel_region VARCHAR(8), parcel_code VARCHAR(16),
  FOREIGN KEY (order_id, line_no) REFERENCES order_line (order_id, line_no) ON DELETE CASCADE,
  FOREIGN KEY (parcel_region, parcel_code) REFERENCES parcel (region, code));
)";

constexpr const char* kSpec = R"(schema_version: 1
system: { name: shipping, version: 1 }
databases:
  main: { backend: "${SHIPPING_BACKEND}", dsn: "${SHIPPING_DSN}" }
entities:
  order_line:
    fields:
      order_id: { type: int64, primary_key: true }
      line_no:  { type: int32, primary_key: true }
      qty:      { type: int32 }
  shipment_item:
    fields:
      id:       { type: int64, primary_key: true, generated: true }
      order_id: { type: int64 }
      line_no:  { type: int32 }
    indexes:
      - { fields: [order_id, line_no] }
    foreign_keys:
      - { fields: [order_id, line_no], references: order_line, on_delete: cascade }
components:
  - { name: order_lines, type: store, entity: order_line, database: main }
  - { name: shipment_items, type: store, entity: shipment_item, database: main }
)";

class CompositeForeignKey : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<v5test::FreshDatabase>(GetParam(), "compositefk");
    ASSERT_FALSE(db_->dsn().empty());
    dir_ = std::filesystem::temp_directory_path() /
           ("v5compositefk_" + std::to_string(::getpid()) + "_" +
            std::string(v5store::to_string(GetParam())));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    spec_ = dir_ / "shipping.yaml";
    dsn_ = std::make_unique<v5test::EnvGuard>("SHIPPING_DSN", db_->dsn());
    backend_ = std::make_unique<v5test::EnvGuard>("SHIPPING_BACKEND",
                                                  std::string(v5store::to_string(GetParam())));
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  v5test::CommandResult v5gen(const std::string& args) const {
    return v5test::run(std::string(V5GEN_BINARY) + " " + args);
  }

  std::unique_ptr<v5test::FreshDatabase> db_;
  std::filesystem::path dir_;
  std::filesystem::path spec_;
  std::unique_ptr<v5test::EnvGuard> dsn_;
  std::unique_ptr<v5test::EnvGuard> backend_;
};

TEST_P(CompositeForeignKey, ImportsValidatesDiffsCleanAndMigrateUpChangesNothing) {
  v5test::load_sql(*db_, kSchema);
  const auto imported =
      v5gen("import --backend " + std::string(v5store::to_string(GetParam())) + " --dsn " +
            shell_quote(db_->dsn()) + " --name shipping -o " + shell_quote(spec_.string()));
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const std::string text = read_text(spec_);
  EXPECT_EQ(imported.output.find("not imported: foreign key"), std::string::npos)
      << imported.output;
  const v5store::SystemSpec spec = v5store::parse_spec_file(spec_);
  const v5store::EntitySpec* item = spec.find_entity("shipment_item");
  ASSERT_NE(item, nullptr) << text;
  ASSERT_EQ(item->foreign_keys.size(), 2u) << text;
  const auto& to_line = item->foreign_keys[0].references == "order_line" ? item->foreign_keys[0]
                                                                          : item->foreign_keys[1];
  const auto& to_parcel = &to_line == &item->foreign_keys[0] ? item->foreign_keys[1]
                                                              : item->foreign_keys[0];
  EXPECT_EQ(to_line.fields, (std::vector<std::string>{"order_id", "line_no"})) << text;
  EXPECT_TRUE(to_line.referenced_fields.empty()) << "the primary key is the default\n" << text;
  EXPECT_EQ(to_line.on_delete, v5store::OnDelete::cascade) << text;
  EXPECT_EQ(to_parcel.references, "parcel") << text;
  EXPECT_EQ(to_parcel.fields, (std::vector<std::string>{"parcel_region", "parcel_code"})) << text;
  EXPECT_EQ(to_parcel.referenced_fields, (std::vector<std::string>{"region", "code"})) << text;

  const auto validated = v5gen("validate " + shell_quote(spec_.string()));
  EXPECT_EQ(validated.exit_code, 0) << validated.output << text;
  const auto diff = v5gen("diff " + shell_quote(spec_.string()));
  EXPECT_EQ(diff.exit_code, 0) << diff.output << text;
  EXPECT_NE(diff.output.find("no drift"), std::string::npos) << diff.output;
  const std::string before = schema_text(*db_);
  const auto up = v5gen("migrate " + shell_quote(spec_.string()) + " up");
  EXPECT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(schema_text(*db_), before);
}

TEST_P(CompositeForeignKey, SpecCreatesItAndTheDatabaseEnforcesIt) {
  std::ofstream(spec_) << kSpec;
  const auto validated = v5gen("validate --level 2 " + shell_quote(spec_.string()));
  ASSERT_EQ(validated.exit_code, 0) << validated.output;
  const auto up = v5gen("migrate " + shell_quote(spec_.string()) + " up");
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_NE(schema_text(*db_).find("fk (order_id,line_no) order_line (order_id,line_no)"),
            std::string::npos)
      << schema_text(*db_);
  const auto diff = v5gen("diff " + shell_quote(spec_.string()));
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
  EXPECT_NE(diff.output.find("no drift"), std::string::npos) << diff.output;

  v5store::V5EnhancedStore store(v5store::parse_spec_file(spec_));
  auto& records = store.records();
  records.insert("order_line", {{"order_id", std::int64_t{1}},
                                {"line_no", std::int64_t{1}},
                                {"qty", std::int64_t{2}}});
  records.insert("shipment_item", {{"order_id", std::int64_t{1}}, {"line_no", std::int64_t{1}}});
  try {
    records.insert("shipment_item",
                   {{"order_id", std::int64_t{1}}, {"line_no", std::int64_t{2}}});
    ADD_FAILURE() << "a row referencing a missing (order_id, line_no) was inserted";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::foreign_key_violation) << e.what();
  }
  EXPECT_EQ(records.count("shipment_item"), 1);
  records.remove("order_line", v5store::Key({std::int64_t{1}, std::int64_t{1}}));
  EXPECT_EQ(records.count("shipment_item"), 0) << "ON DELETE CASCADE";
}

TEST_P(CompositeForeignKey, MigrateUpAddsItToAnExistingTable) {
  v5test::load_sql(*db_, R"(CREATE TABLE order_line (
  order_id BIGINT NOT NULL, line_no INTEGER NOT NULL, qty INTEGER NOT NULL,
  PRIMARY KEY (order_id, line_no));
CREATE TABLE shipment_item (
  id INTEGER NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, line_no INTEGER NOT NULL);
)");
  std::ofstream(spec_) << kSpec;
  const auto up = v5gen("migrate " + shell_quote(spec_.string()) + " up --allow-destructive");
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_NE(schema_text(*db_).find("fk (order_id,line_no) order_line (order_id,line_no)"),
            std::string::npos)
      << up.output << schema_text(*db_);
}

INSTANTIATE_TEST_SUITE_P(Backends, CompositeForeignKey,
                         testing::Values(BackendKind::sqlite, BackendKind::postgresql,
                                         BackendKind::mysql),
                         [](const testing::TestParamInfo<BackendKind>& info) {
                           return std::string(v5store::to_string(info.param));
                         });

}  // namespace
