// Level 3's migration checks: history state, what `migrate up` would do, drift.
#pragma once

#include <set>
#include <string>

#include <soci/soci.h>

#include "sink.hpp"
#include "v5store/spec.hpp"
#include "v5validate/orchestrator.hpp"

namespace v5validate::detail {

// Reports failed history rows (V305), blockers of `migrate up` (V306), pending steps (V307),
// a database ahead of the spec (V311) and drift (V308, or V312 while steps are pending).
// Returns the tables a round trip cannot use (missing, or missing columns). Never throws.
std::set<std::string> check_migration_state(const v5store::SystemSpec& spec,
                                            const v5store::DatabaseSpec& database,
                                            soci::session& session, const Options& options,
                                            Sink& sink);

}  // namespace v5validate::detail
