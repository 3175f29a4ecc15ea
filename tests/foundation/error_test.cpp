#include "v5store/error.hpp"

#include <string>

#include <gtest/gtest.h>

namespace {

using v5store::Error;
using v5store::ErrorCode;

TEST(Error, CarriesCodeMessageAndBackendCode) {
  const Error e(ErrorCode::unique_violation, "duplicate key", "23505");
  EXPECT_EQ(e.code(), ErrorCode::unique_violation);
  EXPECT_EQ(e.backend_code(), "23505");
  EXPECT_STREQ(e.what(), "duplicate key");
  EXPECT_TRUE(e.context().empty());
}

TEST(Error, AppendsContextInnermostFirst) {
  Error e(ErrorCode::deadlock, "deadlock detected");
  e.add_context("insert into orders").add_context("database main");
  ASSERT_EQ(e.context().size(), 2u);
  EXPECT_EQ(e.context()[0], "insert into orders");
  EXPECT_STREQ(e.what(), "deadlock detected (insert into orders; database main)");
}

TEST(Error, RetryableCodes) {
  for (auto code : {ErrorCode::serialization_failure, ErrorCode::deadlock, ErrorCode::pool_timeout,
                    ErrorCode::connection}) {
    EXPECT_TRUE(Error(code, "x").retryable()) << v5store::to_string(code);
  }
  for (auto code : {ErrorCode::commit_unknown, ErrorCode::unique_violation, ErrorCode::validation,
                    ErrorCode::circuit_open, ErrorCode::unknown}) {
    EXPECT_FALSE(Error(code, "x").retryable()) << v5store::to_string(code);
  }
}

TEST(Error, ConstraintViolationCodes) {
  EXPECT_TRUE(v5store::is_constraint_violation(ErrorCode::unique_violation));
  EXPECT_TRUE(v5store::is_constraint_violation(ErrorCode::foreign_key_violation));
  EXPECT_TRUE(v5store::is_constraint_violation(ErrorCode::not_null_violation));
  EXPECT_TRUE(v5store::is_constraint_violation(ErrorCode::check_violation));
  EXPECT_FALSE(v5store::is_constraint_violation(ErrorCode::validation));
  EXPECT_FALSE(v5store::is_constraint_violation(ErrorCode::deadlock));
}

TEST(Error, CodeNamesAreStable) {
  EXPECT_EQ(v5store::to_string(ErrorCode::pool_timeout), "pool_timeout");
  EXPECT_EQ(v5store::to_string(ErrorCode::foreign_key_violation), "foreign_key_violation");
  EXPECT_EQ(v5store::to_string(ErrorCode::commit_unknown), "commit_unknown");
  EXPECT_EQ(v5store::to_string(ErrorCode::unknown), "unknown");
  EXPECT_EQ(v5store::to_string(ErrorCode::misuse), "misuse");
  EXPECT_EQ(v5store::to_string(ErrorCode::cancelled), "cancelled");
}

TEST(Error, CarriesTheDetailsOfAConstraint) {
  Error e(ErrorCode::unique_violation, "duplicate", "23505");
  EXPECT_TRUE(e.constraint().empty());
  EXPECT_TRUE(e.column().empty());
  e.set_details({"customers_email_key", "customers", {"email"}, "customer.email"});
  EXPECT_EQ(e.constraint(), "customers_email_key");
  EXPECT_EQ(e.table(), "customers");
  EXPECT_EQ(e.column(), "email");
  EXPECT_EQ(e.field(), "customer.email");
  EXPECT_EQ(e.backend_code(), "23505");
  EXPECT_FALSE(Error(ErrorCode::cancelled, "x").retryable());
  EXPECT_FALSE(Error(ErrorCode::misuse, "x").retryable());
}

TEST(Error, IsARuntimeError) {
  try {
    throw Error(ErrorCode::config, "bad option");
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "bad option");
  }
}

}  // namespace
