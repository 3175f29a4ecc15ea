#include "backends/soci_statement.hpp"

namespace v5store::detail {

namespace {

// Calls `exchange(value, indicator)` with the member of `slot` that its kind uses.
template <class Exchange>
void exchange_slot(StatementSlot& slot, Exchange exchange) {
  switch (slot.kind) {
    case SlotKind::integer:
      exchange(slot.integer, slot.indicator);
      return;
    case SlotKind::real:
      exchange(slot.real, slot.indicator);
      return;
    case SlotKind::text:
      exchange(slot.text, slot.indicator);
      return;
  }
}

}  // namespace

SociStatement::SociStatement(soci::session& session, const Backend& backend, const std::string& sql,
                             std::vector<StatementSlot>& params,
                             std::vector<StatementSlot>& results)
    : statement_(session) {
  // soci::use and soci::into keep a reference to their (temporary) name argument: each element
  // is handed to exchange() in the full expression that makes it.
  for (auto& slot : params) {
    exchange_slot(slot, [this](auto& value, soci::indicator& indicator) {
      statement_.exchange(soci::use(value, indicator));
    });
  }
  for (auto& slot : results) {
    exchange_slot(slot, [this](auto& value, soci::indicator& indicator) {
      statement_.exchange(soci::into(value, indicator));
    });
  }
  statement_.alloc();
  backend.prepare_statement(statement_, sql);
  statement_.define_and_bind();
}

bool SociStatement::execute() {
  try {
    return statement_.execute(true);
  } catch (...) {
    // SOCI frees the parameter buffers of its PostgreSQL and MySQL backends after a successful
    // execute only: a failed one leaves them for the next pre_use to overwrite (a leak), and
    // on PostgreSQL a NULL bound next would send the stale buffer instead of NULL.
    statement_.undefine_and_bind();
    throw;
  }
}

std::unique_ptr<PreparedStatement> Backend::prepare(soci::session& session, const std::string& sql,
                                                    std::vector<StatementSlot>& params,
                                                    std::vector<StatementSlot>& results) const {
  return std::make_unique<SociStatement>(session, *this, sql, params, results);
}

void Backend::prepare_statement(soci::statement& statement, const std::string& sql) const {
  statement.prepare(sql);
}

}  // namespace v5store::detail
