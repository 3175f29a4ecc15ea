// CHECK constraints read out of CREATE TABLE text, attributed to columns and compared by
// signature, with the spellings the three catalogs really use.
#include "introspection/check_constraints.hpp"

#include <gtest/gtest.h>

namespace {

using v5store::detail::check_signature;
using v5store::detail::checks_in_create_table;

TEST(CheckConstraints, ColumnAndTableChecksOfSqliteText) {
  const auto checks = checks_in_create_table(
      "CREATE TABLE \"orders\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, "
      "\"status\" TEXT NOT NULL DEFAULT 'new' CHECK (\"status\" IN ('new', 'paid, or not')), "
      "\"note\" TEXT CHECK (length(\"note\") <= 500), "
      "CONSTRAINT \"ck_pair\" CHECK (\"id\" > 0 AND \"status\" <> 'x'), "
      "FOREIGN KEY (\"id\") REFERENCES \"other\" (\"id\"))");
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_EQ(checks[0].column, "status");
  EXPECT_TRUE(checks[0].part_of_column);
  EXPECT_EQ(checks[0].expression, "\"status\" IN ('new', 'paid, or not')");
  EXPECT_EQ(checks[1].column, "note");
  EXPECT_EQ(checks[1].expression, "length(\"note\") <= 500");
  EXPECT_EQ(checks[2].name, "ck_pair");
  EXPECT_EQ(checks[2].column, "");
  EXPECT_FALSE(checks[2].part_of_column);
}

TEST(CheckConstraints, MysqlShowCreateTableText) {
  // MariaDB keeps column checks in the column; MySQL 8 makes them named table constraints
  // with charset introducers.
  const auto mariadb = checks_in_create_table(
      "CREATE TABLE `orders` (\n  `status` varchar(64) NOT NULL DEFAULT 'new' CHECK (`status` "
      "in ('new','paid')),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB");
  ASSERT_EQ(mariadb.size(), 1u);
  EXPECT_EQ(mariadb[0].column, "status");
  const auto mysql8 = checks_in_create_table(
      "CREATE TABLE `orders` (\n  `status` varchar(64) NOT NULL,\n  CONSTRAINT `orders_chk_1` "
      "CHECK ((`status` in (_utf8mb4'new',_utf8mb4'paid')))\n) ENGINE=InnoDB");
  ASSERT_EQ(mysql8.size(), 1u);
  EXPECT_EQ(mysql8[0].name, "orders_chk_1");
  EXPECT_EQ(check_signature(mariadb[0].expression), check_signature(mysql8[0].expression));
}

TEST(CheckConstraints, AttributionIgnoresCastsAndFunctionsAndSeveralColumns) {
  v5store::LiveTable table;
  table.name = "t";
  table.columns = {{"status"}, {"text"}, {"qty"}, {"length"}};
  v5store::detail::add_check(
      table, {"t_status_check",
              "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::text])::text[]))", "",
              false});
  v5store::detail::add_check(table, {"", "length(`qty`) <= 5", "", false});
  v5store::detail::add_check(table, {"pair", "qty > 0 AND status <> 'x'", "", false});
  ASSERT_EQ(table.checks.size(), 3u);
  EXPECT_EQ(table.checks[0].column, "status");
  EXPECT_EQ(table.checks[1].column, "qty");
  EXPECT_EQ(table.checks[2].column, "");
}

TEST(CheckConstraints, SignaturesAgreeAcrossCatalogSpellings) {
  // Declared (v5store's DDL) and what PostgreSQL, MariaDB and SQLite give back.
  EXPECT_EQ(check_signature("\"status\" IN ('new', 'paid')"),
            check_signature("((status)::text = ANY ((ARRAY['new'::character varying, "
                            "'paid'::character varying])::text[]))"));
  EXPECT_EQ(check_signature("\"qty\" >= -5 AND \"qty\" <= 9000000000"),
            check_signature("((qty >= '-5'::integer) AND (qty <= '9000000000'::bigint))"));
  EXPECT_EQ(check_signature("`price` >= 0"), check_signature("(price >= (0)::numeric)"));
  EXPECT_EQ(check_signature("`price` >= 0.50"), check_signature("(price >= 0.5)"));
  EXPECT_EQ(check_signature("\"n\" BETWEEN -2147483648 AND 2147483647"),
            (std::vector<std::string>{"-2147483648", "2147483647"}));
}

TEST(CheckConstraints, SignaturesTellChangedRulesApart) {
  EXPECT_NE(check_signature("status IN ('new', 'paid')"),
            check_signature("status IN ('new', 'paid', 'refunded')"));
  EXPECT_NE(check_signature("qty >= 0"), check_signature("qty <= 0"));
  EXPECT_NE(check_signature("qty >= 1 AND qty <= 1000"),
            check_signature("qty >= 1 AND qty <= 100"));
  EXPECT_NE(check_signature("line2 >= 2"), check_signature("line2 >= 3"));
  EXPECT_EQ(check_signature("line2 >= 2"), (std::vector<std::string>{"ge 2"}));
}

}  // namespace
