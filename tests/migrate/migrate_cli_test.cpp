// v5gen migrate / diff as a user runs them: real processes, the exit codes of
// generator/src/command.hpp, and two migrators racing on the same fresh database.
#include <sys/wait.h>

#include <cstdio>
#include <future>

#include <gtest/gtest.h>

#include "fresh_database.hpp"

namespace {

using v5store::BackendKind;

struct ProcessResult {
  int exit_code = -1;
  std::string output;
};

// Runs v5gen with `args` (shell-quoted by the caller), capturing stdout and stderr.
ProcessResult v5gen(const std::string& args) {
  const std::string command = std::string(V5GEN_PATH) + " " + args + " 2>&1";
  ProcessResult run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

class MigrateCli : public testing::TestWithParam<BackendKind> {};

TEST_P(MigrateCli, ShopMigratesUpFromEmptyThenUpIsANoOpAndDiffIsClean) {
  v5test::FreshDatabase db(GetParam(), "cli_up");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("cli_up");
  const auto spec = dir.write("shop.yaml", v5test::spec_for(db, v5test::shop_yaml()));
  const ProcessResult plan = v5gen("migrate " + quoted(spec) + " plan");
  EXPECT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("CREATE TABLE"), std::string::npos) << plan.output;
  const ProcessResult up = v5gen("migrate " + quoted(spec) + " up");
  EXPECT_EQ(up.exit_code, 0) << up.output;
  const ProcessResult again = v5gen("migrate " + quoted(spec) + " up");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("nothing to do"), std::string::npos) << again.output;
  const ProcessResult diff = v5gen("diff " + quoted(spec));
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
  const ProcessResult status = v5gen("migrate " + quoted(spec) + " status");
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("current version: 1"), std::string::npos) << status.output;
}

TEST_P(MigrateCli, DroppedFieldIsLabelledDestructiveAndUpExitsOneWithoutTheFlag) {
  v5test::FreshDatabase db(GetParam(), "cli_drop");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("cli_drop");
  const auto shop = dir.write("shop.yaml", v5test::spec_for(db, v5test::shop_yaml()));
  ASSERT_EQ(v5gen("migrate " + quoted(shop) + " up").exit_code, 0);
  const auto dropped = dir.write("dropped.yaml", v5test::spec_for(db, v5test::shop_without_note_yaml()));
  const ProcessResult plan = v5gen("migrate " + quoted(dropped) + " plan");
  EXPECT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_NE(plan.output.find("[destructive]"), std::string::npos) << plan.output;
  const ProcessResult refused = v5gen("migrate " + quoted(dropped) + " up");
  EXPECT_EQ(refused.exit_code, 1) << refused.output;
  EXPECT_NE(refused.output.find("--allow-destructive"), std::string::npos) << refused.output;
  EXPECT_EQ(v5gen("diff " + quoted(shop)).exit_code, 0) << "the refused run changed the database";
  const ProcessResult allowed = v5gen("migrate " + quoted(dropped) + " up --allow-destructive");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.output;
  EXPECT_EQ(v5gen("diff " + quoted(dropped)).exit_code, 0);
}

TEST_P(MigrateCli, HandAddedColumnIsReportedByDiffWithExitOne) {
  v5test::FreshDatabase db(GetParam(), "cli_drift");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("cli_drift");
  const auto spec = dir.write("shop.yaml", v5test::spec_for(db, v5test::shop_yaml()));
  ASSERT_EQ(v5gen("migrate " + quoted(spec) + " up").exit_code, 0);
  db.open()->operator<<("ALTER TABLE customers ADD COLUMN nickname VARCHAR(40)");
  const ProcessResult diff = v5gen("diff " + quoted(spec));
  EXPECT_EQ(diff.exit_code, 1) << diff.output;
  EXPECT_NE(diff.output.find("extra_column customers.nickname"), std::string::npos) << diff.output;
}

