// RecordApi::insert_many: a batch of records, each validated as insert() validates it, then
// inserted by the backend (Backend::insert_rows) from the validated records, inside one
// transaction.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "connection.hpp"
#include "records/query_metrics.hpp"
#include "records/records_core.hpp"
#include "records/sql_builder.hpp"
#include "schema/field_rules.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/transaction.hpp"

namespace v5store {
namespace detail {
namespace {

std::string position(std::size_t i, std::size_t count) {
  return "record " + std::to_string(i + 1) + " of " + std::to_string(count);
}

// The values of one field for every row of a batch, viewed where they are: in the records, or,
// for a value bound in another form than it is given (normalized, bytes encoded, a date or
// timestamp formatted), in the column's own storage.
class BulkColumn {
 public:
  BulkColumn(const FieldSchema& field, const Backend& backend, std::size_t rows)
      : field_(&field), backend_(&backend), kind_(slot_kind(field.type())) {
    values_.reserve(rows);
  }

  // Appends a validated value of a record that outlives the column.
  void append(const Value& value) {
    if (is_null(value)) {
      values_.push_back(&value);
      return;
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
      if (auto why = backend_->refuses_text(*s)) {
        throw Error(ErrorCode::validation, field_->path() + ": " + *why);
      }
    }
    if (needs_normalize(*field_, value)) {
      Value normalized = value;
      normalize(*field_, normalized);
      values_.push_back(&converted_.emplace_back(bound_form(std::move(normalized))));
    } else if (std::holds_alternative<Bytes>(value) || std::holds_alternative<Date>(value) ||
               std::holds_alternative<Timestamp>(value)) {
      values_.push_back(&converted_.emplace_back(bound_form(value)));
    } else {
      values_.push_back(&value);
    }
  }

  // The value of row `row` as it is bound.
  BulkValue value(std::size_t row) const noexcept {
    BulkValue bound;
    bound.kind = kind_;
    const Value& value = *values_[row];
    if (const auto* b = std::get_if<bool>(&value)) {
      bound.integer = *b ? 1 : 0;
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      bound.integer = *n;
    } else if (const auto* d = std::get_if<double>(&value)) {
      bound.real = *d;
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      bound.text = *s;
    } else {
      return bound;  // NULL
    }
    bound.null = false;
    return bound;
  }

 private:
  // Whether normalize() would change `value` (an accepted alternate form).
  static bool needs_normalize(const FieldSchema& field, const Value& value) {
    switch (field.type()) {
      case FieldType::float64:
        return std::holds_alternative<std::int64_t>(value);
      case FieldType::decimal:
        return true;  // an int64, or text padded to the field's scale
      case FieldType::date:
      case FieldType::timestamp:
        return std::holds_alternative<std::string>(value);
      default:
        return false;
    }
  }

  // A non-NULL normalized value as a bool, int64, double or text (bytes encoded, dates and
  // timestamps formatted).
  Value bound_form(Value value) const {
    if (const auto* bytes = std::get_if<Bytes>(&value)) return backend_->encode_bytes(*bytes);
    if (const auto* date = std::get_if<Date>(&value)) return format_date(*date);
    if (const auto* time = std::get_if<Timestamp>(&value)) return format_timestamp(*time);
    return value;
  }

  const FieldSchema* field_;
  const Backend* backend_;
  SlotKind kind_;
  std::vector<const Value*> values_;  // per row
  std::deque<Value> converted_;       // the values bound in another form (stable addresses)
};

// Whether an entry takes part in the INSERT: a generated key left NULL is generated instead.
bool inserted(const FieldSchema& field, const Value& value) {
  return !(field.generated() && is_null(value));
}

// A validated batch in column form. The columns are the inserted fields of the first record,
// in its order. The first record is validated in full (EntitySchema::validate); a record that
// gives the same fields in the same order (the usual batch) is then validated field by field
// with the fields resolved once (the required-field check cannot differ); any other record is
// validated in full and must give the same set of fields.
class Batch final : public BulkRows {
 public:
  // Throws Error(validation) for the first invalid record (entity.field, rule, position).
  Batch(const EntitySchema& entity, const Backend& backend, const std::vector<Record>& records)
      : entity_(entity), records_(records) {
    const Record& first = records.front();
    validate_record(first, 0);
    for (const Record::Entry& entry : first) {
      const FieldSchema& field = entity.field(entry.field);
      entry_fields_.push_back(&field);
      entry_inserted_.push_back(inserted(field, entry.value));
      if (entry_inserted_.back()) {
        columns_.push_back(field.index());
        column_entries_.push_back(entry_fields_.size() - 1);
      }
    }
    if (columns_.empty()) {
      throw Error(ErrorCode::validation, entity.name() + ": insert without any field value");
    }
    values_.reserve(columns_.size());
    for (std::size_t column : columns_) {
      values_.emplace_back(entity.fields()[column], backend, records.size());
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
      const Record& record = records[i];
      if (i == 0 || same_layout(record)) {
        if (i != 0) validate_fields(record, i);
        for (std::size_t c = 0; c < columns_.size(); ++c) {
          values_[c].append(
              (record.begin() + static_cast<std::ptrdiff_t>(column_entries_[c]))->value);
        }
      } else {
        validate_record(record, i);
        check_field_set(record, i);
        for (std::size_t c = 0; c < columns_.size(); ++c) {
          values_[c].append(*record.find(entity.fields()[columns_[c]].name()));
        }
      }
    }
  }

  const std::vector<std::size_t>& columns() const noexcept { return columns_; }
  std::size_t size() const noexcept override { return records_.size(); }
  std::size_t width() const noexcept override { return columns_.size(); }
  BulkValue value(std::size_t row, std::size_t column) const noexcept override {
    return values_[column].value(row);
  }

