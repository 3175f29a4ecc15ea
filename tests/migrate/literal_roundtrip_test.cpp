// Spec strings are data in the DDL the migrator writes: every printable ASCII character, the
// backslash sequences MariaDB's default sql_mode would read as escapes, an attempt to close
// the literal and add a column, and a sample of Unicode go through a column default, enum
// values and the enum's CHECK constraint, on every backend. Migrate up, insert, read back,
// no drift (issue 15, item 4).
#include <gtest/gtest.h>

#include "fresh_database.hpp"
#include "v5store/error.hpp"
#include "v5store/introspection.hpp"
#include "v5store/migrator.hpp"

namespace {

using v5store::BackendKind;

// Every printable ASCII character, space to tilde.
std::string printable_ascii() {
  std::string out;
  for (char c = ' '; c <= '~'; ++c) out += c;
  return out;
}

const std::string kInjection = "x\\', `injected_col` INT NOT NULL DEFAULT 1337, -- ";
const std::string kWindowsPath = "C:\\new\\table";
const std::string kTrailingBackslash = "ends\\";
const std::string kUnicodeBmp = "ünïcødé Ωмир 日本語 שלום e\xCC\x81";
// A 4-byte character too: in enum values and CHECKs only, since MariaDB 10.11 reports column
// defaults in information_schema as utf8mb3 ('?' for it; docs/backends.md).
const std::string kUnicode = kUnicodeBmp + " 🎉";

// `text` as a double-quoted YAML scalar.
std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> enum_values() {
  return {printable_ascii(), kInjection, kWindowsPath,        kTrailingBackslash,
          kUnicode,          "it's",     "\\n\\t\\0\\Z\\%\\_"};
}

std::string literal_spec() {
  std::string values;
  for (const auto& value : enum_values())
    values += (values.empty() ? "" : ", ") + yaml_quoted(value);
  return "schema_version: 1\n"
         "system: { name: literals, version: 1 }\n"
         "databases:\n  main: { backend: sqlite, dsn: \"x\" }\n"
         "entities:\n  note:\n    fields:\n"
         "      id:      { type: int64, primary_key: true, generated: true }\n"
         "      ascii:   { type: string, max_length: 255, default: " +
         yaml_quoted(printable_ascii()) +
         " }\n"
         "      path:    { type: string, max_length: 255, default: " +
         yaml_quoted(kWindowsPath) +
         " }\n"
         "      attack:  { type: string, max_length: 255, default: " +
         yaml_quoted(kInjection) +
         " }\n"
         "      unicode: { type: string, max_length: 255, default: " +
         yaml_quoted(kUnicodeBmp) +
         " }\n"
         "      kind:    { type: enum, values: [" +
         values + "], default: " + yaml_quoted(kTrailingBackslash) + " }\n";
}

class LiteralRoundTripTest : public testing::TestWithParam<BackendKind> {};

TEST_P(LiteralRoundTripTest, DefaultsEnumValuesAndChecksKeepEveryCharacter) {
  v5test::FreshDatabase db(GetParam(), "literals");
  ASSERT_FALSE(db.dsn().empty());
  const auto spec = v5store::parse_spec_string(v5test::spec_for(db, literal_spec()));
  v5store::Migrator migrator(spec, "");
  migrator.up();
  for (const auto& d : migrator.drift().differences) ADD_FAILURE() << "drift: " << d.to_string();
  EXPECT_TRUE(migrator.plan().empty()) << migrator.plan().to_sql();

  auto session = db.open();
  const v5store::LiveSchema live = v5store::introspect(*session, GetParam());
  const v5store::LiveTable* table = live.find_table("note");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->columns.size(), 6u);
  EXPECT_EQ(table->find_column("injected_col"), nullptr);

  *session << (GetParam() == BackendKind::mysql ? "INSERT INTO note () VALUES ()"
                                                : "INSERT INTO note DEFAULT VALUES");
  std::string ascii, path, attack, unicode, kind;
  *session << "SELECT ascii, path, attack, unicode, kind FROM note", soci::into(ascii),
      soci::into(path), soci::into(attack), soci::into(unicode), soci::into(kind);
  EXPECT_EQ(ascii, printable_ascii());
  EXPECT_EQ(path, kWindowsPath);
  EXPECT_EQ(attack, kInjection);
  EXPECT_EQ(unicode, kUnicodeBmp);
  EXPECT_EQ(kind, kTrailingBackslash);

  for (const std::string& value : enum_values()) {
    std::string bound = value;
    *session << "INSERT INTO note (kind) VALUES (:k)", soci::use(bound);
    int n = 0;
    *session << "SELECT COUNT(*) FROM note WHERE kind = :k", soci::use(bound), soci::into(n);
    EXPECT_EQ(n, value == kTrailingBackslash ? 2 : 1) << value;
  }
  // The CHECK holds the values exactly: a value one backslash away is refused.
  for (std::string near_miss :
       {kTrailingBackslash + "\\", std::string("C:\\\\new\\\\table"), std::string("ends")}) {
    EXPECT_THROW((*session << "INSERT INTO note (kind) VALUES (:k)", soci::use(near_miss)),
                 soci::soci_error)
        << near_miss;
  }
}

// A session the caller opened, where literals would be read otherwise than the dialect writes
// them (MariaDB: NO_BACKSLASH_ESCAPES; PostgreSQL: standard_conforming_strings off), is refused
// before anything is written. SQLite has no such mode.
class LiteralSessionMode : public testing::TestWithParam<BackendKind> {};

TEST_P(LiteralSessionMode, MigratingOnASessionThatReadsLiteralsOtherwiseIsRefused) {
  v5test::FreshDatabase db(GetParam(), "literal_mode");
  ASSERT_FALSE(db.dsn().empty());
  auto session = db.open();
  *session << (GetParam() == BackendKind::mysql
                   ? "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')"
                   : "SET standard_conforming_strings = off");
  const auto spec = v5store::parse_spec_string(v5test::spec_for(db, literal_spec()));
  v5store::Migrator migrator(spec, "", *session);
  try {
    migrator.up();
    FAIL() << "migrated on a session that reads literals otherwise";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::migration) << e.what();
    EXPECT_NE(std::string(e.what()).find(GetParam() == BackendKind::mysql
                                             ? "NO_BACKSLASH_ESCAPES"
                                             : "standard_conforming_strings"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(v5store::introspect(*db.open(), GetParam()).find_table("note"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Backends, LiteralRoundTripTest, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());
INSTANTIATE_TEST_SUITE_P(Servers, LiteralSessionMode,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         v5test::BackendName());

}  // namespace
