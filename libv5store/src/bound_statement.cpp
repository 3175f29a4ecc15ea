#include "bound_statement.hpp"

#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "statement_probe.hpp"

namespace v5store::detail {

namespace {

// The kind of value a Value holds, for messages that must not show the value itself.
const char* value_kind(const Value& value) {
  static constexpr const char* kKinds[] = {"NULL",  "boolean", "integer", "float", "string",
                                           "bytes", "date",    "timestamp"};
  static_assert(std::variant_size_v<Value> == std::size(kKinds));
  return kKinds[value.index()];
}

[[noreturn]] void mismatch(std::size_t i, FieldType type, const Value& value) {
  throw Error(ErrorCode::validation, "parameter " + std::to_string(i + 1) + " of type " +
                                         std::string(to_string(type)) + " cannot take a " +
                                         value_kind(value) + " value");
}

// " with :p1=..., :p2=NULL": the values of the parameter slots, for the debugging opt-in.
std::string bound_values(const std::vector<StatementSlot>& params) {
  std::string out = "with ";
  for (std::size_t i = 0; i < params.size(); ++i) {
    const StatementSlot& slot = params[i];
    if (i > 0) out += ", ";
    out += ":p" + std::to_string(i + 1) + "=";
    if (slot.indicator == soci::i_null) {
      out += "NULL";
    } else if (slot.kind == SlotKind::integer) {
      out += std::to_string(slot.integer);
    } else if (slot.kind == SlotKind::real) {
      out += std::to_string(slot.real);
    } else {
      out += "\"" + slot.text + "\"";
    }
  }
  return out;
}

// The T that `value` holds for parameter i of `type`; throws like mismatch() when it holds
// another alternative.
template <class T>
const T& expect(std::size_t i, FieldType type, const Value& value) {
  const T* held = std::get_if<T>(&value);
  if (held == nullptr) mismatch(i, type, value);
  return *held;
}

}  // namespace

BoundStatement::BoundStatement(soci::session& session, const Backend& backend, std::string sql,
                               std::vector<FieldType> params, std::vector<FieldType> results)
    : backend_(backend),
      sql_(std::move(sql)),
      param_types_(std::move(params)),
      result_types_(std::move(results)),
      params_(param_types_.size()),
      results_(result_types_.size()) {
  for (std::size_t i = 0; i < params_.size(); ++i) params_[i].kind = slot_kind(param_types_[i]);
  for (std::size_t i = 0; i < results_.size(); ++i) {
    results_[i].kind = slot_kind(result_types_[i]);
  }
  try {
    statement_ = backend_.prepare(session, sql_, params_, results_);
  } catch (...) {
    rethrow_mapped(backend_, {}, "preparing " + sql_);
  }
}

BoundStatement::~BoundStatement() {
  if (probe_ != nullptr) probe_->release();
}

void BoundStatement::bind(std::size_t i, const Value& value) {
  if (i >= params_.size()) {
    throw Error(ErrorCode::validation, "parameter " + std::to_string(i + 1) + " out of range: " +
                                           sql_ + " has " + std::to_string(params_.size()));
  }
  StatementSlot& slot = params_[i];
  const FieldType type = param_types_[i];
  if (is_null(value)) {
    slot.indicator = soci::i_null;
    return;
  }
  switch (type) {
    case FieldType::boolean:
      slot.integer = expect<bool>(i, type, value) ? 1 : 0;
      break;
    case FieldType::int32:
    case FieldType::int64: {
      const std::int64_t n = expect<std::int64_t>(i, type, value);
      if (type == FieldType::int32 && (n < std::numeric_limits<std::int32_t>::min() ||
                                       n > std::numeric_limits<std::int32_t>::max())) {
        mismatch(i, type, value);
      }
      slot.integer = n;
      break;
    }
    case FieldType::float64:
      if (const auto* d = std::get_if<double>(&value)) {
        slot.real = *d;
      } else {
        slot.real = static_cast<double>(expect<std::int64_t>(i, type, value));
      }
      break;
    case FieldType::bytes:
      slot.text = backend_.encode_bytes(expect<Bytes>(i, type, value));
      break;
    case FieldType::date:
      slot.text = format_date(expect<Date>(i, type, value));
      break;
    case FieldType::timestamp:
      slot.text = format_timestamp(expect<Timestamp>(i, type, value));
      break;
    case FieldType::decimal:
    case FieldType::string:
    case FieldType::text:
    case FieldType::uuid:
    case FieldType::json:
    case FieldType::enumeration:
    case FieldType::opaque:
      slot.text = expect<std::string>(i, type, value);
      if (auto why = backend_.refuses_text(slot.text)) {
        throw Error(ErrorCode::validation, "parameter " + std::to_string(i + 1) + ": " + *why);
      }
      break;
  }
  slot.indicator = soci::i_ok;
}

bool BoundStatement::execute(std::size_t max_rows) {
  ProbeTimer timer(probe_, rows_);
  rows_ = 0;
  row_ = 0;
  row_in_slots_ = false;
  try {
    bool got_row = statement_->execute();
    if (results_.empty()) {
      timer.succeed();
      return true;
    }
    if (got_row && max_rows == 1) {
      statement_->end_result();
      rows_ = 1;
      row_in_slots_ = true;
      slot_row_ = 1;
    } else {
      while (got_row) {
        store_row();
        if (rows_ >= max_rows) {
          statement_->end_result();
          break;
        }
        got_row = statement_->fetch();
      }
    }
  } catch (...) {
    // A row that cannot be read (store_row) stops mid-result: end it, so that SQLite does not
    // keep the statement's read transaction (and a lock on the table) open.
    statement_->end_result();
    rows_ = 0;
    fail("executing " + sql_);
  }
  timer.succeed();
  return rows_ > 0;
}

bool BoundStatement::fetch() {
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

std::size_t BoundStatement::execute_each(RowVisitor visit) {
  std::size_t read = 0;
  ProbeTimer timer(probe_, read);
  rows_ = 0;
  row_ = 0;
  row_in_slots_ = false;
  try {
    // Without result columns there are no rows to visit.
    for (bool got_row = statement_->execute() && !results_.empty(); got_row;
         got_row = statement_->fetch()) {
      ++read;
      rows_ = 1;
      row_ = 0;
      row_in_slots_ = true;
      slot_row_ = read;
      visiting_ = true;
      const bool more = visit();
      visiting_ = false;
      if (!more) break;
    }
    statement_->end_result();
  } catch (...) {
    statement_->end_result();
    rows_ = 0;
    row_in_slots_ = false;
    if (visiting_) {  // thrown by the visitor: as it is (an unreadable value is already mapped)
      visiting_ = false;
      throw;
    }
    fail("executing " + sql_);
  }
  rows_ = 0;
  row_in_slots_ = false;
  timer.succeed();
  return read;
}

void BoundStatement::store_row() {
  const std::size_t columns = results_.size();
  const std::size_t base = row_in_slots_ ? 0 : rows_ * columns;
  if (values_.size() < base + columns) values_.resize(base + columns);
  for (std::size_t i = 0; i < columns; ++i) read_slot(i, values_[base + i]);
  if (row_in_slots_) {
    row_in_slots_ = false;
  } else {
    ++rows_;
  }
}

void BoundStatement::throw_no_result(std::size_t i) const {
  throw Error(ErrorCode::not_found,
              "no result column " + std::to_string(i + 1) + " in the current row of " + sql_);
}

void BoundStatement::throw_unreadable(std::size_t i, const Error& failure) {
  std::string row;
  for (const auto& [column, name] : key_columns_) {
    const StatementSlot& key = results_[column];
    row += (row.empty() ? "row " : ", ") + name + "=" +
           (key.indicator == soci::i_null   ? std::string("NULL")
            : key.kind == SlotKind::integer ? std::to_string(key.integer)
                                            : "'" + key.text + "'");
  }
  if (row.empty()) row = "row " + std::to_string(row_in_slots_ ? slot_row_ : rows_ + 1);
  Error error(failure.code(),
              row + ", result column " + std::to_string(i + 1) + ": " + failure.what());
  // Read by execute_each()'s visitor: described as execute() describes one read while
  // executing.
  if (visiting_) {
    error.add_context("executing " + sql_);
    describe_failure(error);
  }
  throw error;
}

Value BoundStatement::take_slot(std::size_t i) {
  StatementSlot& slot = results_[i];
  if (slot.indicator == soci::i_null) return Value{};
  switch (result_types_[i]) {
    case FieldType::boolean:
      return Value(slot.integer != 0);
    case FieldType::int32:
    case FieldType::int64:
      return Value(static_cast<std::int64_t>(slot.integer));
    case FieldType::float64:
      return Value(slot.real);
    case FieldType::bytes:
    case FieldType::date:
    case FieldType::timestamp:
      try {
        if (result_types_[i] == FieldType::bytes) return Value(backend_.decode_bytes(slot.text));
        if (result_types_[i] == FieldType::date) return Value(parse_date(slot.text));
        return Value(parse_timestamp(slot.text));
      } catch (const Error& failure) {
        throw_unreadable(i, failure);
      }
    case FieldType::decimal:
    case FieldType::string:
    case FieldType::text:
    case FieldType::uuid:
    case FieldType::json:
    case FieldType::enumeration:
    case FieldType::opaque:
      break;
  }
  return Value(std::move(slot.text));
}

void BoundStatement::read_slot(std::size_t i, Value& out) {
  const StatementSlot& slot = results_[i];
  const FieldType type = result_types_[i];
  // A value of the kind `out` already holds is stored in place (a text reuses its buffer).
  if (slot.indicator != soci::i_null) {
    if (type == FieldType::int32 || type == FieldType::int64) {
      if (auto* held = std::get_if<std::int64_t>(&out)) {
        *held = slot.integer;
        return;
      }
    } else if (type == FieldType::float64) {
      if (auto* held = std::get_if<double>(&out)) {
        *held = slot.real;
        return;
      }
    } else if (slot.kind == SlotKind::text && type != FieldType::bytes &&
               type != FieldType::date && type != FieldType::timestamp) {
      if (auto* held = std::get_if<std::string>(&out)) {
        held->assign(slot.text);  // the text itself
        return;
      }
    }
  }
  out = take_slot(i);
}

long long BoundStatement::affected_rows() {
  try {
    const long long affected = statement_->affected_rows();
    if (probe_ != nullptr && affected > 0) probe_->add_rows(static_cast<std::uint64_t>(affected));
    return affected;
  } catch (...) {
    fail("counting rows of " + sql_);
  }
}

void BoundStatement::fail(std::string_view context) {
  try {
    rethrow_mapped(backend_, {}, context);
  } catch (Error& error) {
    describe_failure(error);
    throw;
  }
}

void BoundStatement::describe_failure(Error& error) {
  if (error.code() == ErrorCode::connection && broken_ != nullptr) *broken_ = true;
  if (parameter_values_in_messages() && !params_.empty()) {
    error.add_context(bound_values(params_));
  }
}

}  // namespace v5store::detail
