// Unit tests of the DSN helpers: environment expansion, parsing and redaction.
#include "v5store/dsn.hpp"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "env_guard.hpp"
#include "v5store/error.hpp"

namespace {

using v5store::Error;
using v5store::ErrorCode;

// The message of the Error(config) that `fn` throws; fails the test if it throws nothing.
template <typename Fn>
std::string config_error(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::config);
    return e.what();
  }
  ADD_FAILURE() << "expected v5store::Error(config)";
  return {};
}

TEST(ExpandEnv, ReplacesSetVariables) {
  ::setenv("V5_DSN_TEST_HOST", "db.internal", 1);
  EXPECT_EQ(v5store::expand_env("host=${V5_DSN_TEST_HOST} port=5432"),
            "host=db.internal port=5432");
}

TEST(ExpandEnv, UsesDefaultWhenUnsetOrEmpty) {
  ::unsetenv("V5_DSN_TEST_UNSET");
  EXPECT_EQ(v5store::expand_env("${V5_DSN_TEST_UNSET:-shop.db}"), "shop.db");
  EXPECT_EQ(v5store::expand_env("${V5_DSN_TEST_UNSET:-}"), "");
  ::setenv("V5_DSN_TEST_EMPTY", "", 1);
  EXPECT_EQ(v5store::expand_env("${V5_DSN_TEST_EMPTY:-fallback}"), "fallback");
  EXPECT_EQ(v5store::expand_env("[${V5_DSN_TEST_EMPTY}]"), "[]");
}

TEST(ExpandEnv, SetVariableWinsOverDefault) {
  ::setenv("V5_DSN_TEST_DB", "/var/lib/shop.db", 1);
  EXPECT_EQ(v5store::expand_env("${V5_DSN_TEST_DB:-shop.db}"), "/var/lib/shop.db");
}

TEST(ExpandEnv, DoubleDollarIsALiteralDollar) {
  EXPECT_EQ(v5store::expand_env("password=a$$b"), "password=a$b");
  EXPECT_EQ(v5store::expand_env("$${NOT_A_REF}"), "${NOT_A_REF}");
  EXPECT_EQ(v5store::expand_env("cost $5 and $"), "cost $5 and $");
}

TEST(ExpandEnv, UnsetWithoutDefaultNamesTheVariable) {
  ::unsetenv("V5_DSN_TEST_MISSING");
  const std::string message =
      config_error([] { v5store::expand_env("host=h password=${V5_DSN_TEST_MISSING}"); });
  EXPECT_NE(message.find("V5_DSN_TEST_MISSING"), std::string::npos) << message;
  EXPECT_NE(message.find("not set"), std::string::npos) << message;
}

TEST(ExpandEnv, UnterminatedReferenceIsAnError) {
  const std::string message = config_error([] { v5store::expand_env("db=${V5_DSN_TEST_DB"); });
  EXPECT_NE(message.find("unterminated"), std::string::npos) << message;
  EXPECT_NE(message.find("V5_DSN_TEST_DB"), std::string::npos) << message;
}

TEST(ExpandEnv, MalformedReferencesAreErrors) {
  config_error([] { v5store::expand_env("${}"); });
  config_error([] { v5store::expand_env("${A-B}"); });
}

// A value from the environment reaches the driver unchanged wherever its reference stands.
TEST(ExpandDsnEnv, QuotesABareValueWithSpacesAndQuotes) {
  v5test::EnvGuard password("V5_DSN_TEST_PW", "p q'x\"\\;&end");
  const std::string dsn = v5store::expand_dsn_env("host=h user=app password=${V5_DSN_TEST_PW}");
  EXPECT_EQ(dsn, "host=h user=app password='p\\ q\\'x\\\"\\\\\\;\\&end'");
  const auto pairs = v5store::parse_dsn(dsn);
  EXPECT_EQ(pairs.at("password"), "p q'x\"\\;&end");
  EXPECT_EQ(pairs.at("user"), "app");
  const std::string shown = v5store::redact_dsn(dsn);
  EXPECT_EQ(shown, "host=h user=app password=***");
}

