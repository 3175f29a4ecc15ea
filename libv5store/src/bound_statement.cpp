#include "bound_statement.hpp"

#include <limits>
#include <utility>

#include "monitoring/performance/statement_probe.hpp"

namespace v5store::detail {

struct BoundStatement::Slot {
  SlotKind kind = SlotKind::text;
  long long integer = 0;
  double real = 0;
  std::string text;
  soci::indicator indicator = soci::i_null;
};

namespace {

[[noreturn]] void mismatch(std::size_t i, FieldType type, const Value& value) {
  throw Error(ErrorCode::validation, "parameter " + std::to_string(i + 1) + " of type " +
                                         std::string(to_string(type)) + " cannot take " +
                                         to_display_string(value));
}

}  // namespace

BoundStatement::BoundStatement(soci::session& session, const Backend& backend, std::string sql,
                               std::vector<FieldType> params, std::vector<FieldType> results)
    : backend_(backend),
      sql_(std::move(sql)),
      param_types_(std::move(params)),
      result_types_(std::move(results)),
      params_(param_types_.size()),
      results_(result_types_.size()),
      statement_(session) {
  for (std::size_t i = 0; i < params_.size(); ++i) params_[i].kind = slot_kind(param_types_[i]);
  for (std::size_t i = 0; i < results_.size(); ++i) {
    results_[i].kind = slot_kind(result_types_[i]);
  }
  try {
    bind_slots();
    statement_.alloc();
    statement_.prepare(sql_);
    statement_.define_and_bind();
  } catch (...) {
    rethrow_mapped(backend_, {}, "preparing " + sql_);
  }
}

BoundStatement::~BoundStatement() {
  if (probe_ != nullptr) probe_->release();
}

void BoundStatement::bind_slots() {
  for (auto& slot : params_) {
    switch (slot.kind) {
      case SlotKind::integer:
        statement_.exchange(soci::use(slot.integer, slot.indicator));
        break;
      case SlotKind::real:
        statement_.exchange(soci::use(slot.real, slot.indicator));
        break;
      case SlotKind::text:
        statement_.exchange(soci::use(slot.text, slot.indicator));
        break;
    }
  }
  for (auto& slot : results_) {
    switch (slot.kind) {
      case SlotKind::integer:
        statement_.exchange(soci::into(slot.integer, slot.indicator));
        break;
      case SlotKind::real:
        statement_.exchange(soci::into(slot.real, slot.indicator));
        break;
      case SlotKind::text:
        statement_.exchange(soci::into(slot.text, slot.indicator));
        break;
    }
  }
}

void BoundStatement::bind(std::size_t i, const Value& value) {
  if (i >= params_.size()) {
    throw Error(ErrorCode::validation, "parameter " + std::to_string(i + 1) + " out of range: " +
                                           sql_ + " has " + std::to_string(params_.size()));
  }
  Slot& slot = params_[i];
  const FieldType type = param_types_[i];
  if (is_null(value)) {
    slot.indicator = soci::i_null;
    return;
  }
  switch (type) {
    case FieldType::boolean:
      if (const auto* b = std::get_if<bool>(&value)) {
        slot.integer = *b ? 1 : 0;
      } else {
        mismatch(i, type, value);
      }
      break;
    case FieldType::int32:
    case FieldType::int64: {
      const auto* n = std::get_if<std::int64_t>(&value);
      if (n == nullptr) mismatch(i, type, value);
      if (type == FieldType::int32 && (*n < std::numeric_limits<std::int32_t>::min() ||
                                       *n > std::numeric_limits<std::int32_t>::max())) {
        mismatch(i, type, value);
      }
      slot.integer = *n;
      break;
    }
    case FieldType::float64:
      if (const auto* d = std::get_if<double>(&value)) {
        slot.real = *d;
      } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
        slot.real = static_cast<double>(*n);
      } else {
        mismatch(i, type, value);
      }
      break;
    case FieldType::bytes:
      if (const auto* b = std::get_if<Bytes>(&value)) {
        slot.text = backend_.encode_bytes(*b);
      } else {
        mismatch(i, type, value);
      }
      break;
    case FieldType::date:
      if (const auto* d = std::get_if<Date>(&value)) {
        slot.text = format_date(*d);
      } else {
        mismatch(i, type, value);
      }
      break;
    case FieldType::timestamp:
      if (const auto* t = std::get_if<Timestamp>(&value)) {
        slot.text = format_timestamp(*t);
      } else {
        mismatch(i, type, value);
      }
      break;
    case FieldType::decimal:
    case FieldType::string:
    case FieldType::text:
    case FieldType::uuid:
    case FieldType::json:
    case FieldType::enumeration:
      if (const auto* s = std::get_if<std::string>(&value)) {
        slot.text = *s;
      } else {
        mismatch(i, type, value);
      }
      break;
  }
  slot.indicator = soci::i_ok;
}

