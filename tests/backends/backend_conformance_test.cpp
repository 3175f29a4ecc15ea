// The backend conformance suite: DDL from the dialect, exact round trips of every field type,
// and constraint violations mapped to their ErrorCode, on every backend.
#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "backend_fixture.hpp"
#include "v5store/error.hpp"

namespace v5test {
namespace {

using namespace std::chrono;
using v5store::Bytes;
using v5store::EntitySpec;
using v5store::ErrorCode;
using v5store::FieldSpec;
using v5store::FieldType;
using v5store::SystemSpec;
using v5store::Value;

FieldSpec field(std::string name, FieldType type, bool nullable = false) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.nullable = nullable;
  return f;
}

FieldSpec key(std::string name, FieldType type, bool generated) {
  FieldSpec f = field(std::move(name), type);
  f.primary_key = true;
  f.generated = generated;
  return f;
}

// A table with one nullable column per field type.
SystemSpec types_spec(const std::string& table) {
  EntitySpec e;
  e.name = "all_types";
  e.table = table;
  e.fields.push_back(key("id", FieldType::int64, false));
  e.fields.push_back(field("c_bool", FieldType::boolean, true));
  e.fields.push_back(field("c_int32", FieldType::int32, true));
  e.fields.push_back(field("c_int64", FieldType::int64, true));
  e.fields.push_back(field("c_float64", FieldType::float64, true));
  FieldSpec decimal = field("c_decimal", FieldType::decimal, true);
  decimal.precision = 10;
  decimal.scale = 2;
  e.fields.push_back(decimal);
  FieldSpec string = field("c_string", FieldType::string, true);
  string.max_length = 50;
  e.fields.push_back(string);
  e.fields.push_back(field("c_text", FieldType::text, true));
  e.fields.push_back(field("c_bytes", FieldType::bytes, true));
  e.fields.push_back(field("c_date", FieldType::date, true));
  e.fields.push_back(field("c_timestamp", FieldType::timestamp, true));
  e.fields.push_back(field("c_uuid", FieldType::uuid, true));
  e.fields.push_back(field("c_json", FieldType::json, true));
  FieldSpec enumeration = field("c_enum", FieldType::enumeration, true);
  enumeration.values = {"new", "paid", "shipped"};
  e.fields.push_back(enumeration);
  SystemSpec spec;
  spec.name = "fnd_types";
  spec.entities.push_back(e);
  return spec;
}

// examples/specs/shop.yaml, with table (and so index) names made unique to this process.
SystemSpec shop_spec(const std::string& prefix) {
  SystemSpec spec = v5store::parse_spec_file(examples_dir() / "shop.yaml");
  for (auto& entity : spec.entities) {
    entity.table = prefix + v5store::detail::table_name(entity);
    for (auto& index : entity.indexes) index.name.clear();
  }
  return spec;
}

v5store::Timestamp ts(int y, unsigned mo, unsigned d, int h, int mi, int s, int us) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
         microseconds{us};
}

v5store::Date date(int y, unsigned m, unsigned d) { return {year{y}, month{m}, day{d}}; }

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

