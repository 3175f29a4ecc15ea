// Secrets and exposure: DSN passwords never reach exceptions or metrics, the monitoring
// endpoint binds to loopback by default, SQLite files are created 0600.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "test_databases.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/monitoring_server.hpp"
#include "v5store/pool.hpp"
#include "v5store/store.hpp"

namespace {

using v5store::BackendKind;

const std::string kSecret = "Sup3rS3cretPw";

// Everything an Error carries as text.
std::string error_text(const v5store::Error& e) {
  std::string text = e.what();
  for (const auto& context : e.context()) text += "\n" + context;
  return text;
}

class Secrets : public testing::TestWithParam<BackendKind> {};

// A server DSN with a wrong password: the login fails, and nothing the store reports about
// the failure (the exception, its context, the metrics) contains the password.
TEST_P(Secrets, WrongPasswordNeverAppearsInErrorsOrMetrics) {
  const auto kind = GetParam();
  const auto base = v5test::dsn_for(kind, "reliability_secret");
  ASSERT_FALSE(base.empty());
  const auto at = base.find("password=");
  ASSERT_NE(at, std::string::npos);
  const auto end = base.find(' ', at);
  const auto dsn = base.substr(0, at) + "password=" + kSecret +
                   (end == std::string::npos ? "" : base.substr(end));
  v5store::SystemSpec spec;
  spec.name = "secrets";
  v5store::DatabaseSpec database;
  database.name = "main";
  database.backend = kind;
  database.dsn = dsn;
  database.dsn_template = dsn;
  spec.databases.push_back(database);
  try {
    v5store::V5EnhancedStore store(spec);
    FAIL() << "a wrong password was accepted";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(error_text(e).find(kSecret), std::string::npos) << error_text(e);
  }
  // An unreachable server: the connection error is redacted too.
  const auto unreachable = std::string("host=127.0.0.1 port=1 dbname=x user=u password=") +
                           kSecret;
  database.dsn = unreachable;
  database.dsn_template = unreachable;
  spec.databases = {database};
  try {
    v5store::V5EnhancedStore store(spec);
    FAIL() << "an unreachable server was accepted";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(error_text(e).find(kSecret), std::string::npos) << error_text(e);
  }
}

// A working store: its metrics name the database but never its password.
TEST_P(Secrets, MetricsNeverContainThePassword) {
  const auto kind = GetParam();
  v5store::SystemSpec spec;
  spec.name = "secrets";
  v5store::DatabaseSpec database;
  database.name = "main";
  database.backend = kind;
  database.dsn = v5test::dsn_for(kind, "reliability_secret_metrics");
  database.dsn_template = database.dsn;
  ASSERT_FALSE(database.dsn.empty());
  spec.databases.push_back(database);
  v5store::V5EnhancedStore store(spec);
  store.transact([](v5store::Transaction&) {});
  const auto text = store.metrics().render_prometheus();
  const auto parts = v5store::parse_dsn(database.dsn);
  if (auto it = parts.find("password"); it != parts.end()) {
    EXPECT_EQ(text.find(it->second), std::string::npos);
  }
  EXPECT_EQ(text.find(database.dsn), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Servers, Secrets,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         v5test::BackendName());

TEST(Redaction, DsnAndSecretsAreMasked) {
  const std::string dsn = "host=db port=5432 user=app password=" + kSecret;
  EXPECT_EQ(v5store::redact_dsn(dsn).find(kSecret), std::string::npos);
  EXPECT_EQ(v5store::redact_secrets("connect failed for " + dsn + ": " + kSecret, dsn)
                .find(kSecret),
            std::string::npos);
}

TEST(MonitoringDefaults, BindsToLoopback) {
  const v5store::MonitoringServerOptions options;
  EXPECT_EQ(options.listen.rfind("127.0.0.1:", 0), 0u) << options.listen;
}

TEST(SqliteFiles, AreCreatedOwnerOnly) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("reliability_mode_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(file);
  const auto old_mask = ::umask(022);
  {
    v5store::SystemSpec spec;
    spec.name = "mode";
    v5store::DatabaseSpec database;
    database.name = "main";
    database.backend = BackendKind::sqlite;
    database.dsn = "db=" + file.string();
    database.dsn_template = database.dsn;
    spec.databases.push_back(database);
    v5store::V5EnhancedStore store(spec);
    store.transact([](v5store::Transaction& tx) {
      tx.session() << "CREATE TABLE reliability_mode (id INTEGER PRIMARY KEY)";
    });
    struct stat info {};
    ASSERT_EQ(::stat(file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
  }
  ::umask(old_mask);
  std::filesystem::remove(file);
}

}  // namespace