  // "inserting record 3 of 10 (key 'sku-2') into product": the position of record `i` and
  // its primary key, when it gives one.
  std::string context(std::size_t i) const {
    std::string key;
    for (std::size_t index : entity_.primary_key()) {
      const Value* value = records_[i].find(entity_.fields()[index].name());
      if (value == nullptr || is_null(*value)) {
        key.clear();
        break;
      }
      key += (key.empty() ? "" : ", ") + to_display_string(*value);
    }
    return "inserting " + position(i, size()) + (key.empty() ? "" : " (key " + key + ")") +
           " into " + entity_.name();
  }

 private:
  void validate_record(const Record& record, std::size_t i) const {
    try {
      entity_.validate(record, WriteKind::insert);
    } catch (Error& e) {
      e.add_context(context(i));
      throw;
    }
  }

  bool same_layout(const Record& record) const {
    if (record.size() != entry_fields_.size()) return false;
    std::size_t k = 0;
    for (const Record::Entry& entry : record) {
      const FieldSchema& field = *entry_fields_[k];
      if (entry.field != field.name()) return false;
      if (field.generated() && inserted(field, entry.value) != entry_inserted_[k]) return false;
      ++k;
    }
    return true;
  }

  void validate_fields(const Record& record, std::size_t i) const {
    std::size_t k = 0;
    try {
      for (const Record::Entry& entry : record) entry_fields_[k++]->validate(entry.value);
    } catch (Error& e) {
      e.add_context(context(i));
      throw;
    }
  }

  // Throws Error(validation) unless `record` (validated) inserts exactly the batch's columns.
  void check_field_set(const Record& record, std::size_t i) const {
    std::vector<bool> in_batch(entity_.fields().size(), false);
    for (std::size_t column : columns_) in_batch[column] = true;
    std::size_t given = 0;
    for (const Record::Entry& entry : record) {
      const FieldSchema& field = entity_.field(entry.field);
      if (!inserted(field, entry.value)) continue;
      if (!in_batch[field.index()]) {
        throw Error(ErrorCode::validation,
                    "validation failed: " + field.path() + ": batch: " + position(i, size()) +
                        " gives this field, record 1 does not (every record of a batch gives "
                        "the same fields)");
      }
      ++given;
    }
    if (given == columns_.size()) return;
    for (std::size_t column : columns_) {
      const FieldSchema& field = entity_.fields()[column];
      const Value* value = record.find(field.name());
      if (value == nullptr || !inserted(field, *value)) {
        throw Error(ErrorCode::validation,
                    "validation failed: " + field.path() + ": batch: " + position(i, size()) +
                        " lacks this field, record 1 gives it (every record of a batch gives "
                        "the same fields)");
      }
    }
  }

  const EntitySchema& entity_;
  const std::vector<Record>& records_;
  std::vector<const FieldSchema*> entry_fields_;  // the field of each entry of the first record
  std::vector<bool> entry_inserted_;              // whether that entry is inserted
  std::vector<std::size_t> columns_;              // field index of each column
  std::vector<std::size_t> column_entries_;       // entry of the first record of each column
  std::vector<BulkColumn> values_;
};

// Inserts `batch` on `connection` (Backend::insert_rows). The caller provides the transaction.
void insert_batch(RecordsCore& core, Connection& connection, const EntitySchema& entity,
                  const Batch& batch) {
  const Backend& backend = core.backend();
  BulkInsert insert;
  insert.sql = SqlBuilder(backend).insert(entity, batch.columns(), InsertReturning::nothing).sql;
  insert.table = backend.quote(entity.table());
  for (std::size_t column : batch.columns()) {
    const FieldSchema& field = entity.fields()[column];
    insert.columns.push_back(backend.quote(field.column()));
    insert.types.push_back(field.type());
  }
  QueryMetrics::Timer timer(core.metrics(), Operation::insert);
  std::optional<std::size_t> failed_row;
  try {
    backend.insert_rows(connection.session(), insert, batch, failed_row);
  } catch (...) {
    try {
      rethrow_mapped(backend, {}, "executing " + insert.sql);
    } catch (Error& e) {
      describe_violation(e, entity);
      e.add_context(failed_row ? batch.context(*failed_row)
                               : "inserting a batch of " + std::to_string(batch.size()) + " into " +
                                     entity.name());
      throw;
    }
  }
  timer.succeed();
}

// Runs insert_batch in a transaction of its own on a connection in auto-commit mode.
void insert_batch_autocommit(RecordsCore& core, Connection& connection, const EntitySchema& entity,
                             const Batch& batch) {
  try {
    for (const std::string& sql : core.backend().begin_transaction({})) connection.session() << sql;
  } catch (...) {
    rethrow_mapped(core.backend(), {}, "begin transaction");
  }
  connection.in_transaction = true;
  try {
    insert_batch(core, connection, entity, batch);
    connection.session().commit();
  } catch (...) {
    connection.in_transaction = false;
    try {
      connection.session().rollback();
    } catch (...) {
      connection.broken = true;
    }
    throw;
  }
  connection.in_transaction = false;
}

}  // namespace
}  // namespace detail

std::size_t RecordApi::insert_many(std::string_view entity, const std::vector<Record>& records) {
  const EntitySchema& schema = *core_->state(entity).schema;
  if (records.empty()) return 0;
  detail::Batch batch(schema, core_->backend(), records);
  Call call(*this);
  if (call.scope.transactional) {
    detail::insert_batch(*core_, call.scope.connection, schema, batch);
  } else {
    detail::insert_batch_autocommit(*core_, call.scope.connection, schema, batch);
  }
  return records.size();
}

}  // namespace v5store