// Rows of the round-trip test: values for every column after id, in types_spec order.
std::vector<std::vector<Value>> round_trip_rows() {
  using D = std::numeric_limits<double>;
  const std::string s;
  std::vector<std::vector<Value>> rows;
  rows.push_back(std::vector<Value>(13));  // all NULL
  rows.push_back({true, std::int64_t{std::numeric_limits<std::int32_t>::min()},
                  std::int64_t{std::numeric_limits<std::int64_t>::min()}, D::max(),
                  std::string("12.50"), std::string(), std::string(), Bytes{}, date(2024, 2, 29),
                  ts(2024, 1, 2, 3, 4, 5, 6), std::string("123e4567-e89b-12d3-a456-426614174000"),
                  std::string("{\"a\": [1, 2.5, \"x\"], \"b\": null}"), std::string("new")});
  rows.push_back(
      {false, std::int64_t{std::numeric_limits<std::int32_t>::max()},
       std::int64_t{std::numeric_limits<std::int64_t>::max()}, D::lowest(),
       std::string("-99999999.99"), std::string("h\u00e9llo w\u00f6rld \u2713 \U0001F600"),
       std::string("line1\nline2\ttab 'single' \"double\" \\backslash % _ ;"),
       bytes({0x00, 0x01, 0x00, 0xff, 0x7f, 0x80, 0x00}), date(1000, 1, 1),
       ts(1999, 12, 31, 23, 59, 59, 999999), std::string("00000000-0000-0000-0000-000000000000"),
       std::string("[]"), std::string("shipped")});
  rows.push_back({Value{}, std::int64_t{0}, std::int64_t{-1}, D::denorm_min(), std::string("0.00"),
                  std::string(50, 'x'), std::string("\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8"),
                  bytes({0x00}), date(9999, 12, 31), ts(1970, 1, 1, 0, 0, 0, 0),
                  std::string("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                  std::string("{\"nested\":{\"k\":\"v \\u00e9\"}}"), std::string("paid")});
  rows.push_back({true, std::int64_t{1}, std::int64_t{1}, -0.0, std::string("99999999.99"),
                  std::string(" padded "), std::string(" "), bytes({0xde, 0xad, 0xbe, 0xef}),
                  date(1970, 1, 1), ts(2038, 1, 19, 3, 14, 8, 123456), Value{}, Value{}, Value{}});
  rows.push_back({Value{}, Value{}, std::int64_t{1} << 53, D::epsilon(), std::string("-0.01"),
                  Value{}, Value{}, Value{}, Value{}, ts(1901, 12, 13, 20, 45, 52, 1), Value{},
                  Value{}, Value{}});
  rows.push_back({Value{}, Value{}, Value{}, 0.1, Value{}, Value{}, Value{}, Value{}, Value{},
                  Value{}, Value{}, Value{}, Value{}});
  rows.push_back({Value{}, Value{}, Value{}, 1.0 / 3.0, Value{}, Value{}, Value{}, Value{}, Value{},
                  Value{}, Value{}, Value{}, Value{}});
  rows.push_back({Value{}, Value{}, Value{}, D::min(), Value{}, Value{}, Value{}, Value{}, Value{},
                  Value{}, Value{}, Value{}, Value{}});
  rows.push_back({Value{}, Value{}, Value{}, -1.2345678901234567e-300, Value{}, Value{}, Value{},
                  Value{}, Value{}, Value{}, Value{}, Value{}, Value{}});
  return rows;
}

// Exact equality: doubles compare bit for bit (so -0.0 differs from 0.0).
bool same(const Value& a, const Value& b) {
  const auto* da = std::get_if<double>(&a);
  const auto* db = std::get_if<double>(&b);
  if (da != nullptr && db != nullptr) return std::memcmp(da, db, sizeof(double)) == 0;
  return a == b;
}

// What the backend gives back for `sent`: the same value, except that SQLite (REAL affinity
// stores integral reals as integers) and MariaDB (DOUBLE columns) normalise -0.0 to +0.0.
Value expected_after_storage(v5store::BackendKind kind, const Value& sent) {
  const auto* d = std::get_if<double>(&sent);
  if (d != nullptr && *d == 0.0 && std::signbit(*d) && kind != v5store::BackendKind::postgresql) {
    return 0.0;
  }
  return sent;
}

class BackendConformance : public BackendTest {
 protected:
  // Runs `sql` and returns the mapped error code it failed with.
  ErrorCode failure_of(const std::string& sql, std::vector<FieldType> types,
                       const std::vector<Value>& values) {
    auto st = prepare(sql, std::move(types));
    for (std::size_t i = 0; i < values.size(); ++i) st->bind(i, values[i]);
    try {
      st->execute();
    } catch (const v5store::Error& e) {
      EXPECT_FALSE(e.backend_code().empty()) << e.what();
      EXPECT_TRUE(v5store::is_constraint_violation(e.code()))
          << "backend code " << e.backend_code() << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find("executing"), std::string::npos) << e.what();
      return e.code();
    }
    ADD_FAILURE() << "no error from " << sql;
    return ErrorCode::unknown;
  }

  // Creates the shop tables and one customer and product to refer to.
  SystemSpec create_shop() {
    SystemSpec spec = shop_spec(table(""));
    EXPECT_EQ(spec.entities.size(), 4u);
    for (const auto& entity : spec.entities) create(spec, entity);
    *session_ << "INSERT INTO " + tbl(spec, "customer") +
                     " (email, name) VALUES ('a@example.com', 'Ann')";
    *session_ << "INSERT INTO " + tbl(spec, "product") +
                     " (sku, title, price_cents) VALUES ('SKU-1', 'Widget', 250)";
    return spec;
  }

  // The quoted table of an entity of the shop spec.
  std::string tbl(const SystemSpec& spec, std::string_view entity) const {
    const EntitySpec* found = spec.find_entity(entity);
    if (found == nullptr) throw std::logic_error("no entity " + std::string(entity));
    return q(found->table);
  }

  std::string q(const std::string& identifier) const { return backend_->quote(identifier); }
};

