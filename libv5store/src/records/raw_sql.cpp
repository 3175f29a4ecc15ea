// RecordsCore: raw SQL through the record API. Placeholders (`?` or `:name`) become :p1..:pN;
// with declared columns the statement goes through the connection's statement cache, without
// them through a SOCI row whose column types the backend describes.
#include <cctype>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

#include "records/records_core.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The field type a parameter value binds as.
FieldType type_of(const Value& v) {
  switch (v.index()) {
    case 1: return FieldType::boolean;
    case 2: return FieldType::int64;
    case 3: return FieldType::float64;
    case 5: return FieldType::bytes;
    case 6: return FieldType::date;
    case 7: return FieldType::timestamp;
    default: return FieldType::text;
  }
}

constexpr std::size_t kMaxRawPlans = 1024;

// The value of placeholder `i` of `plan`.
const Value& value_of(const RawPlan& plan, const Params& params, std::size_t i) {
  const std::size_t source = plan.sources[i];
  const std::size_t positional = params.positional().size();
  return source < positional ? params.positional()[source]
                             : params.named()[source - positional].second;
}

// The plan of `sql` for `params`: :p1..:pN in place of the caller's placeholders (`?` in order,
// `:name` by name), skipping quoted text and comments. Throws Error(validation) when a
// placeholder has no value or a value no placeholder.
RawPlan plan_of(const Backend& backend, std::string_view sql, const Params& params) {
  RawPlan out;
  out.sql.reserve(sql.size() + 16);
  for (const Value& value : params.positional()) out.positional_kinds.push_back(value.index());
  for (const auto& [name, value] : params.named()) out.named_kinds.emplace_back(name, value.index());
  const std::size_t positional_count = params.positional().size();
  std::size_t positional = 0;
  std::vector<bool> named_used(params.named().size(), false);
  const auto add = [&](std::size_t source, const Value& value) {
    out.sources.push_back(source);
    out.types.push_back(type_of(value));
    out.sql += backend.bind_expression(out.types.back(), ":p" + std::to_string(out.sources.size()));
  };
  std::size_t copied = 0;  // sql[copied, i) is still to be copied
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {  // a literal or quoted identifier, copied as is
      const std::size_t end = sql.find(c, i + 1);
      i = (end == std::string_view::npos ? sql.size() : end + 1) - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a comment to the line end
      const std::size_t end = sql.find('\n', i);
      i = (end == std::string_view::npos ? sql.size() : end) - 1;
    } else if (c == '?') {
      if (positional >= positional_count) {
        throw Error(ErrorCode::validation, "query: placeholder ? number " +
                                               std::to_string(positional + 1) + " has no value");
      }
      out.sql += sql.substr(copied, i - copied);
      copied = i + 1;
      add(positional, params.positional()[positional]);
      ++positional;
    } else if (c == ':' && i + 1 < sql.size() && is_name_start(sql[i + 1]) &&
               (i == 0 || sql[i - 1] != ':')) {
      std::size_t end = i + 1;
      while (end < sql.size() && is_name_char(sql[end])) ++end;
      const std::string_view name = sql.substr(i + 1, end - i - 1);
      std::size_t k = 0;
      while (k < params.named().size() && params.named()[k].first != name) ++k;
      if (k == params.named().size()) {
        throw Error(ErrorCode::validation,
                    "query: placeholder :" + std::string(name) + " has no value");
      }
      named_used[k] = true;
      out.sql += sql.substr(copied, i - copied);
      copied = end;
      add(positional_count + k, params.named()[k].second);
      i = end - 1;
    }
  }
  out.sql += sql.substr(copied);
  if (positional != positional_count) {
    throw Error(ErrorCode::validation, "query: " + std::to_string(positional_count) +
                                           " positional values for " + std::to_string(positional) +
                                           " ? placeholders");
  }
  for (std::size_t k = 0; k < named_used.size(); ++k) {
    if (!named_used[k]) {
      throw Error(ErrorCode::validation,
                  "query: the value of :" + params.named()[k].first + " has no placeholder");
    }
  }
  return out;
}

// One bound value of a SOCI statement, in the member its kind uses.
struct UseSlot {
  long long integer = 0;
  double real = 0;
  std::string text;
  soci::indicator indicator = soci::i_ok;
};

