// v5gen import against real schemas on every backend: import, validate with no errors, diff
// clean, `migrate up` adopts without changing a table, and the existing rows read back through
// a store opened from the imported spec (counts and a row by key equal what SQL returns).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "env_guard.hpp"
#include "import_helpers.hpp"
#include "fresh_database.hpp"
#include "v5store/introspection.hpp"
#include "v5store/store.hpp"
#include "../generator/generate_helpers.hpp"

namespace {

using v5store::BackendKind;

using v5test::load_fixture;
using v5test::read_text;
using v5test::schema_text;
using v5test::shell_quote;

struct Fixture {
  BackendKind backend;
  std::string file;
  std::string system;
};

void PrintTo(const Fixture& fixture, std::ostream* out) { *out << fixture.file; }

std::string fixture_name(const testing::TestParamInfo<Fixture>& info) {
  return std::string(v5store::to_string(info.param.backend)) + "_" + info.param.system;
}

class Import : public testing::TestWithParam<Fixture> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<v5test::FreshDatabase>(GetParam().backend, "import");
    ASSERT_FALSE(db_->dsn().empty());
    load_fixture(*db_, GetParam().file);
    dir_ = std::filesystem::temp_directory_path() /
           ("v5import_" + GetParam().system + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    spec_ = dir_ / (GetParam().system + ".yaml");
    variable_ = GetParam().system;
    for (char& c : variable_) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    variable_ += "_DSN";
    env_ = std::make_unique<v5test::EnvGuard>(variable_, db_->dsn());
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  v5test::CommandResult v5gen(const std::string& args) const {
    return v5test::run(std::string(V5GEN_BINARY) + " " + args);
  }

  v5test::CommandResult import(const std::string& extra = {}) const {
    return v5gen("import --backend " + std::string(v5store::to_string(GetParam().backend)) +
                 " --dsn " + shell_quote(db_->dsn()) + " --name " + GetParam().system + " -o " +
                 shell_quote(spec_.string()) + " " + extra);
  }

  std::unique_ptr<v5test::FreshDatabase> db_;
  std::filesystem::path dir_;
  std::filesystem::path spec_;
  std::string variable_;
  std::unique_ptr<v5test::EnvGuard> env_;
};

TEST_P(Import, ValidatesWithoutErrorsAndShowsNoDrift) {
  const auto imported = import();
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const std::string text = read_text(spec_);
  EXPECT_NE(text.find("dsn: \"${" + variable_ + "}\""), std::string::npos) << text;
  EXPECT_EQ(text.find(db_->dsn()), std::string::npos) << "the DSN was written into the spec";
  EXPECT_EQ(text.find("Drift the import could not remove"), std::string::npos) << text;
  const auto validated = v5gen("validate " + shell_quote(spec_.string()));
  EXPECT_EQ(validated.exit_code, 0) << validated.output << text;
  const auto diff = v5gen("diff " + shell_quote(spec_.string()));
  EXPECT_EQ(diff.exit_code, 0) << diff.output << text;
  EXPECT_NE(diff.output.find("no drift"), std::string::npos) << diff.output;
}

// The fixtures written with the importer (hostile names, triggers, a table without a key).
class ImportSamples : public Import {};

TEST_P(ImportSamples, ListsWhatItDidNotImport) {
  const auto imported = import();
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const std::string text = read_text(spec_);
  EXPECT_NE(imported.output.find("not imported: view"), std::string::npos) << imported.output;
  EXPECT_NE(imported.output.find("not imported: trigger"), std::string::npos) << imported.output;
  EXPECT_NE(text.find("# Not imported:"), std::string::npos) << text;
  EXPECT_NE(text.find("read_only: true"), std::string::npos) << "the table without a key";
  // A view is listed, never imported as a table.
  const v5store::SystemSpec spec = v5store::parse_spec_file(spec_);
  std::istringstream lines(imported.output);
  int views = 0;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("not imported: view ")) continue;
    const std::string view = line.substr(19, line.find(':', 19) - 19);
    ++views;
    for (const auto& entity : spec.entities) EXPECT_NE(entity.table, view);
  }
  EXPECT_GT(views, 0);
}

TEST_P(ImportSamples, HostileNamesAreMappedAndEscaped) {
  ASSERT_EQ(import().exit_code, 0);
  const std::string text = read_text(spec_);
  EXPECT_NE(text.find("class_:"), std::string::npos) << text;
  EXPECT_NE(text.find("column: class"), std::string::npos) << text;
  // The default holding "*/" and a newline stays inside its quoted scalar.
  EXPECT_EQ(text.find("\ninjected"), std::string::npos) << text;
  const v5store::SystemSpec spec = v5store::parse_spec_file(spec_);
  const v5store::EntitySpec* entity = nullptr;
  for (const auto& e : spec.entities) {
    for (const auto& f : e.fields) {
      if (f.column == "class") entity = &e;
    }
  }
  ASSERT_NE(entity, nullptr);
  EXPECT_EQ(entity->find_field("class_")->column, "class");
}

TEST_P(Import, MigrateUpAdoptsWithoutChangingATable) {
  ASSERT_EQ(import().exit_code, 0);
  const std::string before = schema_text(*db_);
  const auto up = v5gen("migrate " + shell_quote(spec_.string()) + " up");
  EXPECT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(schema_text(*db_), before);
  const auto diff = v5gen("diff " + shell_quote(spec_.string()));
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
}