TEST_P(BackendConformance, RoundTripsEveryTypeExactly) {
  const SystemSpec spec = types_spec(table("types"));
  const EntitySpec& entity = spec.entities[0];
  create(spec, entity);

  std::string columns, placeholders, selected;
  std::vector<FieldType> types;
  for (std::size_t i = 0; i < entity.fields.size(); ++i) {
    const FieldSpec& f = entity.fields[i];
    const std::string sep = i == 0 ? "" : ", ";
    columns += sep + q(f.name);
    placeholders += sep + backend_->bind_expression(f.type, ":p" + std::to_string(i + 1));
    selected += sep + backend_->select_expression(f.type, q(f.name));
    types.push_back(f.type);
  }
  auto insert = prepare(
      "INSERT INTO " + q(entity.table) + " (" + columns + ") VALUES (" + placeholders + ")", types);
  const auto rows = round_trip_rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    insert->bind(0, std::int64_t(r));
    for (std::size_t c = 0; c < rows[r].size(); ++c) insert->bind(c + 1, rows[r][c]);
    ASSERT_TRUE(insert->execute());
    EXPECT_EQ(insert->affected_rows(), 1);
  }

  auto select = prepare("SELECT " + selected + " FROM " + q(entity.table) + " ORDER BY " + q("id"),
                        {}, types);
  ASSERT_TRUE(select->execute());
  ASSERT_EQ(select->row_count(), rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    EXPECT_EQ(select->result(0), Value{std::int64_t(r)});
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const Value got = select->result(c + 1);
      EXPECT_TRUE(same(got, expected_after_storage(GetParam(), rows[r][c])))
          << "row " << r << " column " << entity.fields[c + 1].name << ": sent "
          << v5store::to_display_string(rows[r][c]) << ", got " << v5store::to_display_string(got);
    }
    EXPECT_EQ(select->fetch(), r + 1 < rows.size());
  }
}

TEST_P(BackendConformance, ReexecutesAPreparedStatementWithNewValues) {
  const SystemSpec spec = types_spec(table("reexec"));
  create(spec, spec.entities[0]);
  const std::string name = q(spec.entities[0].table);
  auto insert = prepare("INSERT INTO " + name + " (id, c_text) VALUES (:p1, :p2)",
                        {FieldType::int64, FieldType::text});
  for (std::int64_t i = 0; i < 200; ++i) {
    insert->bind(0, i);
    insert->bind(1, i % 2 == 0 ? Value{std::to_string(i)} : Value{});
    insert->execute();
  }
  auto lookup = prepare("SELECT c_text FROM " + name + " WHERE id = :p1", {FieldType::int64},
                        {FieldType::text});
  for (std::int64_t i = 0; i < 200; i += 7) {
    lookup->bind(0, i);
    ASSERT_TRUE(lookup->execute());
    EXPECT_EQ(lookup->result(0), i % 2 == 0 ? Value{std::to_string(i)} : Value{});
    EXPECT_FALSE(lookup->fetch());
  }
  lookup->bind(0, std::int64_t{1000});
  EXPECT_FALSE(lookup->execute());
  EXPECT_EQ(lookup->row_count(), 0u);
}

