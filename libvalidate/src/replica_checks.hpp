// The checks of a database's read replicas (`replicas:`, `read_from:`): their shape at level
// 2, and at level 3 that each replica is a standby of its primary.
#pragma once

#include <soci/soci.h>

#include "sink.hpp"
#include "v5store/spec.hpp"
#include "v5validate/orchestrator.hpp"

namespace v5validate::detail {

// Level 2: replicas only on PostgreSQL (V233), each replica DSN other than the primary's and
// the other replicas' (V234), read_from: replica only where the database has replicas (V235),
// replica pools with min_idle <= max_size (V223). Never throws.
void check_replica_shape(const v5store::SystemSpec& spec, Sink& sink);

// Level 3: each replica of `database` is reachable (V301), in recovery (V314) and a copy of
// the primary the open `primary` session reaches (same system identifier, V315). Never
// throws.
void check_replicas_live(const v5store::DatabaseSpec& database, soci::session& primary,
                         const Options& options, Sink& sink);

}  // namespace v5validate::detail
