// RecordApi::insert_many: a batch of records, each validated as insert() validates it,
// inserted with one execution of an INSERT whose parameters are bound to one vector per
// column (SOCI bulk binding), inside one transaction.
#include <cstddef>
#include <cstdint>
#include <variant>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <soci/soci.h>

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

// Whether normalize() would change `value` (an accepted alternate form); other values are
// appended without a copy.
bool needs_normalize(const FieldSchema& field, const Value& value) {
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

// The values of one field for every row of a batch, in the form its slot kind binds as, with
// a null indicator per row.
class BulkColumn {
 public:
  BulkColumn(const FieldSchema& field, const Backend& backend, std::size_t rows)
      : field_(&field), backend_(&backend), kind_(slot_kind(field.type())) {
    indicators_.reserve(rows);
    switch (kind_) {
      case SlotKind::integer:
        integers_.reserve(rows);
        break;
      case SlotKind::real:
        reals_.reserve(rows);
        break;
      case SlotKind::text:
        texts_.reserve(rows);
        break;
    }
  }

  // Appends a validated value.
  void append(const Value& value) {
    if (is_null(value)) {
      indicators_.push_back(soci::i_null);
      push_placeholder();
    } else if (needs_normalize(*field_, value)) {
      Value normalized = value;
      normalize(*field_, normalized);
      push(normalized);
    } else {
      push(value);
    }
  }

  // Binds the column's vectors as the next parameter of `statement`.
  void bind(soci::statement& statement) {
    switch (kind_) {
      case SlotKind::integer:
        statement.exchange(soci::use(integers_, indicators_));
        break;
      case SlotKind::real:
        statement.exchange(soci::use(reals_, indicators_));
        break;
      case SlotKind::text:
        statement.exchange(soci::use(texts_, indicators_));
        break;
    }
  }

 private:
  // Appends a non-NULL value in its normalized form.
  void push(const Value& value) {
    if (const auto* s = std::get_if<std::string>(&value)) {
      if (auto why = backend_->refuses_text(*s)) {
        throw Error(ErrorCode::validation, field_->path() + ": " + *why);
      }
    }
    indicators_.push_back(soci::i_ok);
    if (const auto* b = std::get_if<bool>(&value)) {
      integers_.push_back(*b ? 1 : 0);
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      integers_.push_back(*n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      reals_.push_back(*d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      texts_.push_back(*s);
    } else if (const auto* bytes = std::get_if<Bytes>(&value)) {
      texts_.push_back(backend_->encode_bytes(*bytes));
    } else if (const auto* date = std::get_if<Date>(&value)) {
      texts_.push_back(format_date(*date));
    } else {
      texts_.push_back(format_timestamp(std::get<Timestamp>(value)));
    }
  }

  void push_placeholder() {
    switch (kind_) {
      case SlotKind::integer:
        integers_.push_back(0);
        break;
      case SlotKind::real:
        reals_.push_back(0);
        break;
      case SlotKind::text:
        texts_.emplace_back();
        break;
    }
  }

  const FieldSchema* field_;
  const Backend* backend_;
  SlotKind kind_;
  std::vector<long long> integers_;
  std::vector<double> reals_;
  std::vector<std::string> texts_;
  std::vector<soci::indicator> indicators_;
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
class Batch {
 public:
  // Throws Error(validation) for the first invalid record (entity.field, rule, position).
  Batch(const EntitySchema& entity, const Backend& backend, const std::vector<Record>& records)
      : entity_(entity), count_(records.size()) {
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
          values_[c].append((record.begin() + static_cast<std::ptrdiff_t>(column_entries_[c]))->value);
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
  std::size_t size() const noexcept { return count_; }

  // Binds every column's vectors to `statement`, in column order.
  void bind(soci::statement& statement) {
    for (BulkColumn& column : values_) column.bind(statement);
  }

 private:
  std::string context(std::size_t i) const {
    return "inserting " + position(i, count_) + " into " + entity_.name();
  }

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
                    "validation failed: " + field.path() + ": batch: " + position(i, count_) +
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
                    "validation failed: " + field.path() + ": batch: " + position(i, count_) +
                        " lacks this field, record 1 gives it (every record of a batch gives "
                        "the same fields)");
      }
    }
  }

  const EntitySchema& entity_;
  std::size_t count_;
  std::vector<const FieldSchema*> entry_fields_;  // the field of each entry of the first record
  std::vector<bool> entry_inserted_;              // whether that entry is inserted
  std::vector<std::size_t> columns_;              // field index of each column
  std::vector<std::size_t> column_entries_;       // entry of the first record of each column
  std::vector<BulkColumn> values_;
};

// Inserts `batch` on `connection` with one bulk execution. The caller provides the transaction.
void insert_batch(RecordsCore& core, Connection& connection, const EntitySchema& entity,
                  Batch& batch) {
  const SqlStatement sql = SqlBuilder(core.backend()).insert(entity, batch.columns(), false);
  QueryMetrics::Timer timer(core.metrics(), Operation::insert);
  try {
    soci::statement statement(connection.session());
    batch.bind(statement);
    statement.alloc();
    statement.prepare(sql.sql);
    statement.define_and_bind();
    statement.execute(true);
  } catch (...) {
    try {
      rethrow_mapped(core.backend(), {}, "executing " + sql.sql);
    } catch (Error& e) {
      describe_violation(e, entity);
      e.add_context("inserting a batch of " + std::to_string(batch.size()) + " into " +
                    entity.name());
      throw;
    }
  }
  timer.succeed();
}

// Runs insert_batch in a transaction of its own on a connection in auto-commit mode.
void insert_batch_autocommit(RecordsCore& core, Connection& connection, const EntitySchema& entity,
                             Batch& batch) {
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
