// Generic records on every backend: insert (generated keys), get, update of changed fields,
// remove, find with order and limit, count, composite keys, sessions and transactions.
#include "v5store/records.hpp"

#include <gtest/gtest.h>

#include "records_fixture.hpp"
#include "v5store/error.hpp"
#include "v5store/transaction.hpp"

namespace {

using v5store::ErrorCode;
using v5store::Key;
using v5store::Record;

class Records : public v5test::RecordsFixture {
 protected:
  Key add_customer(const std::string& email, const std::string& name) {
    return records_->insert("customer", Record{{"email", email}, {"name", name}});
  }
};

TEST_P(Records, InsertReturnsTheGeneratedKeyAndGetReadsEveryField) {
  const Key first = add_customer("ann@example.com", "Ann");
  const Key second = add_customer("bob@example.com", "Bob");
  ASSERT_EQ(first.size(), 1u);
  const auto id1 = std::get<std::int64_t>(first[0]);
  const auto id2 = std::get<std::int64_t>(second[0]);
  EXPECT_GT(id1, 0);
  EXPECT_NE(id1, id2);

  std::optional<Record> ann = records_->get("customer", first);
  ASSERT_TRUE(ann.has_value());
  EXPECT_EQ(ann->size(), 4u);
  EXPECT_EQ(ann->get<std::int64_t>("id"), id1);
  EXPECT_EQ(ann->get<std::string>("email"), "ann@example.com");
  EXPECT_EQ(ann->get<std::string>("name"), "Ann");
  EXPECT_TRUE(std::holds_alternative<v5store::Timestamp>(ann->at("created_at")));  // DB default
  EXPECT_FALSE(ann->has_changes());

  EXPECT_FALSE(records_->get("customer", id2 + 1000).has_value());
}

// insert_returning gives the row as get() reads it: the generated key, the database's
// default, a decimal at its scale; in a transaction it sees its own write; a duplicate is the
// same mapped error as insert()'s, and nothing is written.
TEST_P(Records, InsertReturningGivesTheStoredRow) {
  const Record ann = records_->insert_returning(
      "customer", Record{{"email", std::string("ann@example.com")}, {"name", std::string("Ann")}});
  EXPECT_EQ(ann.size(), 4u);
  EXPECT_FALSE(ann.has_changes());
  EXPECT_GT(ann.get<std::int64_t>("id"), 0);
  EXPECT_TRUE(std::holds_alternative<v5store::Timestamp>(ann.at("created_at")));
  std::optional<Record> read = records_->get("customer", Key(ann.at("id")));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, ann);

  Record member;
  member.set("group_id", std::int64_t{1});
  member.set("user_id", std::int64_t{2});
  member.set("role", std::string("member"));
  member.set("fee", std::string("12.5"));
  EXPECT_EQ(records_->insert_returning("membership", member).get<std::string>("fee"), "12.50");

  {
    v5store::Transaction tx(pool_->acquire());
    const Record bob = records_->on(tx).insert_returning(
        "customer", Record{{"email", std::string("bob@example.com")}, {"name", std::string("Bob")}});
    EXPECT_EQ(bob.get<std::string>("name"), "Bob");
    tx.rollback();
  }
  try {
    records_->insert_returning("customer", Record{{"email", std::string("ann@example.com")},
                                                  {"name", std::string("Other Ann")}});
    FAIL() << "a duplicate email was inserted";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unique_violation) << e.what();
  }
  EXPECT_EQ(raw_count("customer"), 1);
}

// A decimal comes back at its field's scale on every backend, whatever path wrote it (it came
// back as 12.5 on SQLite and 12.50 on the servers).
TEST_P(Records, DecimalsReadBackAtTheFieldsScale) {
  auto member = [](std::int64_t user, v5store::Value fee) {
    v5store::Record r;
    r.set("group_id", std::int64_t{1});
    r.set("user_id", user);
    r.set("role", std::string("member"));
    r.set("fee", std::move(fee));
    return r;
  };
  records_->insert("membership", member(1, std::string("12.5")));
  records_->insert("membership", member(2, std::int64_t{7}));
  records_->insert_many("membership", {member(3, std::string("0.1")), member(4, std::string("3"))});
  const std::vector<std::pair<std::int64_t, std::string>> expected = {
      {1, "12.50"}, {2, "7.00"}, {3, "0.10"}, {4, "3.00"}};
  for (const auto& [user, fee] : expected) {
    const auto row = records_->get("membership", {std::int64_t{1}, user});
    ASSERT_TRUE(row.has_value()) << user;
    EXPECT_EQ(row->get<std::string>("fee"), fee) << "user " << user;
  }
}