TEST_P(Import, ReadsTheExistingRowsBack) {
  ASSERT_EQ(import().exit_code, 0);
  const v5store::SystemSpec spec = v5store::parse_spec_file(spec_);
  v5store::V5EnhancedStore store(spec);
  auto session = db_->open();
  const auto& backend = v5store::detail::backend_for(GetParam().backend);
  int keyed = 0;
  for (const auto& entity : spec.entities) {
    long long expected = -1;
    *session << "SELECT COUNT(*) FROM " + backend.quote(entity.table), soci::into(expected);
    EXPECT_EQ(store.records().count(entity.name), expected) << entity.name;
    if (entity.primary_key().empty()) continue;
    const auto rows = store.records().find(entity.name);
    ASSERT_EQ(static_cast<long long>(rows.size()), expected) << entity.name;
    if (rows.empty()) continue;
    std::vector<v5store::Value> key;
    for (const auto* field : entity.primary_key()) key.push_back(*rows.front().find(field->name));
    const auto row = store.records().get(entity.name, v5store::Key(std::move(key)));
    ASSERT_TRUE(row.has_value()) << entity.name;
    EXPECT_EQ(*row, rows.front()) << entity.name;
    ++keyed;
  }
  EXPECT_GT(keyed, 3);
}

TEST_P(ImportSamples, ReadOnlyEntityRefusesUpdateAndRemove) {
  ASSERT_EQ(import().exit_code, 0);
  const v5store::SystemSpec spec = v5store::parse_spec_file(spec_);
  v5store::V5EnhancedStore store(spec);
  const v5store::EntitySpec* read_only = nullptr;
  for (const auto& entity : spec.entities) {
    if (entity.read_only) read_only = &entity;
  }
  ASSERT_NE(read_only, nullptr);
  auto rows = store.records().find(read_only->name);
  ASSERT_FALSE(rows.empty());
  try {
    store.records().update(read_only->name, rows.front());
    ADD_FAILURE() << "update of a read-only entity succeeded";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::validation);
    EXPECT_NE(std::string(e.what()).find(read_only->name + ": read_only"), std::string::npos)
        << e.what();
  }
}

TEST_P(Import, ReimportKeepsRenamedNamesAndAddsNewColumns) {
  ASSERT_EQ(import().exit_code, 0);
  // The user renames an entity and a field; the database gets a new column.
  std::string text = read_text(spec_);
  const v5store::SystemSpec spec = v5store::parse_spec_file(spec_);
  const v5store::EntitySpec& first = spec.entities.front();
  // A field outside every key and index, so the rename touches one place.
  std::string field;
  for (const auto& f : first.fields) {
    bool indexed = f.primary_key || f.unique;
    for (const auto& index : first.indexes) {
      indexed = indexed || std::find(index.fields.begin(), index.fields.end(), f.name) !=
                               index.fields.end();
    }
    if (!indexed) field = f.name;
  }
  ASSERT_FALSE(field.empty());
  const std::string renamed_field = "renamed_by_hand";
  const auto at = text.find("\n      " + field + ":\n");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at + 7, field.size(), renamed_field);
  std::ofstream(spec_, std::ios::trunc) << text;
  {
    auto session = db_->open();
    const auto& backend = v5store::detail::backend_for(GetParam().backend);
    *session << "ALTER TABLE " + backend.quote(first.table) + " ADD COLUMN " +
                    backend.quote("AddedLater") + " INTEGER";
  }
  const auto dry = import("--dry-run");
  ASSERT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_NE(dry.output.find("+ field " + first.name + ".added_later"), std::string::npos)
      << dry.output;
  EXPECT_EQ(read_text(spec_), text) << "--dry-run wrote the spec";
  ASSERT_EQ(import().exit_code, 0);
  const v5store::SystemSpec merged = v5store::parse_spec_file(spec_);
  const v5store::EntitySpec* entity = merged.find_entity(first.name);
  ASSERT_NE(entity, nullptr);
  EXPECT_NE(entity->find_field(renamed_field), nullptr) << read_text(spec_);
  EXPECT_EQ(entity->find_field(field), nullptr) << read_text(spec_);
  ASSERT_NE(entity->find_field("added_later"), nullptr) << read_text(spec_);
  EXPECT_EQ(entity->find_field("added_later")->column, "AddedLater");
  const auto diff = v5gen("diff " + shell_quote(spec_.string()));
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
}

const Fixture kSamples[] = {
    {BackendKind::sqlite, "chinook_sqlite.sql", "chinook"},
    {BackendKind::postgresql, "pagila_postgresql.sql", "pagila"},
    {BackendKind::mysql, "chinook_mysql.sql", "chinook"},
};

// The held-out fixture runs the whole-program tests only: it was not used to tune the importer.
INSTANTIATE_TEST_SUITE_P(
    Fixtures, Import,
    testing::Values(kSamples[0], kSamples[1], kSamples[2],
                    Fixture{BackendKind::postgresql, "heldout_northwind_postgresql.sql",
                            "northwind"}),
    fixture_name);
INSTANTIATE_TEST_SUITE_P(Fixtures, ImportSamples, testing::ValuesIn(kSamples), fixture_name);

}  // namespace
