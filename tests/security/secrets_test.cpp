// Secrets and exposure: DSN passwords never reach exceptions or metrics, the monitoring
// endpoint binds to loopback by default, SQLite files are created 0600.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "env_guard.hpp"
#include "test_databases.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/monitoring_server.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"
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

// A password with spaces, both quotes, a backslash and a separator, taken from the
// environment by `password=${VAR}` in a spec's DSN (issue 17, item 7): the expansion quotes it
// for the DSN, so the server sees exactly that password, and the redacted DSN shows none of it.
TEST_P(Secrets, APasswordWithSpacesAndQuotesFromTheEnvironmentLogsIn) {
  const auto kind = GetParam();
  const std::string admin_dsn = v5test::dsn_for(kind, "reliability_odd_password");
  ASSERT_FALSE(admin_dsn.empty());
  const std::string password = "p q'x\"\\;&end";
  const std::string user = "v5odd" + std::to_string(::getpid());
  v5store::DatabaseSpec admin_database;
  admin_database.name = "admin";
  admin_database.backend = kind;
  admin_database.dsn = admin_dsn;
  v5store::ConnectionPool admin_pool(admin_database);
  v5store::Lease admin_lease = admin_pool.acquire();
  soci::session& admin = admin_lease.session();
  if (kind == BackendKind::postgresql) {  // the pool's sessions use standard_conforming_strings
    admin << "DROP ROLE IF EXISTS " + user;
    admin << "CREATE ROLE " + user + " LOGIN PASSWORD 'p q''x\"\\;&end'";
  } else {
    admin << "DROP USER IF EXISTS '" + user + "'@'%'";
    admin << "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'p q\\'x\"\\\\;&end'";
    admin << "GRANT SELECT ON " + v5store::parse_dsn(admin_dsn).at("db") + ".* TO '" + user +
                 "'@'%'";
  }
  std::string dsn_template;
  for (const auto& [key, value] : v5store::parse_dsn(admin_dsn)) {
    if (key != "user" && key != "password") dsn_template += key + "=" + value + " ";
  }
  dsn_template += "user=" + user + " password=${V5_TEST_ODD_PASSWORD}";
  {
    v5test::EnvGuard secret("V5_TEST_ODD_PASSWORD", password);
    const v5store::SystemSpec spec = v5store::parse_spec_string(
        "schema_version: 1\nsystem: { name: odd, version: 1 }\ndatabases:\n  main: { backend: " +
        std::string(kind == BackendKind::postgresql ? "postgresql" : "mysql") + ", dsn: \"" +
        dsn_template + "\" }\n");
    const v5store::DatabaseSpec& database = spec.databases.front();
    EXPECT_EQ(v5store::parse_dsn(database.dsn).at("password"), password);
    const std::string shown = v5store::redact_dsn(database.dsn);
    for (const std::string part : {"p q", "q'x", "\\;", "&end"}) {
      EXPECT_EQ(shown.find(part), std::string::npos) << shown;
    }
    v5store::ConnectionPool pool(database);
    v5store::Lease lease = pool.acquire();
    std::string who;
    lease.session() << (kind == BackendKind::postgresql ? "SELECT current_user"
                                                        : "SELECT SUBSTRING_INDEX(USER(), '@', 1)"),
        soci::into(who);
    EXPECT_EQ(who, user);
  }
  if (kind == BackendKind::postgresql) {
    admin << "DROP ROLE " + user;
  } else {
    admin << "DROP USER '" + user + "'@'%'";
  }
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