bool BoundStatement::execute(std::size_t max_rows) {
  const ProbeTimer timer(probe_, rows_);
  rows_ = 0;
  row_ = 0;
  row_in_slots_ = false;
  try {
    bool got_row = statement_.execute(true);
    if (results_.empty()) return true;
    if (got_row && max_rows == 1) {
      backend_.end_result(statement_);
      rows_ = 1;
      row_in_slots_ = true;
      return true;
    }
    while (got_row) {
      store_row();
      if (rows_ >= max_rows) {
        backend_.end_result(statement_);
        break;
      }
      got_row = statement_.fetch();
    }
  } catch (...) {
    // SOCI frees the parameter buffers of its PostgreSQL and MySQL backends after a successful
    // execute only: a failed one leaves them for the next pre_use to overwrite (a leak), and
    // on PostgreSQL a NULL bound next would send the stale buffer instead of NULL.
    statement_.undefine_and_bind();
    rethrow_mapped(backend_, {}, "executing " + sql_);
  }
  return rows_ > 0;
}

bool BoundStatement::fetch() {
  if (row_ < rows_) ++row_;
  return row_ < rows_;
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

Value BoundStatement::take_slot(std::size_t i) {
  Slot& slot = results_[i];
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
      return Value(backend_.decode_bytes(slot.text));
    case FieldType::date:
      return Value(parse_date(slot.text));
    case FieldType::timestamp:
      return Value(parse_timestamp(slot.text));
    case FieldType::decimal:
    case FieldType::string:
    case FieldType::text:
    case FieldType::uuid:
    case FieldType::json:
    case FieldType::enumeration:
      break;
  }
  return Value(std::move(slot.text));
}

// Assigning into the Value that held this column's previous value reuses its string's buffer.
void BoundStatement::read_slot(std::size_t i, Value& out) const {
  const Slot& slot = results_[i];
  if (slot.indicator == soci::i_null) {
    out = std::monostate{};
    return;
  }
  switch (result_types_[i]) {
    case FieldType::boolean:
      out = slot.integer != 0;
      return;
    case FieldType::int32:
    case FieldType::int64:
      out = static_cast<std::int64_t>(slot.integer);
      return;
    case FieldType::float64:
      out = slot.real;
      return;
    case FieldType::bytes:
      out = backend_.decode_bytes(slot.text);
      return;
    case FieldType::date:
      out = parse_date(slot.text);
      return;
    case FieldType::timestamp:
      out = parse_timestamp(slot.text);
      return;
    case FieldType::decimal:
    case FieldType::string:
    case FieldType::text:
    case FieldType::uuid:
    case FieldType::json:
    case FieldType::enumeration:
      out = slot.text;
      return;
  }
  out = slot.text;
}

long long BoundStatement::affected_rows() {
  try {
    const long long affected = statement_.get_affected_rows();
    if (probe_ != nullptr && affected > 0) probe_->add_rows(static_cast<std::uint64_t>(affected));
    return affected;
  } catch (...) {
    rethrow_mapped(backend_, {}, "counting rows of " + sql_);
  }
}

}  // namespace v5store::detail
