// SociStatement: the default PreparedStatement of a backend, a soci::statement whose use and
// into elements are the owner's slots, so SOCI reads the parameters and writes each fetched
// row there.
#pragma once

#include <string>
#include <vector>

#include <soci/soci.h>

#include "v5store/internal/backend.hpp"

namespace v5store::detail {

class SociStatement final : public PreparedStatement {
 public:
  // Prepares `sql` on `session` (Backend::prepare_statement of `backend`) with one use
  // element per parameter slot and one into element per result slot. Throws
  // soci::soci_error.
  SociStatement(soci::session& session, const Backend& backend, const std::string& sql,
                std::vector<StatementSlot>& params, std::vector<StatementSlot>& results);

  bool execute() override;
  bool fetch() override { return statement_.fetch(); }
  // Nothing to end: the SOCI backends this is used for hold the whole result in the client
  // once it executed (PostgreSQL: PQexecPrepared, or PQexecParams behind a pooler, no
  // single-row mode; MySQL: mysql_store_result), so the server holds nothing for an unread
  // rest, which SOCI frees on the next execute.
  void end_result() noexcept override {}
  long long affected_rows() override { return statement_.get_affected_rows(); }

 private:
  soci::statement statement_;
};

}  // namespace v5store::detail
