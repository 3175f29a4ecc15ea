// Opening sessions: what each backend switches on, and failures that must be Error(connection)
// without the password in the message.
#include <sys/stat.h>

#include <regex>

#include "backend_fixture.hpp"
#include "v5store/error.hpp"

namespace v5test {
namespace {

using v5store::BackendKind;
using v5store::ErrorCode;

class BackendOpen : public BackendTest {};

TEST_P(BackendOpen, UnreachableServerFailsQuicklyWithConnectionError) {
  std::string dsn;
  switch (GetParam()) {
    case BackendKind::sqlite:
      dsn = "db=/nonexistent-dir/fnd/x.db";
      break;
    case BackendKind::postgresql:
      dsn = "host=127.0.0.1 port=1 dbname=x user=u password=s3cret";
      break;
    case BackendKind::mysql:
      dsn = "host=127.0.0.1 port=1 db=x user=u password=s3cret";
      break;
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    backend_->open(dsn, std::chrono::milliseconds(1000));
    ADD_FAILURE() << "opened " << dsn;
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.what();
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

class ServerTimeout : public BackendTest {};

// 192.0.2.1 (TEST-NET-1) is never routed: the connect timeout, not the OS, ends the attempt.
TEST_P(ServerTimeout, SilentServerFailsWithinTheConnectTimeout) {
  const std::string dsn = GetParam() == BackendKind::postgresql
                              ? "host=192.0.2.1 port=5432 dbname=x user=u password=s3cret"
                              : "host=192.0.2.1 port=3306 db=x user=u password=s3cret";
  const auto start = std::chrono::steady_clock::now();
  try {
    backend_->open(dsn, std::chrono::milliseconds(1000));
    ADD_FAILURE() << "opened " << dsn;
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.what();
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
  // libpq rounds connect_timeout up to at least 2 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerTimeout,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         BackendName());

INSTANTIATE_TEST_SUITE_P(AllBackends, BackendOpen, testing::ValuesIn(all_backends()),
                         BackendName());

class ServerOpen : public BackendTest {};

TEST_P(ServerOpen, RefusedPasswordIsConnectionErrorWithoutThePassword) {
  const std::string secret = "Wr0ng-Pa55word-fnd";
  const std::string dsn =
      std::regex_replace(dsn_, std::regex("password=[^ ]*"), "password=" + secret);
  ASSERT_NE(dsn, dsn_);
  try {
    backend_->open(dsn, std::chrono::seconds(5));
    ADD_FAILURE() << "the server accepted a wrong password";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.what();
    EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos) << e.what();
    if (GetParam() == BackendKind::mysql) {
      EXPECT_EQ(e.backend_code(), "1045") << e.what();  // libpq gives no SQLSTATE here
    }
  }
}

TEST_P(ServerOpen, SessionIsUtcAndStrict) {
  std::string zone;
  if (GetParam() == BackendKind::postgresql) {
    *session_ << "SHOW TimeZone", soci::into(zone);
    EXPECT_EQ(zone, "UTC");
  } else {
    std::string mode;
    *session_ << "SELECT @@session.time_zone, @@session.sql_mode", soci::into(zone),
        soci::into(mode);
    EXPECT_EQ(zone, "+00:00");
    EXPECT_NE(mode.find("STRICT_ALL_TABLES"), std::string::npos) << mode;
    std::string charset;
    *session_ << "SELECT @@character_set_client", soci::into(charset);
    EXPECT_EQ(charset, "utf8mb4");
  }
}

// A session the server killed: a statement prepared before fails with Error(connection) (and
// can still be destroyed), and so does preparing a new one.
TEST_P(ServerOpen, KilledSessionMapsToConnectionError) {
  long long id = 0;
  const bool postgresql = GetParam() == BackendKind::postgresql;
  *session_ << (postgresql ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()"), soci::into(id);
  auto prepared = std::make_unique<v5store::detail::BoundStatement>(
      *session_, *backend_, "SELECT 1", std::vector<v5store::FieldType>{},
      std::vector<v5store::FieldType>{v5store::FieldType::int64});
  ASSERT_TRUE(prepared->execute());
  auto killer = backend_->open(dsn_, std::chrono::seconds(5));
  *killer << (postgresql ? "SELECT pg_terminate_backend(" + std::to_string(id) + ")"
                         : "KILL " + std::to_string(id));
  try {
    prepared->execute();
    ADD_FAILURE() << "a killed session still answers";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.backend_code() << ": " << e.what();
  }
  prepared.reset();
  try {
    v5store::detail::BoundStatement fresh(*session_, *backend_, "SELECT 2", {},
                                          {v5store::FieldType::int64});
    fresh.execute();
    ADD_FAILURE() << "a killed session still prepares";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::connection) << e.backend_code() << ": " << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerOpen,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         BackendName());

TEST(SqliteOpen, CreatesAPrivateFileInWalModeWithForeignKeys) {
  const auto& backend = v5store::detail::backend_for(BackendKind::sqlite);
  const std::string dsn = dsn_for(BackendKind::sqlite, "fnd_open");
  const std::string path = dsn.substr(3);
  {
    auto session = backend.open(dsn, std::chrono::seconds(1));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::string mode;
    int foreign_keys = 0;
    *session << "PRAGMA journal_mode", soci::into(mode);
    *session << "PRAGMA foreign_keys", soci::into(foreign_keys);
    EXPECT_EQ(mode, "wal");
    EXPECT_EQ(foreign_keys, 1);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

TEST(SqliteOpen, InMemoryDatabaseOpens) {
  const auto& backend = v5store::detail::backend_for(BackendKind::sqlite);
  auto session = backend.open("db=:memory:", std::chrono::seconds(1));
  EXPECT_NO_THROW(backend.ping(*session));
}

}  // namespace
}  // namespace v5test
