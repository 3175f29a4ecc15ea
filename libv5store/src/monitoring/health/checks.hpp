// The eight category checks, one file each (health/<category>.cpp). Each returns the
// category's result with every measured value and threshold; the ones with recovery actions
// (connectivity, transactions, backup, query_performance) also act (docs/monitoring.md).
#pragma once

#include "monitoring/health/check_support.hpp"

namespace v5store::detail {

CategoryResult check_connectivity(CheckContext& context);
CategoryResult check_pool(CheckContext& context);
CategoryResult check_query_performance(CheckContext& context);
CategoryResult check_schema_integrity(CheckContext& context);
CategoryResult check_transactions(CheckContext& context);
CategoryResult check_storage(CheckContext& context);
CategoryResult check_backup(CheckContext& context);
CategoryResult check_security(CheckContext& context);

// Runs the check of `category`.
CategoryResult run_check(HealthCategory category, CheckContext& context);

}  // namespace v5store::detail
