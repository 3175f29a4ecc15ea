// Dispatches a category to its check.
#include "monitoring/health/checks.hpp"

namespace v5store::detail {

CategoryResult run_check(HealthCategory category, CheckContext& context) {
  switch (category) {
    case HealthCategory::connectivity:
      return check_connectivity(context);
    case HealthCategory::pool:
      return check_pool(context);
    case HealthCategory::query_performance:
      return check_query_performance(context);
    case HealthCategory::schema_integrity:
      return check_schema_integrity(context);
    case HealthCategory::transactions:
      return check_transactions(context);
    case HealthCategory::storage:
      return check_storage(context);
    case HealthCategory::backup:
      return check_backup(context);
    case HealthCategory::security:
      return check_security(context);
  }
  return finish(category, {});
}

}  // namespace v5store::detail