TEST_P(Records, InsertWithANaturalKeyReturnsIt) {
  const Key key = records_->insert(
      "product", Record{{"sku", "SKU-1"}, {"title", "Lamp"}, {"price_cents", 1999}});
  EXPECT_EQ(key, Key("SKU-1"));
  auto lamp = records_->get("product", "SKU-1");
  ASSERT_TRUE(lamp);
  EXPECT_EQ(lamp->get<bool>("in_stock"), true);  // the declared default
  EXPECT_EQ(lamp->get<std::int64_t>("price_cents"), 1999);
}

TEST_P(Records, UpdateWritesOnlyTheChangedFields) {
  const Key id = add_customer("ann@example.com", "Ann");
  std::optional<Record> ann = records_->get("customer", id);
  ASSERT_TRUE(ann);
  // Another writer changes the email behind our back; our update only touches the name.
  raw("UPDATE " + table("customer") + " SET email = 'ann@elsewhere.org'");
  ann->set("name", "Ann B.");
  EXPECT_TRUE(records_->update("customer", *ann));
  EXPECT_FALSE(ann->has_changes());
  auto again = records_->get("customer", id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get<std::string>("name"), "Ann B.");
  EXPECT_EQ(again->get<std::string>("email"), "ann@elsewhere.org");
  // Writing the same values again still finds the row (MariaDB reports 0 changed rows).
  ann->set("name", "Ann B.");
  EXPECT_TRUE(records_->update("customer", *ann));
  // A missing row.
  Record ghost{{"id", std::get<std::int64_t>(id[0]) + 1000}, {"name", "Ghost"}};
  EXPECT_FALSE(records_->update("customer", ghost));
}

TEST_P(Records, RemoveDeletesByKey) {
  const Key id = add_customer("ann@example.com", "Ann");
  EXPECT_TRUE(records_->remove("customer", id));
  EXPECT_FALSE(records_->get("customer", id).has_value());
  EXPECT_FALSE(records_->remove("customer", id));
  EXPECT_EQ(raw_count("customer"), 0);
}

TEST_P(Records, FindFiltersOrdersAndLimits) {
  const Key ann = add_customer("ann@example.com", "Ann");
  const Key bob = add_customer("bob@example.com", "Bob");
  const auto ann_id = std::get<std::int64_t>(ann[0]);
  for (int i = 0; i < 5; ++i) {
    records_->insert("order", Record{{"customer_id", ann_id},
                                     {"status", i % 2 == 0 ? "paid" : "new"},
                                     {"total_cents", 100 * (i + 1)}});
  }
  records_->insert("order", Record{{"customer_id", bob[0]}, {"total_cents", 7},
                                   {"note", "gift"}});

  auto paid = records_->find("order", {{"customer_id", ann_id}, {"status", "paid"}},
                             {.order_by = {{"total_cents", true}}});
  ASSERT_EQ(paid.size(), 3u);
  EXPECT_EQ(paid[0].get<std::int64_t>("total_cents"), 500);
  EXPECT_EQ(paid[2].get<std::int64_t>("total_cents"), 100);

  auto two = records_->find("order", {{"customer_id", ann_id}},
                            {.order_by = {{"total_cents", false}}, .limit = 2});
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].get<std::int64_t>("total_cents"), 100);
  EXPECT_EQ(two[1].get<std::int64_t>("total_cents"), 200);

  EXPECT_EQ(records_->count("order"), 6);
  EXPECT_EQ(records_->count("order", {{"customer_id", ann_id}}), 5);
  EXPECT_EQ(records_->count("order", {{"note", v5store::Value{}}}), 5);  // IS NULL
  EXPECT_EQ(records_->find("order", {{"note", "gift"}}).size(), 1u);
  EXPECT_EQ(records_->find("order", {{"status", "shipped"}}).size(), 0u);
}

TEST_P(Records, CompositeKeys) {
  records_->insert("membership", {{"group_id", 1}, {"user_id", 2}, {"role", "admin"}});
  records_->insert("membership", {{"group_id", 1}, {"user_id", 3}, {"role", "member"}});
  auto m = records_->get("membership", {1, 2});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->get<std::string>("role"), "admin");
  m->set("role", "member");
  EXPECT_TRUE(records_->update("membership", *m));
  EXPECT_EQ(records_->get("membership", {1, 2})->get<std::string>("role"), "member");
  EXPECT_TRUE(records_->remove("membership", {1, 3}));
  EXPECT_EQ(records_->count("membership"), 1);
  try {
    records_->get("membership", 1);
    FAIL() << "a one-part key for a two-part primary key";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation);
  }
}

