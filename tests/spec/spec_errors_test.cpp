// Unit tests of the spec parser's errors: each is Error(config) starting with file:line:column,
// naming the key and the bad value, and never showing a password.
#include "v5store/spec.hpp"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "expect_error.hpp"
#include "v5store/error.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kExamples = V5_EXAMPLES_DIR;

// The message of the Error(config) that parsing `yaml` throws; fails the test otherwise.
std::string parse_error(const std::string& yaml, const std::string& name = "bad.yaml") {
  SCOPED_TRACE(yaml);
  return v5test::expect_error([&] { v5store::parse_spec_string(yaml, name); },
                              v5store::ErrorCode::config);
}

// The message of the Error(config) that parsing the file `path` throws.
std::string parse_file_error(const fs::path& path) {
  SCOPED_TRACE(path.string());
  return v5test::expect_error([&] { v5store::parse_spec_file(path); }, v5store::ErrorCode::config);
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// A file under the temp directory, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& text)
      : path_(fs::temp_directory_path() /
              ("spec_errors_test_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml")) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

TEST(SpecParserErrors, FileThatIsNotYaml) {
  const TempFile file("system:\n  name: [shop\n  version: 1\n");
  const std::string message = parse_file_error(file.path());
  EXPECT_TRUE(
      std::regex_search(message, std::regex("^" + file.path().string() + ":[0-9]+:[0-9]+: ")))
      << message;
  EXPECT_NE(message.find("not valid YAML"), std::string::npos) << message;
}

TEST(SpecParserErrors, TextThatIsNotAMapping) {
  const TempFile file("just some words, not a spec\n");
  const std::string message = parse_file_error(file.path());
  EXPECT_TRUE(starts_with(message, file.path().string() + ":1:1: ")) << message;
  EXPECT_NE(message.find("expected a mapping"), std::string::npos) << message;
}

TEST(SpecParserErrors, MissingFile) {
  const fs::path missing = fs::temp_directory_path() / "spec_errors_test_no_such_file.yaml";
  const std::string message = parse_file_error(missing);
  EXPECT_TRUE(starts_with(message, missing.string() + ": ")) << message;
  EXPECT_NE(message.find("cannot open"), std::string::npos) << message;
}

TEST(SpecParserErrors, DirectoryInsteadOfFile) {
  const fs::path dir = fs::temp_directory_path();
  const std::string message = parse_file_error(dir);
  EXPECT_TRUE(starts_with(message, dir.string() + ": cannot read spec file")) << message;
}

TEST(SpecParserErrors, UnknownBackend) {
  const std::string message = parse_error("databases:\n  main:\n    backend: oracle\n    dsn: x\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:3:14: databases.main.backend: ")) << message;
  EXPECT_NE(message.find("\"oracle\""), std::string::npos) << message;
}

TEST(SpecParserErrors, UnsetVariableWithoutDefault) {
  ::unsetenv("V5_LEDGER_PG");
  const fs::path file = kExamples / "ledger_pg.yaml";
  const std::string message = parse_file_error(file);
  EXPECT_TRUE(starts_with(message, file.string() + ":11:10: databases.primary.dsn: ")) << message;
  EXPECT_NE(message.find("V5_LEDGER_PG"), std::string::npos) << message;
}

TEST(SpecParserErrors, WrongTypedValues) {
  std::string message =
      parse_error("databases:\n  main: { backend: sqlite, dsn: x, pool: { max_size: \"big\" } }\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:2:54: databases.main.pool.max_size: ")) << message;
  EXPECT_NE(message.find("\"big\""), std::string::npos) << message;

  message = parse_error("databases:\n  main: { backend: sqlite, pool: { max_size: 8.5 } }\n");
  EXPECT_NE(message.find("max_size: expected an integer, got \"8.5\""), std::string::npos)
      << message;

  message = parse_error("databases:\n  main: { backend: sqlite, pool: { max_size: \"8\" } }\n");
  EXPECT_NE(message.find("max_size: expected an integer"), std::string::npos) << message;

  message =
      parse_error("entities:\n  a:\n    fields:\n      x: { type: int64, nullable: maybe }\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:4:35: entities.a.fields.x.nullable: ")) << message;
  EXPECT_NE(message.find("\"maybe\""), std::string::npos) << message;

  message = parse_error("entities:\n  a:\n    fields:\n      x: { type: int64, min: low }\n");
  EXPECT_NE(message.find("entities.a.fields.x.min: expected a number, got \"low\""),
            std::string::npos)
      << message;

  message = parse_error("system: { name: s, version: 99999999999 }\n");
  EXPECT_NE(message.find("system.version: integer \"99999999999\" is out of range"),
            std::string::npos)
      << message;

  message = parse_error("components: { a: 1 }\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:1:13: components: expected a sequence, got a mapping"))
      << message;

  message = parse_error("components:\n  - { name: c, cache: { max_entries: -1 } }\n");
  EXPECT_NE(message.find("components[0].cache.max_entries"), std::string::npos) << message;
}

TEST(SpecParserErrors, UnknownFieldType) {
  const std::string message =
      parse_error("entities:\n  a:\n    fields:\n      x: { type: integer }\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:4:18: entities.a.fields.x.type: ")) << message;
  EXPECT_NE(message.find("unknown field type \"integer\""), std::string::npos) << message;
}

TEST(SpecParserErrors, FieldWithoutType) {
  const std::string message =
      parse_error("entities:\n  a:\n    fields:\n      x: { nullable: true }\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:4:10: entities.a.fields.x: missing key 'type'"))
      << message;
}