// Two sessions, each with its own prepared statements, executed in turn. Behind PgBouncer's
// transaction pooling both may run on one server connection: named statements (SOCI's st_1 of
// each session) would meet there ("already exists") or be missing ("does not exist").
TEST_P(BackendConformance, StatementsOfTwoSessionsExecuteInTurn) {
  const SystemSpec spec = types_spec(table("two_sessions"));
  create(spec, spec.entities[0]);
  const std::string name = q(spec.entities[0].table);
  auto other = backend_->open(dsn_, std::chrono::seconds(5));
  const std::string insert_sql = "INSERT INTO " + name + " (id, c_text) VALUES (:p1, :p2)";
  const std::string count_sql = "SELECT COUNT(*) FROM " + name + " WHERE id >= :p1";
  auto insert = prepare(insert_sql, {FieldType::int64, FieldType::text});
  auto count = prepare(count_sql, {FieldType::int64}, {FieldType::int64});
  v5store::detail::BoundStatement other_insert(*other, *backend_, insert_sql,
                                               {FieldType::int64, FieldType::text}, {});
  v5store::detail::BoundStatement other_count(*other, *backend_, count_sql, {FieldType::int64},
                                              {FieldType::int64});
  for (std::int64_t i = 0; i < 20; ++i) {
    auto& writer = i % 2 == 0 ? *insert : other_insert;
    writer.bind(0, i);
    writer.bind(1, Value{std::to_string(i)});
    writer.execute();
    auto& reader = i % 2 == 0 ? other_count : *count;
    reader.bind(0, std::int64_t{0});
    ASSERT_TRUE(reader.execute(1));
    EXPECT_EQ(reader.result(0), Value{i + 1});
  }
}

TEST_P(BackendConformance, AffectedRowsCountMatchedRows) {
  const SystemSpec spec = types_spec(table("affected"));
  create(spec, spec.entities[0]);
  const std::string name = q(spec.entities[0].table);
  *session_ << "INSERT INTO " + name + " (id, c_int64) VALUES (1, 5)";
  *session_ << "INSERT INTO " + name + " (id, c_int64) VALUES (2, 5)";
  auto update = prepare("UPDATE " + name + " SET c_int64 = :p1", {FieldType::int64});
  update->bind(0, std::int64_t{5});
  update->execute();
  EXPECT_EQ(update->affected_rows(), 2);
  auto remove = prepare("DELETE FROM " + name + " WHERE id = :p1", {FieldType::int64});
  remove->bind(0, std::int64_t{3});
  remove->execute();
  EXPECT_EQ(remove->affected_rows(), 0);
  remove->bind(0, std::int64_t{1});
  remove->execute();
  EXPECT_EQ(remove->affected_rows(), 1);
}

TEST_P(BackendConformance, BindRejectsValuesOfTheWrongType) {
  const SystemSpec spec = types_spec(table("bind"));
  create(spec, spec.entities[0]);
  auto insert =
      prepare("INSERT INTO " + q(spec.entities[0].table) + " (id, c_int32) VALUES (:p1, :p2)",
              {FieldType::int64, FieldType::int32});
  EXPECT_THROW(insert->bind(0, std::string("1")), v5store::Error);
  EXPECT_THROW(insert->bind(1, std::int64_t{1} << 40), v5store::Error);
  EXPECT_THROW(insert->bind(2, std::int64_t{1}), v5store::Error);
}

TEST_P(BackendConformance, CreatesTheShopTables) {
  const SystemSpec spec = create_shop();
  auto count = prepare("SELECT COUNT(*) FROM " + tbl(spec, "customer"), {}, {FieldType::int64});
  ASSERT_TRUE(count->execute());
  EXPECT_EQ(count->result(0), Value{std::int64_t{1}});
  auto defaults =
      prepare("SELECT " + backend_->select_expression(FieldType::boolean, q("in_stock")) +
                  " FROM " + tbl(spec, "product"),
              {}, {FieldType::boolean});
  ASSERT_TRUE(defaults->execute());
  EXPECT_EQ(defaults->result(0), Value{true});
  auto created =
      prepare("SELECT " + backend_->select_expression(FieldType::timestamp, q("created_at")) +
                  " FROM " + tbl(spec, "customer"),
              {}, {FieldType::timestamp});
  ASSERT_TRUE(created->execute());
  const auto at = std::get<v5store::Timestamp>(created->result(0));
  EXPECT_LT(std::chrono::abs(at - time_point_cast<microseconds>(system_clock::now())), minutes{5});
}

TEST_P(BackendConformance, GeneratedKeysAreReported) {
  const SystemSpec spec = create_shop();
  const std::string customers = tbl(spec, "customer");
  if (backend_->supports_returning()) {
    auto insert = prepare("INSERT INTO " + customers +
                              " (email, name) VALUES (:p1, :p2) "
                              "RETURNING id",
                          {FieldType::string, FieldType::string}, {FieldType::int64});
    insert->bind(0, std::string("b@example.com"));
    insert->bind(1, std::string("Bob"));
    ASSERT_TRUE(insert->execute());
    EXPECT_EQ(insert->result(0), Value{std::int64_t{2}});
  } else {
    auto insert = prepare("INSERT INTO " + customers + " (email, name) VALUES (:p1, :p2)",
                          {FieldType::string, FieldType::string});
    insert->bind(0, std::string("b@example.com"));
    insert->bind(1, std::string("Bob"));
    insert->execute();
    EXPECT_EQ(backend_->last_insert_id(*session_), 2);
  }
}

