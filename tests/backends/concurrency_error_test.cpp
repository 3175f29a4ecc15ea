// Conflicts between two sessions map to the retryable codes: SQLite's busy lock, PostgreSQL's
// serialization failure, and a deadlock on MySQL and PostgreSQL.
#include <future>

#include "backend_fixture.hpp"
#include "v5store/error.hpp"

namespace v5test {
namespace {

using v5store::BackendKind;
using v5store::ErrorCode;
using v5store::FieldType;

class ConflictTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    name_ = table("conflict");
    created_.push_back(name_);
    *session_ << "DROP TABLE IF EXISTS " + backend_->quote(name_);
    *session_ << "CREATE TABLE " + backend_->quote(name_) + " (id INTEGER PRIMARY KEY, n INTEGER)";
    *session_ << "INSERT INTO " + backend_->quote(name_) + " (id, n) VALUES (1, 0)";
    *session_ << "INSERT INTO " + backend_->quote(name_) + " (id, n) VALUES (2, 0)";
  }

  // The code `sql` fails with on `session`, or unknown when it succeeds.
  ErrorCode failure_of(soci::session& session, const std::string& sql) {
    try {
      v5store::detail::BoundStatement st(session, *backend_, sql, {}, {});
      st.execute();
    } catch (const v5store::Error& e) {
      EXPECT_TRUE(e.retryable()) << e.what();
      return e.code();
    }
    ADD_FAILURE() << "no conflict from " << sql;
    return ErrorCode::unknown;
  }

  void begin(soci::session& session, v5store::IsolationLevel level) {
    v5store::TransactionOptions options;
    options.isolation = level;
    for (const auto& sql : backend_->begin_transaction(options)) session << sql;
  }

  std::string update(int id) const {
    return "UPDATE " + backend_->quote(name_) + " SET n = n + 1 WHERE id = " + std::to_string(id);
  }

  std::string name_;
};

// SQLite and PostgreSQL refuse the second of two conflicting writers outright.
class SerializationTest : public ConflictTest {};

TEST_P(SerializationTest, ConflictingWriterIsASerializationFailure) {
  auto other = backend_->open(GetParam() == BackendKind::sqlite ? dsn_ + " timeout=0" : dsn_,
                              std::chrono::seconds(5));
  switch (GetParam()) {
    case BackendKind::sqlite: {
      // timeout=0: no busy wait, the second writer fails at once.
      begin(*session_, v5store::IsolationLevel::default_level);
      *session_ << update(1);
      EXPECT_EQ(failure_of(*other, "BEGIN IMMEDIATE"), ErrorCode::serialization_failure);
      *session_ << "ROLLBACK";
      break;
    }
    case BackendKind::postgresql: {
      // Write skew under SERIALIZABLE: both read what the other writes.
      const std::string sum = "SELECT SUM(n) FROM " + backend_->quote(name_);
      int total = 0;
      begin(*session_, v5store::IsolationLevel::serializable);
      begin(*other, v5store::IsolationLevel::serializable);
      *session_ << sum, soci::into(total);
      *other << sum, soci::into(total);
      *session_ << update(1);
      *other << update(2);
      *session_ << "COMMIT";
      EXPECT_EQ(failure_of(*other, "COMMIT"), ErrorCode::serialization_failure);
      break;
    }
    case BackendKind::mysql:
      FAIL() << "InnoDB makes this a deadlock: see CrossedRowLocksAreADeadlock";
  }
}

// Each session holds one row and asks for the other's, in either order: the server picks a
// deadlock victim (InnoDB at once, PostgreSQL after deadlock_timeout).
class DeadlockTest : public ConflictTest {};

TEST_P(DeadlockTest, CrossedRowLocksAreADeadlock) {
  auto other = backend_->open(dsn_, std::chrono::seconds(5));
  begin(*session_, v5store::IsolationLevel::default_level);
  begin(*other, v5store::IsolationLevel::default_level);
  *session_ << update(1);
  *other << update(2);
  auto mapped = [this](soci::session& session, const std::string& sql) {
    try {
      session << sql;
      return ErrorCode::unknown;
    } catch (const soci::soci_error& e) {
      return backend_->map_error(e).code;
    }
  };
  auto first = std::async(std::launch::async, [&] { return mapped(*session_, update(2)); });
  const ErrorCode second = mapped(*other, update(1));
  const ErrorCode first_code = first.get();
  EXPECT_TRUE(first_code == ErrorCode::deadlock || second == ErrorCode::deadlock)
      << v5store::to_string(first_code) << " / " << v5store::to_string(second);
  *session_ << "ROLLBACK";
  *other << "ROLLBACK";
}

INSTANTIATE_TEST_SUITE_P(Backends, SerializationTest,
                         testing::Values(BackendKind::sqlite, BackendKind::postgresql),
                         BackendName());

// SQLite has one writer at a time and no row locks, so no deadlock.
INSTANTIATE_TEST_SUITE_P(Servers, DeadlockTest,
                         testing::Values(BackendKind::postgresql, BackendKind::mysql),
                         BackendName());

}  // namespace
}  // namespace v5test
