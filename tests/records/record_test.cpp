// Record and Key: the value types of the generic record API.
#include "v5store/record.hpp"

#include <gtest/gtest.h>

#include "v5store/error.hpp"

namespace {

using v5store::Key;
using v5store::Record;

TEST(Record, KeepsFieldOrderAndTracksChanges) {
  Record r{{"b", 1}, {"a", "x"}};
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r.begin()->field, "b");
  EXPECT_TRUE(r.changed("a"));
  r.mark_clean();
  EXPECT_FALSE(r.has_changes());
  r.set("b", 2);
  EXPECT_TRUE(r.changed("b"));
  EXPECT_FALSE(r.changed("a"));
  EXPECT_EQ(r.get<std::int64_t>("b"), 2);
  EXPECT_EQ(r.size(), 2u);
  r.set("c", v5store::Value{});
  EXPECT_EQ((r.end() - 1)->field, "c");
  EXPECT_TRUE(r.erase("c"));
  EXPECT_FALSE(r.erase("c"));
}

TEST(Record, MissingAndWronglyTypedFieldsThrow) {
  Record r{{"a", "x"}};
  EXPECT_EQ(r.find("b"), nullptr);
  try {
    r.at("b");
    FAIL();
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), v5store::ErrorCode::not_found);
  }
  EXPECT_THROW(r.get<std::int64_t>("a"), v5store::Error);
}

TEST(Record, EqualityIgnoresChangeFlags) {
  Record a{{"x", 1}};
  Record b{{"x", 1}};
  b.mark_clean();
  EXPECT_EQ(a, b);
  b.set("x", 2);
  EXPECT_NE(a, b);
}

TEST(Key, SingleAndComposite) {
  Key one = 42;
  EXPECT_EQ(one.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(one[0]), 42);
  Key two{7, "abc"};
  EXPECT_EQ(two.size(), 2u);
  EXPECT_EQ(two.to_string(), "(7, 'abc')");
  EXPECT_EQ(Key(std::vector<v5store::Value>{7, "abc"}), two);
  EXPECT_NE(Key(7), two);
}

}  // namespace
