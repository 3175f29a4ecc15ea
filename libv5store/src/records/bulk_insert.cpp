// Records::insert_many and RecordSession::insert_many: a batch of records, each validated as
// insert() validates it, inserted with one execution of an INSERT whose parameters are bound
// to one vector per column (SOCI bulk binding), inside one transaction.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "backends/backend.hpp"
#include "connection.hpp"
#include "records/query_metrics.hpp"
#include "records/records_core.hpp"
#include "records/sql_builder.hpp"
#include "schema/field_rules.hpp"
#include "v5store/error.hpp"
#include "v5store/pool.hpp"
#include "v5store/records.hpp"
#include "v5store/transaction.hpp"

namespace v5store {
namespace detail {
namespace {

constexpr std::string_view kLeaseTag = "records";

std::string position(std::size_t i, std::size_t count) {
  return "record " + std::to_string(i + 1) + " of " + std::to_string(count);
}

// The values of one field for every row of a batch, in the form its slot kind binds as, with
// a null indicator per row.
class BulkColumn {
 public:
  BulkColumn(const FieldSchema& field, const Backend& backend, std::size_t rows)
      : field_(field), backend_(backend), kind_(slot_kind(field.type())) {
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

  // Appends a validated value (normalized to the form the field binds as).
  void append(const Value& given) {
    if (is_null(given)) {
      indicators_.push_back(soci::i_null);
      push_placeholder();
      return;
    }
    Value value = given;
    normalize(field_, value);
    indicators_.push_back(soci::i_ok);
    if (const auto* b = std::get_if<bool>(&value)) {
      integers_.push_back(*b ? 1 : 0);
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      integers_.push_back(*n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      reals_.push_back(*d);
    } else if (auto* s = std::get_if<std::string>(&value)) {
      texts_.push_back(std::move(*s));
    } else if (const auto* bytes = std::get_if<Bytes>(&value)) {
      texts_.push_back(backend_.encode_bytes(*bytes));
    } else if (const auto* date = std::get_if<Date>(&value)) {
      texts_.push_back(format_date(*date));
    } else {
      texts_.push_back(format_timestamp(std::get<Timestamp>(value)));
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

  const FieldSchema& field_;
  const Backend& backend_;
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

// The fields the batch inserts (those of the first record, in its order), after every record
// was validated and found to give exactly the same fields. Throws Error(validation).
std::vector<std::size_t> batch_columns(const EntitySchema& entity,
                                       const std::vector<Record>& records) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    try {
      entity.validate(records[i], WriteKind::insert);
    } catch (Error& e) {
      e.add_context("inserting " + position(i, records.size()) + " into " + entity.name());
      throw;
    }
  }
  std::vector<std::size_t> columns;
  std::vector<bool> in_batch(entity.fields().size(), false);
  for (const Record::Entry& entry : records.front()) {
    const FieldSchema& field = entity.field(entry.field);
    if (!inserted(field, entry.value)) continue;
    columns.push_back(field.index());
    in_batch[field.index()] = true;
  }
  if (columns.empty()) {
    throw Error(ErrorCode::validation, entity.name() + ": insert without any field value");
  }
  for (std::size_t i = 1; i < records.size(); ++i) {
    std::size_t given = 0;
    for (const Record::Entry& entry : records[i]) {
      const FieldSchema& field = entity.field(entry.field);
      if (!inserted(field, entry.value)) continue;
      if (!in_batch[field.index()]) {
        throw Error(ErrorCode::validation,
                    "validation failed: " + field.path() + ": batch: " + position(i, records.size()) +
                        " gives this field, record 1 does not (every record of a batch gives the "
                        "same fields)");
      }
      ++given;
    }
    if (given != columns.size()) {
      for (std::size_t column : columns) {
        const Value* value = records[i].find(entity.fields()[column].name());
        if (value == nullptr || !inserted(entity.fields()[column], *value)) {
          throw Error(ErrorCode::validation,
                      "validation failed: " + entity.fields()[column].path() + ": batch: " +
                          position(i, records.size()) +
                          " lacks this field, record 1 gives it (every record of a batch gives "
                          "the same fields)");
        }
      }
    }
  }
  return columns;
}

// Inserts the validated batch (`columns`: batch_columns()) on `connection` with one bulk
// execution. The caller provides the transaction.
void insert_batch(RecordsCore& core, Connection& connection, const EntitySchema& entity,
                  const std::vector<std::size_t>& columns, const std::vector<Record>& records) {
  const SqlStatement sql = SqlBuilder(core.backend()).insert(entity, columns, false);
  std::vector<BulkColumn> values;
  values.reserve(columns.size());
  for (std::size_t column : columns) {
    values.emplace_back(entity.fields()[column], core.backend(), records.size());
  }
  for (const Record& record : records) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      values[c].append(*record.find(entity.fields()[columns[c]].name()));
    }
  }
  QueryMetrics::Timer timer(core.metrics(), Operation::insert);
  try {
    soci::statement statement(connection.session());
    for (BulkColumn& column : values) column.bind(statement);
    statement.alloc();
    statement.prepare(sql.sql);
    statement.define_and_bind();
    statement.execute(true);
  } catch (...) {
    try {
      rethrow_mapped(core.backend(), {}, "executing " + sql.sql);
    } catch (Error& e) {
      e.add_context("inserting a batch of " + std::to_string(records.size()) + " into " +
                    entity.name());
      throw;
    }
  }
  timer.succeed();
}

// Runs insert_batch in a transaction of its own on a connection in auto-commit mode.
void insert_batch_autocommit(RecordsCore& core, Connection& connection, const EntitySchema& entity,
                             const std::vector<std::size_t>& columns,
                             const std::vector<Record>& records) {
  try {
    for (const std::string& sql : core.backend().begin_transaction({})) connection.session() << sql;
  } catch (...) {
    rethrow_mapped(core.backend(), {}, "begin transaction");
  }
  connection.in_transaction = true;
  try {
    insert_batch(core, connection, entity, columns, records);
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

std::size_t Records::insert_many(std::string_view entity, const std::vector<Record>& records) {
  const EntitySchema& schema = core_->registry().entity(entity);
  if (records.empty()) return 0;
  const std::vector<std::size_t> columns = detail::batch_columns(schema, records);
  Transaction tx(core_->pool().acquire(detail::kLeaseTag));
  detail::insert_batch(*core_, tx.connection(), schema, columns, records);
  tx.commit();
  return records.size();
}

std::size_t RecordSession::insert_many(std::string_view entity,
                                       const std::vector<Record>& records) {
  const EntitySchema& schema = core_->registry().entity(entity);
  if (records.empty()) return 0;
  const std::vector<std::size_t> columns = detail::batch_columns(schema, records);
  if (transactional_) {
    detail::insert_batch(*core_, *connection_, schema, columns, records);
  } else {
    detail::insert_batch_autocommit(*core_, *connection_, schema, columns, records);
  }
  return records.size();
}

}  // namespace v5store
