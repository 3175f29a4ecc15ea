// Every value a write lets through can be read back, on every backend (issue 15, items 5 and
// 6): impossible and out-of-range dates and timestamps are refused at validation with the
// field's path; text with a NUL character is refused on PostgreSQL (which would cut it) and
// kept byte for byte elsewhere; a row whose stored value cannot be read is reported with its
// key instead of failing the result anonymously.
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "spec_tables_fixture.hpp"
#include "v5store/error.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/schema.hpp"
#include "v5store/spec.hpp"

namespace {

using namespace std::chrono;
using v5store::BackendKind;
using v5store::Record;

class StoredValues : public v5test::SpecTablesFixture {
 protected:
  void SetUp() override {
    table_ = table_name("sv") + "_event";
    open(
        "schema_version: 1\n"
        "system: { name: stored, version: 1 }\n"
        "databases:\n  main: { backend: sqlite, dsn: \"x\" }\n"
        "entities:\n  event:\n    table: " +
            table_ +
            "\n    fields:\n"
            "      id:   { type: int64, primary_key: true }\n"
            "      day:  { type: date, nullable: true }\n"
            "      at:   { type: timestamp, nullable: true }\n"
            "      note: { type: text, nullable: true }\n"
            "      code: { type: string, max_length: 20, nullable: true }\n",
        "stored_values");
  }

  long long rows() { return rows_of(table_); }

  // Runs `write`, expects Error(validation) whose message names `path` and `rule`.
  template <class Fn>
  void expect_refused(Fn&& write, const std::string& path, const std::string& rule) {
    try {
      write();
      ADD_FAILURE() << "no error for " << path;
    } catch (const v5store::Error& e) {
      EXPECT_EQ(e.code(), v5store::ErrorCode::validation) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(rule), std::string::npos) << e.what();
    }
  }

  std::string table_;
};

TEST_P(StoredValues, ImpossibleAndOutOfRangeDatesAreRefusedWithTheFieldPath) {
  const v5store::Date impossible = year{2023} / February / 30;
  const v5store::Date before_year_one = year{-100} / January / 1;
  const v5store::Date after_9999 = year{10000} / January / 1;
  for (const v5store::Value& day :
       {v5store::Value(impossible), v5store::Value(before_year_one), v5store::Value(after_9999),
        v5store::Value(std::string("0000-01-01"))}) {
    SCOPED_TRACE(v5store::to_display_string(day));
    expect_refused(
        [&] {
          records_->insert("event", Record{{"id", 1}, {"day", day}});
        },
        "event.day", "range");
    expect_refused(
        [&] {
          records_->insert_many("event", {Record{{"id", 1}, {"day", day}}});
        },
        "event.day", "range");
  }
  expect_refused(
      [&] {
        records_->insert("event", Record{{"id", 1}, {"day", "2023-02-30"}});
      },
      "event.day", "format");
  for (const v5store::Timestamp at :
       {v5store::Timestamp::max(), v5store::Timestamp::min(),
        v5store::Timestamp(sys_days(year{10000} / January / 1)),
        v5store::Timestamp(sys_days(year{1} / January / 1)) - microseconds(1)}) {
    SCOPED_TRACE(at.time_since_epoch().count());
    expect_refused(
        [&] {
          records_->insert("event", Record{{"id", 1}, {"at", at}});
        },
        "event.at", "range");
  }
  EXPECT_EQ(rows(), 0);
}

TEST_P(StoredValues, TheFirstAndLastStorableDatesAndTimestampsRoundTrip) {
  const v5store::Date first = year{1} / January / 1;
  const v5store::Date last = year{9999} / December / 31;
  const v5store::Timestamp first_at{sys_days(first)};
  const v5store::Timestamp last_at = v5store::Timestamp(sys_days(last)) + hours(23) + minutes(59) +
                                     seconds(59) + microseconds(999999);
  records_->insert("event", Record{{"id", 1}, {"day", first}, {"at", first_at}});
  records_->insert("event", Record{{"id", 2}, {"day", last}, {"at", last_at}});
  const auto low = records_->get("event", 1);
  const auto high = records_->get("event", 2);
  ASSERT_TRUE(low && high);
  EXPECT_EQ(low->get<v5store::Date>("day"), first);
  EXPECT_EQ(low->get<v5store::Timestamp>("at"), first_at);
  EXPECT_EQ(high->get<v5store::Date>("day"), last);
  EXPECT_EQ(high->get<v5store::Timestamp>("at"), last_at);
  EXPECT_EQ(records_->find("event").size(), 2u);
}

TEST_P(StoredValues, NulInTextIsRefusedOnPostgresqlAndKeptElsewhere) {
  const std::string with_nul("a\0b", 3);
  if (GetParam() != BackendKind::postgresql) {
    records_->insert("event", Record{{"id", 1}, {"note", with_nul}, {"code", with_nul}});
    const auto row = records_->get("event", 1);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->get<std::string>("note"), with_nul);
    EXPECT_EQ(row->get<std::string>("code"), with_nul);
    return;
  }
  expect_refused(
      [&] {
        records_->insert("event", Record{{"id", 1}, {"note", with_nul}});
      },
      "event.note", "NUL");
  expect_refused(
      [&] {
        records_->insert_many("event", {Record{{"id", 1}, {"code", with_nul}}});
      },
      "event.code", "NUL");
  records_->insert("event", Record{{"id", 2}, {"note", "fine"}});
  Record update{{"id", 2}, {"note", with_nul}};
  expect_refused([&] { records_->update("event", update); }, "event.note", "NUL");
  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(records_->get("event", 2)->get<std::string>("note"), "fine");
}

// A value stored behind the library's back that it cannot read (SQLite keeps any text in a
// DATE column; PostgreSQL has years past 9999) fails the read with the row's key named.
TEST_P(StoredValues, AnUnreadableStoredValueNamesItsRow) {
  records_->insert("event", Record{{"id", 1}, {"day", year{2024} / March / 1}});
  if (GetParam() == BackendKind::mysql) {
    // MariaDB's strict sql_mode refuses every date the library cannot read: no such row can
    // exist there.
    for (const char* day : {"'2023-02-30'", "'10000-01-01'"}) {
      EXPECT_ANY_THROW(
          raw("INSERT INTO " + backend().quote(table_) + " (id, day) VALUES (7, " + day + ")"))
          << day;
    }
    EXPECT_EQ(records_->find("event").size(), 1U);
    return;
  }
  raw("INSERT INTO " + backend().quote(table_) + " (id, day) VALUES (7, " +
      (GetParam() == BackendKind::sqlite ? "'2023-02-30'" : "'10000-01-01'") + ")");
  for (const auto& read : std::vector<std::function<void()>>{[&] { records_->find("event"); },
                                                             [&] { records_->get("event", 7); }}) {
    try {
      read();
      ADD_FAILURE() << "the unreadable row was read";
    } catch (const v5store::Error& e) {
      EXPECT_NE(std::string(e.what()).find("id=7"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(records_->get("event", 1)->get<v5store::Date>("day"), year{2024} / March / 1);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, StoredValues, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