// Whether `text` is an integer as SQLite prints one (no sign but '-', no leading zero).
bool canonical_integer(const std::string& text) {
  const std::size_t digits = text.starts_with('-') ? 1 : 0;
  if (text.size() == digits || text.size() - digits > 18) return false;
  if (text[digits] == '0' && text.size() > digits + 1) return false;
  for (std::size_t i = digits; i < text.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// A result value. SQLite describes a column without a declared type (an expression such as
// COUNT(*)) as text: there, integer text comes back as an int64 so that COUNT(*) is an int64
// on every backend (declare the columns for exact types).
Value row_value(const soci::row& row, std::size_t i, bool sqlite) {
  if (row.get_indicator(i) == soci::i_null) return Value{};
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer: return static_cast<std::int64_t>(row.get<int>(i));
    case soci::dt_long_long: return static_cast<std::int64_t>(row.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return static_cast<std::int64_t>(row.get<unsigned long long>(i));
    case soci::dt_double: return row.get<double>(i);
    case soci::dt_date: {
      std::tm tm = row.get<std::tm>(i);
      return Timestamp(std::chrono::seconds(timegm(&tm)));
    }
    default: {
      std::string text = row.get<std::string>(i);
      if (sqlite && canonical_integer(text)) return static_cast<std::int64_t>(std::stoll(text));
      return text;
    }
  }
}

// Runs `sql` through a SOCI row (the backend describes the columns).
std::vector<Record> described_rows(const Backend& backend, Connection& connection,
                                   const RawPlan& sql, const Params& params) {
  std::vector<UseSlot> slots(sql.sources.size());
  soci::row row;
  soci::statement statement(connection.session());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const Value& v = value_of(sql, params, i);
    UseSlot& slot = slots[i];
    if (is_null(v)) {
      slot.indicator = soci::i_null;
      statement.exchange(soci::use(slot.text, slot.indicator));
    } else if (const auto* b = std::get_if<bool>(&v)) {
      slot.integer = *b ? 1 : 0;
      statement.exchange(soci::use(slot.integer, slot.indicator));
    } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
      slot.integer = *n;
      statement.exchange(soci::use(slot.integer, slot.indicator));
    } else if (const auto* d = std::get_if<double>(&v)) {
      slot.real = *d;
      statement.exchange(soci::use(slot.real, slot.indicator));
    } else {
      if (const auto* s = std::get_if<std::string>(&v)) slot.text = *s;
      if (const auto* bytes = std::get_if<Bytes>(&v)) slot.text = backend.encode_bytes(*bytes);
      if (const auto* date = std::get_if<Date>(&v)) slot.text = format_date(*date);
      if (const auto* t = std::get_if<Timestamp>(&v)) slot.text = format_timestamp(*t);
      statement.exchange(soci::use(slot.text, slot.indicator));
    }
  }
  statement.exchange(soci::into(row));
  statement.alloc();
  connection.backend().prepare_statement(statement, sql.sql);
  statement.define_and_bind();
  std::vector<Record> rows;
  for (bool more = statement.execute(true); more; more = statement.fetch()) {
    Record record;
    for (std::size_t i = 0; i < row.size(); ++i) {
      record.set(row.get_properties(i).get_name(),
                 row_value(row, i, backend.kind() == BackendKind::sqlite));
    }
    record.mark_clean();
    rows.push_back(std::move(record));
  }
  return rows;
}

// Whether `statement` was prepared with `plan`'s placeholder types and these result types:
// the text of raw SQL does not fix them (`?` on SQLite is :p1 for a value of any kind).
bool prepared_for(const BoundStatement& statement, const RawPlan& plan,
                  const std::vector<Column>& columns) {
  const std::vector<FieldType>& params = statement.param_types();
  const std::vector<FieldType>& results = statement.result_types();
  if (params.size() != plan.types.size() || results.size() != columns.size()) return false;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i] != plan.types[i]) return false;
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (results[i] != columns[i].type) return false;
  }
  return true;
}

// The cached statement of `plan` with the declared result `columns` (none for a statement
// without results), prepared (replacing one of the same text) when there is none for exactly
// these types; only then are the column types listed.
BoundStatement& raw_statement(Connection& connection, const RawPlan& plan,
                              const std::vector<Column>& columns) {
  BoundStatement* cached = connection.statement_cache().find(plan.sql);
  if (cached != nullptr && prepared_for(*cached, plan, columns)) return *cached;
  std::vector<FieldType> types;
  types.reserve(columns.size());
  for (const Column& column : columns) types.push_back(column.type);
  return connection.prepare(plan.sql, plan.types, types);
}

}  // namespace