TEST_P(BackendConformance, MapsUniqueViolation) {
  const SystemSpec spec = create_shop();
  EXPECT_EQ(failure_of("INSERT INTO " + tbl(spec, "customer") + " (email, name) VALUES (:p1, :p2)",
                       {FieldType::string, FieldType::string},
                       {std::string("a@example.com"), std::string("Again")}),
            ErrorCode::unique_violation);
  EXPECT_EQ(failure_of("INSERT INTO " + tbl(spec, "product") +
                           " (sku, title, price_cents) VALUES (:p1, 'Dup', 1)",
                       {FieldType::string}, {std::string("SKU-1")}),
            ErrorCode::unique_violation);
}

TEST_P(BackendConformance, MapsForeignKeyViolation) {
  const SystemSpec spec = create_shop();
  EXPECT_EQ(failure_of(
                "INSERT INTO " + tbl(spec, "order") + " (customer_id, total_cents) VALUES (:p1, 0)",
                {FieldType::int64}, {std::int64_t{999999}}),
            ErrorCode::foreign_key_violation);
  *session_ << "INSERT INTO " + tbl(spec, "order") +
                   " (customer_id, total_cents) "
                   "VALUES (1, 0)";
  *session_ << "INSERT INTO " + tbl(spec, "order_line") +
                   " (order_id, sku, quantity) "
                   "VALUES ((SELECT MAX(id) FROM " +
                   tbl(spec, "order") + "), 'SKU-1', 2)";
  // on_delete: restrict on order_line.sku
  EXPECT_EQ(failure_of("DELETE FROM " + tbl(spec, "product") + " WHERE sku = :p1",
                       {FieldType::string}, {std::string("SKU-1")}),
            ErrorCode::foreign_key_violation);
}

TEST_P(BackendConformance, CascadesDeletes) {
  const SystemSpec spec = create_shop();
  *session_ << "INSERT INTO " + tbl(spec, "order") +
                   " (customer_id, total_cents) "
                   "VALUES (1, 0)";
  *session_ << "DELETE FROM " + tbl(spec, "customer");
  auto count = prepare("SELECT COUNT(*) FROM " + tbl(spec, "order"), {}, {FieldType::int64});
  ASSERT_TRUE(count->execute());
  EXPECT_EQ(count->result(0), Value{std::int64_t{0}});
}

TEST_P(BackendConformance, MapsNotNullViolation) {
  const SystemSpec spec = create_shop();
  EXPECT_EQ(
      failure_of("INSERT INTO " + tbl(spec, "customer") + " (email, name) VALUES (:p1, :p2)",
                 {FieldType::string, FieldType::string}, {std::string("n@example.com"), Value{}}),
      ErrorCode::not_null_violation);
}

TEST_P(BackendConformance, MapsCheckViolation) {
  const SystemSpec spec = create_shop();
  EXPECT_EQ(failure_of("INSERT INTO " + tbl(spec, "order") +
                           " (customer_id, status, total_cents) VALUES (1, :p1, 0)",
                       {FieldType::enumeration}, {std::string("bogus")}),
            ErrorCode::check_violation);
  EXPECT_EQ(failure_of("INSERT INTO " + tbl(spec, "product") +
                           " (sku, title, price_cents) VALUES ('SKU-2', 'Neg', :p1)",
                       {FieldType::int64}, {std::int64_t{-1}}),
            ErrorCode::check_violation);
  *session_ << "INSERT INTO " + tbl(spec, "order") +
                   " (customer_id, total_cents) "
                   "VALUES (1, 0)";
  EXPECT_EQ(failure_of("INSERT INTO " + tbl(spec, "order_line") +
                           " (order_id, sku, quantity) VALUES ((SELECT MAX(id) FROM " +
                           tbl(spec, "order") + "), 'SKU-1', :p1)",
                       {FieldType::int32}, {std::int64_t{1001}}),
            ErrorCode::check_violation);
}