TEST(ExpandDsnEnv, EscapesInsideQuotesAndInsideABareValue) {
  v5test::EnvGuard password("V5_DSN_TEST_PW", "it's \\ me");
  EXPECT_EQ(v5store::parse_dsn(v5store::expand_dsn_env("password='${V5_DSN_TEST_PW}' u=x"))
                .at("password"),
            "it's \\ me");
  EXPECT_EQ(v5store::parse_dsn(v5store::expand_dsn_env("password=a${V5_DSN_TEST_PW}b u=x"))
                .at("password"),
            "ait's \\ meb");
}

TEST(ExpandDsnEnv, LeavesPlainValuesPathsAndWholeDsnsAlone) {
  v5test::EnvGuard host("V5_DSN_TEST_HOST", "db.internal");
  v5test::EnvGuard dir("V5_DSN_TEST_DIR", "/srv/my data");
  v5test::EnvGuard whole("V5_DSN_TEST_WHOLE", "host=a password='x y'");
  EXPECT_EQ(v5store::expand_dsn_env("host=${V5_DSN_TEST_HOST} port=5432"),
            "host=db.internal port=5432");
  EXPECT_EQ(v5store::expand_dsn_env("${V5_DSN_TEST_DIR}/shop.db"), "/srv/my data/shop.db");
  EXPECT_EQ(v5store::expand_dsn_env("${V5_DSN_TEST_WHOLE}"), "host=a password='x y'");
  EXPECT_EQ(v5store::expand_dsn_env("host=${V5_DSN_TEST_UNSET_X:-a b}"), "host='a\\ b'");
}

TEST(ExpandDsnEnv, PercentEncodesInAUrl) {
  v5test::EnvGuard password("V5_DSN_TEST_PW", "p@ss/w:rd q");
  EXPECT_EQ(v5store::expand_dsn_env("postgresql://app:${V5_DSN_TEST_PW}@db/shop"),
            "postgresql://app:p%40ss%2Fw%3Ard%20q@db/shop");
}

TEST(RedactDsn, MasksKeyValuePasswords) {
  EXPECT_EQ(v5store::redact_dsn("host=h port=5432 user=app password=s3cret dbname=x"),
            "host=h port=5432 user=app password=*** dbname=x");
  EXPECT_EQ(v5store::redact_dsn("db=x user=u pass=abc"), "db=x user=u pass=***");
  EXPECT_EQ(v5store::redact_dsn("Server=h;Uid=u;Pwd=abc;Database=d"),
            "Server=h;Uid=u;Pwd=***;Database=d");
  EXPECT_EQ(v5store::redact_dsn("PASSWORD = abc host=h"), "PASSWORD = *** host=h");
}

TEST(RedactDsn, MasksQuotedPasswordWithSpaces) {
  const std::string redacted =
      v5store::redact_dsn("host=h user=u password='my s3cret \\' pw' dbname=d");
  EXPECT_EQ(redacted, "host=h user=u password=*** dbname=d");
}

TEST(RedactDsn, MasksUrlPasswords) {
  EXPECT_EQ(v5store::redact_dsn("postgresql://app:s3cret@db.internal:5432/ledger"),
            "postgresql://app:***@db.internal:5432/ledger");
  EXPECT_EQ(v5store::redact_dsn("mysql://app:p%40ss@h/db?password=other"),
            "mysql://app:***@h/db?password=***");
  EXPECT_EQ(v5store::redact_dsn("postgresql://app@h/db"), "postgresql://app@h/db");
}

// Found by dsn_fuzzer (seed fuzz/corpus/dsn_fuzzer/password_in_other_value): the password's
// text inside another key's value survived redaction.
TEST(RedactDsn, MasksThePasswordWhereverItAppears) {
  EXPECT_EQ(v5store::redact_dsn("host=h user=app_s3cretpw password=s3cretpw"),
            "host=h user=app_*** password=***");
  EXPECT_EQ(v5store::redact_dsn("options='-c x=pw 1234' password='pw 1234'"),
            "options='-c x=***' password=***");
}