bool RawPlan::fits(const Params& params) const noexcept {
  const auto& positional = params.positional();
  const auto& named = params.named();
  if (positional.size() != positional_kinds.size() || named.size() != named_kinds.size()) {
    return false;
  }
  for (std::size_t i = 0; i < positional.size(); ++i) {
    if (positional[i].index() != positional_kinds[i]) return false;
  }
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (named[i].second.index() != named_kinds[i].second || named[i].first != named_kinds[i].first) {
      return false;
    }
  }
  return true;
}

const RawPlan& RecordsCore::raw_plan(std::string_view sql, const Params& params,
                                     std::optional<RawPlan>& scratch) {
  // The cached plan this thread used last, when it is for the same core, text and shape: no
  // lock and no hash on a repeated query. Core ids are never reused and cached plans live as
  // long as their core, so a destroyed core's entry never matches again.
  thread_local struct {
    std::uint64_t core = 0;
    std::string_view text;  // the map's key of the plan
    const RawPlan* plan = nullptr;
  } last;
  if (last.core == id_ && last.text == sql && last.plan->fits(params)) return *last.plan;
  const auto remember = [&](const auto& entry, const RawPlan& plan) -> const RawPlan& {
    last = {id_, entry.first, &plan};
    return plan;
  };
  const auto planned = [&]() -> const RawPlan* {
    const auto it = raw_plans_.find(sql);
    if (it == raw_plans_.end()) return nullptr;
    for (const auto& plan : it->second) {
      if (plan->fits(params)) return &remember(*it, *plan);
    }
    return nullptr;
  };
  {
    std::shared_lock lock(raw_plans_mutex_);
    if (const RawPlan* plan = planned()) return *plan;
    if (raw_plan_count_ >= kMaxRawPlans) {
      lock.unlock();
      return scratch.emplace(plan_of(backend_, sql, params));
    }
  }
  auto plan = std::make_unique<RawPlan>(plan_of(backend_, sql, params));
  std::unique_lock lock(raw_plans_mutex_);
  if (const RawPlan* raced = planned()) return *raced;  // another thread planned it meanwhile
  ++raw_plan_count_;
  auto entry = raw_plans_.try_emplace(std::string(sql)).first;
  entry->second.push_back(std::move(plan));
  return remember(*entry, *entry->second.back());
}

std::vector<Record> RecordsCore::query(Scope& scope, std::string_view sql, const Params& params,
                                       const std::vector<Column>& columns) {
  std::optional<RawPlan> scratch;  // the plan when the cache is full
  const RawPlan& plan = raw_plan(sql, params, scratch);
  QueryMetrics::Timer timer(metrics_, Operation::query);
  std::vector<Record> rows;
  try {
    if (columns.empty()) {
      try {
        rows = described_rows(backend_, scope.connection, plan, params);
      } catch (...) {
        scope.connection.rethrow_mapped("executing a query");
      }
    } else {
      BoundStatement& statement = raw_statement(scope.connection, plan, columns);
      for (std::size_t i = 0; i < plan.sources.size(); ++i) {
        statement.bind(i, value_of(plan, params, i));
      }
      statement.execute_each([&] {
        Record& record = rows.emplace_back();
        record.reserve(columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
          record.set(columns[i].name, statement.take_result(i));
        }
        record.mark_clean();
        return true;
      });
    }
  } catch (Error& e) {
    e.add_context("raw query");
    throw;
  }
  timer.succeed();
  return rows;
}

std::int64_t RecordsCore::execute(Scope& scope, std::string_view sql, const Params& params) {
  std::optional<RawPlan> scratch;  // the plan when the cache is full
  const RawPlan& plan = raw_plan(sql, params, scratch);
  QueryMetrics::Timer timer(metrics_, Operation::execute);
  long long affected = 0;
  try {
    BoundStatement& statement = raw_statement(scope.connection, plan, {});
    for (std::size_t i = 0; i < plan.sources.size(); ++i) {
      statement.bind(i, value_of(plan, params, i));
    }
    statement.execute();
    affected = statement.affected_rows();
  } catch (Error& e) {
    e.add_context("raw statement");
    throw;
  }
  timer.succeed();
  return affected;
}

}  // namespace v5store::detail