TEST_P(BackendConformance, MapsColumnLimitsToCheckViolation) {
  EntitySpec limits;
  limits.name = "limits";
  limits.table = table("limits");
  limits.fields.push_back(key("id", FieldType::int64, true));
  FieldSpec amount = field("amount", FieldType::decimal, true);
  amount.precision = 10;
  amount.scale = 2;
  amount.min = -1;
  amount.max = 100;
  limits.fields.push_back(amount);
  FieldSpec code = field("code", FieldType::string, true);
  code.max_length = 5;
  limits.fields.push_back(code);
  limits.fields.push_back(field("small", FieldType::int32, true));
  SystemSpec spec;
  spec.entities.push_back(limits);
  create(spec, limits);
  const std::string name = q(limits.table);

  auto insert = prepare("INSERT INTO " + name + " (amount, code) VALUES (:p1, :p2)",
                        {FieldType::decimal, FieldType::string});
  insert->bind(0, std::string("99.99"));
  insert->bind(1, std::string("\u00e9\u00e9\u00e9\u00e9\u00e9"));
  EXPECT_NO_THROW(insert->execute());
  insert->bind(1, Value{});
  for (const char* amount : {"100.01", "-1.01", "7000"}) {
    insert->bind(0, std::string(amount));
    try {
      insert->execute();
      ADD_FAILURE() << amount << " was accepted";
    } catch (const v5store::Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::check_violation) << amount << ": " << e.what();
    }
  }
  EXPECT_EQ(failure_of("INSERT INTO " + name + " (code) VALUES (:p1)", {FieldType::string},
                       {std::string("abcdef")}),
            ErrorCode::check_violation);
  EXPECT_EQ(failure_of("INSERT INTO " + name + " (small) VALUES (2147483647 + :p1)",
                       {FieldType::int64}, {std::int64_t{1}}),
            ErrorCode::check_violation);
}

TEST_P(BackendConformance, MapsSchemaErrorsAndKeepsTheStatementUsable) {
  const SystemSpec spec = create_shop();
  try {
    prepare("SELECT nope FROM " + q(table("missing")), {}, {FieldType::int64})->execute();
    ADD_FAILURE() << "selecting from a missing table succeeded";
  } catch (const v5store::Error& e) {
    EXPECT_NE(e.code(), ErrorCode::connection) << e.what();
  }
  auto insert = prepare(
      "INSERT INTO " + tbl(spec, "product") + " (sku, title, price_cents) VALUES (:p1, 'T', 1)",
      {FieldType::string});
  insert->bind(0, std::string("SKU-1"));
  EXPECT_THROW(insert->execute(), v5store::Error);
  insert->bind(0, std::string("SKU-9"));
  EXPECT_NO_THROW(insert->execute());
}

// After a failed execute the statement sends what is bound now: a NULL is NULL, not the value
// of the failed attempt (SOCI's PostgreSQL backend kept that buffer; it also leaked).
TEST_P(BackendConformance, SendsNullAfterAFailedExecute) {
  const SystemSpec spec = create_shop();
  auto insert = prepare("INSERT INTO " + tbl(spec, "customer") + " (email, name) VALUES (:p1, 'N')",
                        {FieldType::string});
  insert->bind(0, std::string("a@example.com"));
  EXPECT_THROW(insert->execute(), v5store::Error);
  insert->bind(0, Value{});
  try {
    insert->execute();
    ADD_FAILURE() << "a NULL email was accepted";
  } catch (const v5store::Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_null_violation) << e.what();
  }
}

TEST_P(BackendConformance, BeginsTransactionsAtEveryIsolationLevel) {
  using v5store::IsolationLevel;
  for (auto level : {IsolationLevel::default_level, IsolationLevel::read_committed,
                     IsolationLevel::repeatable_read, IsolationLevel::serializable}) {
    for (bool read_only : {false, true}) {
      v5store::TransactionOptions options;
      options.isolation = level;
      options.read_only = read_only;
      for (const auto& sql : backend_->begin_transaction(options)) *session_ << sql;
      backend_->ping(*session_);
      *session_ << "ROLLBACK";
    }
  }
}

TEST_P(BackendConformance, ReportsServerVersionAndPings) {
  EXPECT_FALSE(backend_->server_version(*session_).empty());
  EXPECT_NO_THROW(backend_->ping(*session_));
}

INSTANTIATE_TEST_SUITE_P(AllBackends, BackendConformance, testing::ValuesIn(all_backends()),
                         BackendName());

}  // namespace
}  // namespace v5test