TEST(SpecParserErrors, ReferencesNotEntityDotField) {
  for (const char* bad : {"customer", "customer.", ".id", "a.b.c"}) {
    const std::string message = parse_error(
        std::string("entities:\n  a:\n    fields:\n      x: { type: int64, references: \"") + bad +
        "\" }\n");
    EXPECT_TRUE(starts_with(message, "bad.yaml:4:37: entities.a.fields.x.references: ")) << message;
    EXPECT_NE(message.find(std::string("\"") + bad + "\""), std::string::npos) << message;
  }
}

TEST(SpecParserErrors, UnknownOnDelete) {
  const std::string message = parse_error(
      "entities:\n  a:\n    fields:\n      x: { type: int64, references: b.id, on_delete: nuke "
      "}\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:4:54: entities.a.fields.x.on_delete: ")) << message;
  EXPECT_NE(message.find("unknown on_delete \"nuke\" (expected cascade, restrict, set_null or "
                         "no_action)"),
            std::string::npos)
      << message;
}

TEST(SpecParserErrors, UnknownEnumeratedOptions) {
  EXPECT_NE(
      parse_error("migrations: { mode: magic }\n").find("migrations.mode: unknown mode \"magic\""),
      std::string::npos);
  EXPECT_NE(parse_error("components:\n  - { name: c, transactions: { isolation: snapshot } }\n")
                .find("components[0].transactions.isolation: unknown isolation \"snapshot\" "
                      "(expected default, read_uncommitted, read_committed, repeatable_read or "
                      "serializable)"),
            std::string::npos);
}

TEST(SpecParserErrors, UnsupportedSchemaVersion) {
  const std::string message = parse_error("schema_version: 2\n");
  EXPECT_TRUE(starts_with(message, "bad.yaml:1:17: schema_version: ")) << message;
}

TEST(SpecParserErrors, EmptyAndMultiDocumentSpecs) {
  EXPECT_TRUE(starts_with(parse_error(""), "bad.yaml:1:1: the spec is empty"));
  EXPECT_TRUE(starts_with(parse_error("# only a comment\n"), "bad.yaml:1:1: "));
  EXPECT_TRUE(starts_with(parse_error("system: { name: a }\n---\nsystem: { name: b }\n"),
                          "bad.yaml:3:1: "));
}

TEST(SpecParserErrors, NoPasswordInAnyMessage) {
  ::unsetenv("V5_SPEC_TEST_MISSING");
  const std::string secret = "s3cr3t-pw";
  std::vector<std::string> messages = {
      parse_error("databases:\n  main:\n    backend: postgresql\n    dsn: \"host=h password='" +
                  secret + " x' dbname=${V5_SPEC_TEST_MISSING}\"\n"),
      parse_error("databases:\n  main:\n    backend: postgresql\n    dsn: { password: " + secret +
                  " }\n"),
      parse_error("databases:\n  main:\n    backend: postgresql\n    dsn: \"password=" + secret +
                  " ${V5_SPEC_TEST_MISSING\"\n"),
      parse_error("monitoring: { bearer_token: [" + secret + "] }\n"),
      parse_error("monitoring: { bearer_token: \"" + secret + "${V5_SPEC_TEST_MISSING}\" }\n"),
  };
  for (const std::string& message : messages) {
    EXPECT_FALSE(message.empty());
    EXPECT_EQ(message.find(secret), std::string::npos) << message;
  }
}

// Inputs that yaml-cpp accepts but the model cannot hold, or that make yaml-cpp throw: each
// must be reported as Error(config) with a location, never crash or be accepted.
TEST(SpecParserErrors, MalformedStructuresAreReportedWithALocation) {
  const std::vector<std::string> inputs = {
      "[]",
      "- a\n- b\n",
      "databases: 5\n",
      "databases: [main]\n",
      "databases:\n  main: sqlite\n",
      "databases:\n  main: { dsn: x }\n",
      "databases:\n  main: { backend: [sqlite] }\n",
      "databases:\n  main: { backend: sqlite, pool: 4 }\n",
      "databases:\n  ? [a, b]\n  : { backend: sqlite }\n",
      "entities: { a: 1 }\n",
      "entities: { a: { fields: [x, y] } }\n",
      "entities: { a: { fields: { x: int64 } } }\n",
      "entities: { a: { fields: { x: { type: enum, values: red } } } }\n",
      "entities: { a: { fields: { x: { type: enum, values: [[red]] } } } }\n",
      "entities: { a: { fields: { x: { type: int64, default: [1] } } } }\n",
      "entities: { a: { fields: { x: { type: int64, default: ~ } } } }\n",
      "entities: { a: { fields: { x: { type: int64 } }, indexes: { fields: [x] } } }\n",
      "entities: { a: { fields: { x: { type: int64 } }, indexes: [ { unique: true } ] } }\n",
      "entities: { a: { fields: { x: { type: int64 } }, indexes: [ { fields: x } ] } }\n",
      "entities: { a: { table: { name: t } } }\n",
      "components: [ 1 ]\n",
      "components: [ { name: [x] } ]\n",
      "components: [ { name: c, cache: 5 } ]\n",
      "monitoring: { categories: { pool: 5 } }\n",
      "monitoring: { categories: [pool] }\n",
      "monitoring: { health_interval_ms: 1e3 }\n",
      "monitoring: { enabled: 2 }\n",
      "migrations: [versioned]\n",
      "system: { name: a, version: *nope }\n",
      "system: !!binary x\n",
      "system: { name: a\n",
      "system: \"unterminated\n",
      "\t- tab\n",
  };
  for (const std::string& input : inputs) {
    const std::string message = parse_error(input);
    EXPECT_TRUE(std::regex_search(message, std::regex("^bad\\.yaml:[0-9]+:[0-9]+: ")))
        << "input:\n"
        << input << "message: " << message;
  }
}

}  // namespace