// Two real processes race on one fresh database: the lock serialises them, the second finds
// nothing to do, every step runs once and the history has one row.
TEST_P(MigrateCli, UnmanagedTableIsInformationAndUpAdoptsMatchingTables) {
  v5test::FreshDatabase db(GetParam(), "cli_adopt");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("cli_adopt");
  const auto spec = dir.write("shop.yaml", v5test::spec_for(db, v5test::shop_yaml()));
  ASSERT_EQ(v5gen("migrate " + quoted(spec) + " up").exit_code, 0);
  {
    auto session = db.open();
    *session << "DROP TABLE " + std::string(v5store::kSchemaHistoryTable);
    *session << "CREATE TABLE legacy_audit (id INTEGER PRIMARY KEY)";
  }
  const ProcessResult diff = v5gen("diff " + quoted(spec));
  EXPECT_EQ(diff.exit_code, 0) << diff.output;
  EXPECT_NE(diff.output.find("unmanaged: 1 table(s) the spec does not declare, left alone: "
                             "legacy_audit"),
            std::string::npos)
      << diff.output;
  const ProcessResult up = v5gen("migrate " + quoted(spec) + " up");
  EXPECT_EQ(up.exit_code, 0) << up.output;
  EXPECT_NE(up.output.find("adopted at version 1"), std::string::npos) << up.output;
  const ProcessResult status = v5gen("migrate " + quoted(spec) + " status");
  EXPECT_NE(status.output.find("state: adopted"), std::string::npos) << status.output;
}

TEST_P(MigrateCli, TwoConcurrentUpsApplyEachStepOnce) {
  v5test::FreshDatabase db(GetParam(), "cli_race");
  ASSERT_FALSE(db.dsn().empty());
  v5test::TempDir dir("cli_race");
  const auto spec = dir.write("shop.yaml", v5test::spec_for(db, v5test::shop_yaml()));
  auto first = std::async(std::launch::async, [&] { return v5gen("migrate " + quoted(spec) + " up"); });
  auto second = std::async(std::launch::async, [&] { return v5gen("migrate " + quoted(spec) + " up"); });
  const ProcessResult a = first.get();
  const ProcessResult b = second.get();
  EXPECT_EQ(a.exit_code, 0) << a.output;
  EXPECT_EQ(b.exit_code, 0) << b.output;
  const bool one_applied = (a.output.find("applied 1") != std::string::npos) !=
                           (b.output.find("applied 1") != std::string::npos);
  EXPECT_TRUE(one_applied) << a.output << "\n---\n" << b.output;
  auto session = db.open();
  int rows = 0;
  int versions = 0;
  *session << "SELECT COUNT(*), COUNT(DISTINCT version) FROM v5_schema_history", soci::into(rows),
      soci::into(versions);
  EXPECT_EQ(rows, 1);
  EXPECT_EQ(versions, 1);
  EXPECT_EQ(v5gen("diff " + quoted(spec)).exit_code, 0);
}

TEST(MigrateCliExitCodes, UnreadableSpecIsTwoAndUnreachableDatabaseIsThree) {
  EXPECT_EQ(v5gen("migrate /nonexistent/spec.yaml status").exit_code, 2);
  EXPECT_EQ(v5gen("migrate").exit_code, 2);
  v5test::TempDir dir("cli_codes");
  std::string yaml = std::regex_replace(v5test::shop_yaml(), std::regex(R"(backend: sqlite)"),
                                        "backend: postgresql");
  yaml = std::regex_replace(yaml, std::regex(R"(dsn: "[^"]*")"),
                            "dsn: \"host=127.0.0.1 port=1 dbname=none user=nobody password=secret connect_timeout=2\"");
  const auto spec = dir.write("down.yaml", yaml);
  const ProcessResult run = v5gen("migrate " + quoted(spec) + " status");
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_EQ(run.output.find("secret"), std::string::npos) << run.output;
  const ProcessResult diff = v5gen("diff " + quoted(spec));
  EXPECT_EQ(diff.exit_code, 3) << diff.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateCli, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
