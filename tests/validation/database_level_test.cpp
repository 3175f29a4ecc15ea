// Level 3 against the real servers: a migrated database passes; a database behind the spec
// shows its pending steps and drift; drift at the spec's version and a database ahead of the
// spec are errors; an unreachable database and a wrong password (on private servers that
// check passwords) are V301 and exit 3, and the password never appears in the output.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "private_server.hpp"
#include "test_databases.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/migrator.hpp"
#include "v5store/spec.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

using v5store::BackendKind;

// One database per test process: ctest runs each backend's tests in parallel processes.
const std::string& database_name() {
  static const std::string name = "validate_l3_" + std::to_string(::getpid());
  return name;
}

const char* const kSpec = R"(schema_version: 1
system: { name: validate_live, version: 1 }
databases:
  main: { backend: BACKEND, dsn: "${V5_VALIDATE_LIVE_DSN}", pool: { max_size: 4, min_idle: 1 } }
entities:
  member:
    table: members
    fields:
      id:        { type: int64, primary_key: true, generated: true }
      email:     { type: string, max_length: 254, unique: true, pattern: "^[^@\\s]+@[^@\\s]+$" }
      name:      { type: string, max_length: 120 }
      joined_on: { type: date }
      active:    { type: bool, default: true }
  loan:
    table: loans
    fields:
      id:        { type: int64, primary_key: true, generated: true }
      member_id: { type: int64, references: member.id, on_delete: cascade }
      state:     { type: enum, values: [open, closed], default: open }
      fine:      { type: decimal, precision: 8, scale: 2, min: 0 }
      code:      { type: string, min_length: 3, max_length: 3, pattern: "^[A-Z]{3}$" }
      ref:       { type: uuid, unique: true }
      due_at:    { type: timestamp, default: now }
      note:      { type: text, nullable: true }
    indexes:
      - { fields: [member_id] }
components:
  - { name: members, type: store, entity: member, database: main }
  - { name: loans, type: store, entity: loan, database: main }
)";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// `dsn` pointing at a port nobody listens on, with `password` as its password.
std::string closed_port_dsn(const std::string& dsn, const std::string& password) {
  std::string out = std::regex_replace(dsn, std::regex("port=[0-9]+"),
                                       "port=" + std::to_string(v5test::free_port()));
  return std::regex_replace(out, std::regex("password=[^ ]*"), "password=" + password);
}

// Runs `v5gen validate SPEC --live --format FORMAT` on `spec_text`; returns the exit status
// and everything it printed.
std::pair<int, std::string> run_v5gen_validate(const std::string& spec_text,
                                               const std::string& format) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto spec = dir / ("validate_l3_" + std::to_string(::getpid()) + ".yaml");
  const auto out = dir / ("validate_l3_" + std::to_string(::getpid()) + ".out");
  std::ofstream(spec) << spec_text;
  const std::string command = std::string(V5GEN_PATH) + " validate " + spec.string() +
                              " --live --format " + format + " > " + out.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(spec);
  std::filesystem::remove(out);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

class DatabaseLevel : public testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    const BackendKind kind = GetParam();
    const std::string admin_dsn = v5test::dsn_for(kind, database_name());
    ASSERT_FALSE(admin_dsn.empty());
    dsn_ = admin_dsn;
    if (kind != BackendKind::sqlite) {
      auto admin = backend().open(admin_dsn, std::chrono::seconds(10));
      *admin << fmt::format("DROP DATABASE IF EXISTS {}", database_name());
      *admin << fmt::format("CREATE DATABASE {}", database_name());
      dsn_ = kind == BackendKind::postgresql
                 ? replace_all(admin_dsn, "dbname=v5test", std::string("dbname=") + database_name())
                 : replace_all(admin_dsn, "db=v5test", std::string("db=") + database_name());
    }
    ::setenv("V5_VALIDATE_LIVE_DSN", dsn_.c_str(), 1);
    spec_text_ = replace_all(kSpec, "BACKEND", std::string(v5store::to_string(kind)));
  }

  void TearDown() override {
    if (GetParam() == BackendKind::sqlite) {
      std::filesystem::remove(dsn_.substr(3));
      return;
    }
    auto admin =
        backend().open(v5test::dsn_for(GetParam(), database_name()), std::chrono::seconds(10));
    *admin << fmt::format("DROP DATABASE IF EXISTS {}", database_name());
  }

  const v5store::detail::Backend& backend() const {
    return v5store::detail::backend_for(GetParam());
  }

  // Migrates the database to `text` with the store's migrator.
  void migrate(const std::string& text) {
    const v5store::SystemSpec spec = v5store::parse_spec_string(text);
    v5store::Migrator migrator(spec, "main");
    migrator.up();
  }

  long long rows(const std::string& table) {
    auto session = backend().open(dsn_, std::chrono::seconds(10));
    long long count = -1;
    *session << "SELECT COUNT(*) FROM " + backend().quote(table), soci::into(count);
    return count;
  }

  v5validate::Report validate(const std::string& text) {
    v5validate::Options options;
    options.live = true;
    options.server_cores = 4;
    options.connect_timeout = std::chrono::milliseconds(5000);
    return v5validate::Orchestrator::run_text(text, options, "live.yaml");
  }

  std::string dsn_;
  std::string spec_text_;
};

