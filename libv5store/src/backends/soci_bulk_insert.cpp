// Backend::insert_rows by default: the rows copied into one vector per column, with a null
// indicator per row, bound to a soci::statement that executes once (SOCI bulk binding).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

namespace {

// The values of one parameter for every row, in the vector of its kind.
class BulkColumn {
 public:
  BulkColumn(const BulkRows& rows, std::size_t column) {
    const std::size_t count = rows.size();
    indicators_.reserve(count);
    kind_ = rows.value(0, column).kind;
    for (std::size_t row = 0; row < count; ++row) append(rows.value(row, column));
  }

  // Binds the column's vectors as the next parameter of `statement`.
  void bind(soci::statement& statement) {
    switch (kind_) {
      case SlotKind::integer:
        statement.exchange(soci::use(integers_, indicators_));
        return;
      case SlotKind::real:
        statement.exchange(soci::use(reals_, indicators_));
        return;
      case SlotKind::text:
        statement.exchange(soci::use(texts_, indicators_));
        return;
    }
  }

 private:
  void append(const BulkValue& value) {
    indicators_.push_back(value.null ? soci::i_null : soci::i_ok);
    switch (kind_) {
      case SlotKind::integer:
        integers_.push_back(value.null ? 0 : value.integer);
        return;
      case SlotKind::real:
        reals_.push_back(value.null ? 0 : value.real);
        return;
      case SlotKind::text:
        texts_.emplace_back(value.null ? std::string_view() : value.text);
        return;
    }
  }

  SlotKind kind_ = SlotKind::text;
  std::vector<long long> integers_;
  std::vector<double> reals_;
  std::vector<std::string> texts_;
  std::vector<soci::indicator> indicators_;
};

}  // namespace

void Backend::insert_rows(soci::session& session, const BulkInsert& insert, const BulkRows& rows,
                          std::optional<std::size_t>& failed_row) const {
  static_cast<void>(failed_row);  // one execution: the driver does not tell which row failed
  std::vector<BulkColumn> columns;
  columns.reserve(rows.width());
  for (std::size_t c = 0; c < rows.width(); ++c) columns.emplace_back(rows, c);
  soci::statement statement(session);
  for (BulkColumn& column : columns) column.bind(statement);
  statement.alloc();
  statement.prepare(insert.sql);
  statement.define_and_bind();
  statement.execute(true);
}

}  // namespace v5store::detail
