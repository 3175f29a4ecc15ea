// Drift: the live schema against the declared entities, as a list of differences.
#include "v5store/migrator.hpp"

#include "migrate/declared_schema.hpp"
#include "migrate/schema_diff.hpp"
#include "v5store/internal/backend.hpp"

namespace v5store {

std::string_view to_string(DifferenceKind kind) noexcept {
  switch (kind) {
    case DifferenceKind::missing_table: return "missing_table";
    case DifferenceKind::extra_table: return "extra_table";
    case DifferenceKind::missing_column: return "missing_column";
    case DifferenceKind::extra_column: return "extra_column";
    case DifferenceKind::column_type: return "column_type";
    case DifferenceKind::column_nullability: return "column_nullability";
    case DifferenceKind::column_default: return "column_default";
    case DifferenceKind::primary_key: return "primary_key";
    case DifferenceKind::missing_index: return "missing_index";
    case DifferenceKind::extra_index: return "extra_index";
    case DifferenceKind::missing_foreign_key: return "missing_foreign_key";
    case DifferenceKind::extra_foreign_key: return "extra_foreign_key";
    case DifferenceKind::column_check: return "column_check";
  }
  return "unknown";
}

std::string SchemaDifference::to_string() const {
  std::string out = std::string(v5store::to_string(kind)) + " " + table;
  if (!object.empty()) out += "." + object;
  if (!expected.empty() && !actual.empty()) {
    out += " (declared: " + expected + ", live: " + actual + ")";
  } else if (!expected.empty()) {
    out += " (declared: " + expected + ")";
  } else if (!actual.empty()) {
    out += " (live: " + actual + ")";
  }
  return out;
}

DriftReport check_drift(const SystemSpec& spec, std::string_view database, soci::session& session) {
  const DatabaseSpec& db = detail::resolve_database(spec, database);
  const detail::Backend& backend = detail::backend_for(db.backend);
  DriftReport report;
  report.database = db.name;
  report.differences = detail::diff_schema(backend, spec, detail::entities_of(spec, db),
                                           backend.introspect(session), &report.unmanaged_tables);
  return report;
}

}  // namespace v5store