TEST_P(DatabaseLevel, MigratedDatabasePasses) {
  migrate(spec_text_);
  const v5validate::Report report = validate(spec_text_);
  EXPECT_TRUE(report.valid()) << v5validate::format_text(report);
  EXPECT_EQ(report.levels_run(), (std::vector<int>{1, 2, 3, 4}));
  for (const auto& f : report.findings()) {
    EXPECT_NE(f.code, "V309") << v5validate::format_text(report);
    EXPECT_NE(f.code, "V313") << v5validate::format_text(report);
  }
  // The round trip and the privilege probe were rolled back.
  EXPECT_EQ(rows("members"), 0);
  EXPECT_EQ(rows("loans"), 0);
}

TEST_P(DatabaseLevel, DatabaseBehindTheSpecShowsPendingStepsAndDrift) {
  migrate(spec_text_);
  std::string newer = replace_all(spec_text_, "version: 1 }", "version: 2 }");
  newer = replace_all(newer, "      active:    { type: bool, default: true }\n",
                      "      active:    { type: bool, default: true }\n"
                      "      phone:     { type: string, max_length: 32, nullable: true }\n");
  const v5validate::Report report = validate(newer);
  const std::string text = v5validate::format_text(report);
  bool pending = false;
  bool drift = false;
  for (const auto& f : report.findings()) {
    pending = pending || (f.code == "V307" && f.message.find("phone") != std::string::npos);
    drift = drift || (f.code == "V312" && f.message.find("phone") != std::string::npos);
    EXPECT_NE(f.code, "V309") << text;
  }
  EXPECT_TRUE(pending) << text;
  EXPECT_TRUE(drift) << text;
  EXPECT_TRUE(report.valid()) << text;
  EXPECT_EQ(report.levels_run(), (std::vector<int>{1, 2, 3, 4}));
}

TEST_P(DatabaseLevel, DriftAtTheSpecVersionIsAnError) {
  migrate(spec_text_);
  {
    auto session = backend().open(dsn_, std::chrono::seconds(10));
    // A column the spec does not declare on a table it does (a table it does not declare is
    // unmanaged, not drift).
    *session << "ALTER TABLE " + backend().quote("members") + " ADD COLUMN " +
                    backend().quote("stray") + " INTEGER";
  }
  const v5validate::Report report = validate(spec_text_);
  const std::string text = v5validate::format_text(report);
  bool drift = false;
  for (const auto& f : report.findings()) {
    drift = drift || (f.code == "V308" && f.message.find("stray") != std::string::npos);
    EXPECT_NE(f.code, "V312") << text;
  }
  EXPECT_TRUE(drift) << text;
  EXPECT_FALSE(report.valid());
  EXPECT_EQ(report.levels_run(), (std::vector<int>{1, 2, 3}));
}

TEST_P(DatabaseLevel, DatabaseAheadOfTheSpecIsAnError) {
  migrate(replace_all(spec_text_, "version: 1 }", "version: 2 }"));
  const v5validate::Report report = validate(spec_text_);
  EXPECT_TRUE(report.has_code("V311")) << v5validate::format_text(report);
  EXPECT_FALSE(report.valid());
}