// Found by dsn_fuzzer (seed fuzz/corpus/dsn_fuzzer/passwords_of_mask_characters): passwords
// made of the mask's own characters made the output grow with every secret masked.
TEST(RedactDsn, PasswordsOfMaskCharactersDoNotGrowTheOutput) {
  EXPECT_EQ(v5store::redact_dsn("password=* password=** password=***"),
            "password=*** password=*** password=***");
}

TEST(RedactDsn, LeavesDsnsWithoutSecretsAlone) {
  EXPECT_EQ(v5store::redact_dsn("shop.db"), "shop.db");
  EXPECT_EQ(v5store::redact_dsn("db=/tmp/x.db timeout=5"), "db=/tmp/x.db timeout=5");
  EXPECT_EQ(v5store::redact_dsn(""), "");
}

TEST(RedactSecrets, ScrubsPasswordsFromDriverMessages) {
  const std::string dsn = "host=h user=app password='my s3cret' dbname=d";
  const std::string text =
      "connection to host=h user=app password='my s3cret' failed; auth 'my s3cret' rejected";
  const std::string scrubbed = v5store::redact_secrets(text, dsn);
  EXPECT_EQ(scrubbed.find("s3cret"), std::string::npos) << scrubbed;
  EXPECT_EQ(scrubbed, "connection to host=h user=app password=*** failed; auth *** rejected");
}

TEST(RedactSecrets, ScrubsUrlPasswordsRawAndDecoded) {
  const std::string dsn = "postgresql://app:p%40ss@h/db";
  EXPECT_EQ(v5store::redact_secrets("bad password p@ss for p%40ss", dsn),
            "bad password *** for ***");
}

TEST(RedactSecrets, LeavesTextAloneWhenDsnHasNoPassword) {
  EXPECT_EQ(v5store::redact_secrets("disk I/O error", "db=shop.db"), "disk I/O error");
}

TEST(ParseDsn, ParsesKeyValuePairs) {
  const auto pairs =
      v5store::parse_dsn("host=127.0.0.1 port=5432 dbname=v5test user=postgres password='p q'");
  ASSERT_EQ(pairs.size(), 5u);
  EXPECT_EQ(pairs.at("host"), "127.0.0.1");
  EXPECT_EQ(pairs.at("port"), "5432");
  EXPECT_EQ(pairs.at("dbname"), "v5test");
  EXPECT_EQ(pairs.at("user"), "postgres");
  EXPECT_EQ(pairs.at("password"), "p q");
}

TEST(ParseDsn, UnescapesQuotedValues) {
  const auto pairs = v5store::parse_dsn("password='it\\'s' note = 'a\\\\b' empty=''");
  EXPECT_EQ(pairs.at("password"), "it's");
  EXPECT_EQ(pairs.at("note"), "a\\b");
  EXPECT_EQ(pairs.at("empty"), "");
}

TEST(ParseDsn, PlainPathIsTheSqliteDatabase) {
  EXPECT_EQ(v5store::parse_dsn("shop.db"), (std::map<std::string, std::string>{{"db", "shop.db"}}));
  EXPECT_EQ(v5store::parse_dsn("/var/lib/v5/shop.db").at("db"), "/var/lib/v5/shop.db");
  EXPECT_EQ(v5store::parse_dsn(":memory:").at("db"), ":memory:");
  EXPECT_EQ(v5store::parse_dsn("db=shop.db timeout=5").at("timeout"), "5");
}

TEST(ParseDsn, UnterminatedQuoteIsAnErrorWithoutTheSecret) {
  const std::string message =
      config_error([] { v5store::parse_dsn("host=h password='s3cret user=u"); });
  EXPECT_NE(message.find("password"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
}

TEST(ParseDsn, BareTokenIsAnErrorWithoutItsText) {
  const std::string message = config_error([] { v5store::parse_dsn("host=h password=my s3cret"); });
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
}

}  // namespace
