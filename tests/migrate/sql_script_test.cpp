// Unit tests of the migrator's text handling: statement splitting, checksums, type widening,
// default and type normalisation.
#include "migrate/sql_script.hpp"

#include <gtest/gtest.h>

#include "introspection/type_text.hpp"
#include "migrate/type_change.hpp"
#include "migrate/versioned_loader.hpp"
#include "v5store/internal/backend.hpp"

namespace {

using v5store::detail::split_statements;

TEST(SqlScript, SplitsAtSemicolonsOutsideQuotesAndCommentsAndDropsLeadingComments) {
  const auto statements = split_statements(
      "-- header comment; not a statement\n"
      "CREATE TABLE a (x TEXT DEFAULT 'a;b');\n"
      "/* block; comment */ INSERT INTO a VALUES ('it''s; fine');\n"
      "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
      "  -- trailing comment only\n");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE a (x TEXT DEFAULT 'a;b')");
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES ('it''s; fine')");
  EXPECT_EQ(statements[2], "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql");
}

TEST(SqlScript, LastStatementNeedsNoSemicolon) {
  const auto statements = split_statements("SELECT 1;\nSELECT 2");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1], "SELECT 2");
}

TEST(SqlScript, ChecksumIsCrc32IgnoringCarriageReturns) {
  EXPECT_EQ(v5store::detail::script_checksum("123456789"), 0xCBF43926);
  EXPECT_EQ(v5store::detail::script_checksum("a\r\nb"), v5store::detail::script_checksum("a\nb"));
  EXPECT_NE(v5store::detail::script_checksum("a"), v5store::detail::script_checksum("b"));
}

TEST(SqlScript, VersionsCompareNumerically) {
  using v5store::detail::compare_versions;
  EXPECT_LT(compare_versions("2", "10"), 0);
  EXPECT_GT(compare_versions("1.10", "1.9"), 0);
  EXPECT_EQ(compare_versions("1.0", "1"), 0);
}

TEST(TypeChange, WideningIsRecognised) {
  using v5store::detail::is_widening;
  EXPECT_TRUE(is_widening("varchar(40)", "varchar(80)"));
  EXPECT_FALSE(is_widening("varchar(80)", "varchar(40)"));
  EXPECT_TRUE(is_widening("character varying(10)", "text"));
  EXPECT_TRUE(is_widening("integer", "bigint"));
  EXPECT_FALSE(is_widening("bigint", "integer"));
  EXPECT_TRUE(is_widening("numeric(10,2)", "numeric(12,2)"));
  EXPECT_FALSE(is_widening("numeric(10,2)", "numeric(10,1)"));
  EXPECT_FALSE(is_widening("text", "bigint"));
}

TEST(TypeText, DefaultsAreNormalised) {
  using v5store::detail::normalize_default;
  EXPECT_EQ(normalize_default("'new'::character varying"), "new");
  EXPECT_EQ(normalize_default("'it''s'"), "it's");
  EXPECT_EQ(normalize_default("CURRENT_TIMESTAMP"), "now");
  EXPECT_EQ(normalize_default("current_timestamp(6)"), "now");
  EXPECT_EQ(normalize_default("now()"), "now");
  EXPECT_EQ(normalize_default("(strftime('%Y-%m-%d %H:%M:%f', 'now'))"), "now");
  EXPECT_EQ(normalize_default("true"), "1");
  EXPECT_EQ(normalize_default("(0)"), "0");
  EXPECT_EQ(normalize_default("NULL"), std::nullopt);
}

TEST(TypeText, BackendsNormaliseTheirSpellings) {
  using v5store::BackendKind;
  using v5store::detail::backend_for;
  const auto& pg = backend_for(BackendKind::postgresql);
  EXPECT_EQ(pg.normalize_type("VARCHAR(254)"), pg.normalize_type("character varying(254)"));
  EXPECT_EQ(pg.normalize_type("TIMESTAMP WITH TIME ZONE"), pg.normalize_type("timestamptz"));
  EXPECT_EQ(pg.normalize_type("INTEGER"), pg.normalize_type("int4"));
  const auto& my = backend_for(BackendKind::mysql);
  EXPECT_EQ(my.normalize_type("BIGINT"), my.normalize_type("bigint(20)"));
  EXPECT_EQ(my.normalize_type("TINYINT(1)"), my.normalize_type("tinyint(1)"));
  EXPECT_NE(my.normalize_type("TINYINT(1)"), my.normalize_type("tinyint(4)"));
  EXPECT_EQ(my.normalize_type("JSON"), my.normalize_type("longtext"));
  const auto& lite = backend_for(BackendKind::sqlite);
  EXPECT_EQ(lite.normalize_type("VARCHAR( 32 )"), "varchar(32)");
}

}  // namespace