TEST_P(DatabaseLevel, FailedMigrationInTheHistoryIsAnError) {
  migrate(spec_text_);
  {
    auto session = backend().open(dsn_, std::chrono::seconds(10));
    const auto q = [&](const char* name) { return backend().quote(name); };
    *session << fmt::format(
        "INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES (2, '2', 'add phone', "
        "'DECLARATIVE', '<spec>', 0, 'test', 0, FALSE, 'ALTER TABLE members ADD phone')",
        q("v5_schema_history"), q("installed_rank"), q("version"), q("description"), q("type"),
        q("script"), q("checksum"), q("installed_by"), q("execution_ms"), q("success"),
        q("failed_statement"));
  }
  const v5validate::Report report = validate(spec_text_);
  const std::string text = v5validate::format_text(report);
  bool failed = false;
  for (const auto& f : report.findings()) {
    failed = failed || (f.code == "V305" &&
                        f.message.find("ALTER TABLE members ADD phone") != std::string::npos);
  }
  EXPECT_TRUE(failed) << text;
  EXPECT_FALSE(report.valid());
  EXPECT_EQ(report.levels_run(), (std::vector<int>{1, 2, 3}));
}

TEST_P(DatabaseLevel, UnreachableDatabaseIsV301WithoutThePassword) {
  const std::string secret = "wrong_pw_v5check";
  const std::string bad_dsn = GetParam() == BackendKind::sqlite
                                  ? "db=/nonexistent_v5_dir/" + secret + "/x.db"
                                  : closed_port_dsn(dsn_, secret);
  ::setenv("V5_VALIDATE_LIVE_DSN", bad_dsn.c_str(), 1);
  const v5validate::Report report = validate(spec_text_);
  EXPECT_TRUE(report.database_unreachable()) << v5validate::format_text(report);
  EXPECT_FALSE(report.valid());
  EXPECT_EQ(report.levels_run(), (std::vector<int>{1, 2, 3}));
  if (GetParam() != BackendKind::sqlite) {
    const std::string out = v5validate::format_text(report) + v5validate::format_json(report) +
                            v5validate::format_junit(report);
    EXPECT_EQ(out.find(secret), std::string::npos) << out;
  }
}

TEST_P(DatabaseLevel, CommandExitsThreeWhenUnreachable) {
  if (GetParam() == BackendKind::sqlite) return;
  const std::string secret = "wrong_pw_v5check";
  ::setenv("V5_VALIDATE_LIVE_DSN", closed_port_dsn(dsn_, secret).c_str(), 1);
  const auto [status, output] = run_v5gen_validate(spec_text_, "json");
  EXPECT_EQ(status, 3) << output;
  EXPECT_NE(output.find("V301"), std::string::npos) << output;
  EXPECT_EQ(output.find(secret), std::string::npos) << output;
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseLevel, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

// A wrong password on a server of the test's own that checks passwords (the shared dev
// PostgreSQL may use `trust` authentication, which lets any password in).
class WrongPassword : public testing::TestWithParam<BackendKind> {
 protected:
  WrongPassword()
      : server_(GetParam(), v5test::PrivateServer::Auth::password),
        spec_text_(replace_all(kSpec, "BACKEND", std::string(v5store::to_string(GetParam())))) {}

  std::string dsn_with_password(const std::string& password) const {
    return replace_all(server_.dsn(), std::string("password=") + v5test::PrivateServer::kPassword,
                       "password=" + password);
  }

  v5test::PrivateServer server_;
  std::string spec_text_;
};

TEST_P(WrongPassword, IsV301AndExitsThreeWithoutThePassword) {
  v5validate::Options options;
  options.live = true;
  options.server_cores = 4;
  ::setenv("V5_VALIDATE_LIVE_DSN", dsn_with_password(v5test::PrivateServer::kPassword).c_str(), 1);
  const v5validate::Report right = v5validate::Orchestrator::run_text(spec_text_, options);
  EXPECT_FALSE(right.database_unreachable()) << v5validate::format_text(right);

  const std::string secret = "wrong_pw_v5check";
  ::setenv("V5_VALIDATE_LIVE_DSN", dsn_with_password(secret).c_str(), 1);
  const v5validate::Report report = v5validate::Orchestrator::run_text(spec_text_, options);
  const std::string out = v5validate::format_text(report) + v5validate::format_json(report) +
                          v5validate::format_junit(report);
  EXPECT_TRUE(report.has_code("V301")) << out;
  EXPECT_TRUE(report.database_unreachable()) << out;
  EXPECT_EQ(out.find(secret), std::string::npos) << out;

  for (const char* format : {"text", "json", "junit"}) {
    const auto [status, output] = run_v5gen_validate(spec_text_, format);
    EXPECT_EQ(status, 3) << format << ":\n" << output;
    EXPECT_NE(output.find("V301"), std::string::npos) << output;
    EXPECT_EQ(output.find(secret), std::string::npos) << output;
  }
}

INSTANTIATE_TEST_SUITE_P(Servers, WrongPassword,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         v5test::BackendName());

}  // namespace