TEST_P(Records, IdentifiersComeOnlyFromTheRegistry) {
  add_customer("ann@example.com", "Ann");
  try {
    records_->find("customer", {{"name; DROP TABLE x", "a"}});
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation);
  }
  try {
    records_->count("customers; --");
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::schema);
  }
  try {
    records_->find("customer", {}, {.order_by = {{"id DESC", false}}});
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation);
  }
  // Values are bound: SQL in a value is just text.
  EXPECT_EQ(records_->find("customer", {{"name", "x' OR '1'='1"}}).size(), 0u);
  EXPECT_EQ(raw_count("customer"), 1);
}

TEST_P(Records, AnUnknownFieldIsAValidationErrorFromEveryOperation) {
  const Key id = add_customer("ann@example.com", "Ann");
  const auto expect_unknown_field = [](const auto& call) {
    try {
      call();
      ADD_FAILURE() << "no error";
    } catch (const v5store::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation) << e.what();
      EXPECT_NE(std::string(e.what()).find("customer.nickname"), std::string::npos) << e.what();
    }
  };
  expect_unknown_field([&] { records_->insert("customer", {{"email", "b@x.org"}, {"nickname", "b"}}); });
  expect_unknown_field([&] {
    Record ann{{"id", id[0]}, {"nickname", "A"}};
    records_->update("customer", ann);
  });
  expect_unknown_field([&] { records_->find("customer", {{"nickname", "A"}}); });
  expect_unknown_field([&] { records_->count("customer", {{"nickname", "A"}}); });
  expect_unknown_field([&] { records_->find("customer", {}, {.order_by = {{"nickname", true}}}); });
  expect_unknown_field([&] { records_->insert_many("customer", {{{"email", "c@x.org"}, {"nickname", "c"}}}); });
  v5store::Lease lease = pool_->acquire();
  expect_unknown_field([&] { records_->on(lease).find("customer", {{"nickname", "A"}}); });
}

TEST_P(Records, DatabaseConstraintErrorsAreMapped) {
  add_customer("ann@example.com", "Ann");
  try {
    add_customer("ann@example.com", "Other Ann");
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unique_violation) << e.what();
  }
}

TEST_P(Records, TransactionSessionCommitsOrRollsBack) {
  {
    v5store::Transaction tx(pool_->acquire());
    auto session = records_->on(tx);
    EXPECT_TRUE(session.transactional());
    session.insert("customer", {{"email", "tx@example.com"}, {"name", "Tx"}});
    EXPECT_EQ(session.count("customer"), 1);
    tx.rollback();
  }
  EXPECT_EQ(raw_count("customer"), 0);
  {
    v5store::Transaction tx(pool_->acquire());
    auto session = records_->on(tx);
    const Key id = session.insert("customer", {{"email", "tx@example.com"}, {"name", "Tx"}});
    auto row = session.get("customer", id);
    ASSERT_TRUE(row);
    row->set("name", "Committed");
    session.update("customer", *row);
    tx.commit();
  }
  auto rows = records_->find("customer");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get<std::string>("name"), "Committed");
}

TEST_P(Records, LeaseSessionRunsInAutoCommitMode) {
  v5store::Lease lease = pool_->acquire();
  auto session = records_->on(lease);
  EXPECT_FALSE(session.transactional());
  const Key id = session.insert("customer", {{"email", "l@example.com"}, {"name", "L"}});
  EXPECT_TRUE(session.get("customer", id).has_value());
  EXPECT_EQ(session.count("customer"), 1);
}

TEST_P(Records, QueriesAreCountedInMetrics) {
  add_customer("ann@example.com", "Ann");
  records_->count("customer");
  EXPECT_THROW(add_customer("ann@example.com", "Ann"), v5store::Error);
  const std::string text = metrics_.render_prometheus();
  EXPECT_NE(text.find("v5store_queries_total{database=\"main\",operation=\"insert\",outcome=\"success\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("v5store_queries_total{database=\"main\",operation=\"insert\",outcome=\"error\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("v5store_query_duration_seconds_count{database=\"main\",operation=\"count\"} 1"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, Records, testing::ValuesIn(v5test::all_backends()),
                         v5test::BackendName());

}  // namespace
