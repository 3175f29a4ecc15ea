// Widening rules for column type changes.
#include "migrate/type_change.hpp"

#include <cstdlib>
#include <initializer_list>
#include <map>
#include <string>

#include "introspection/type_text.hpp"

namespace v5store::detail {

namespace {

long arg(const TypeParts& parts, std::size_t i) {
  return i < parts.args.size() ? std::strtol(parts.args[i].c_str(), nullptr, 10) : 0;
}

int integer_rank(const TypeParts& parts) {
  static const std::map<std::string, int> kRanks = {
      {"smallint", 2}, {"mediumint", 3}, {"int", 4}, {"integer", 4}, {"bigint", 8}};
  if (parts.base == "tinyint" && parts.args.empty()) return 1;
  const auto it = kRanks.find(parts.base);
  return it == kRanks.end() ? 0 : it->second;
}

int text_rank(const std::string& base) {
  static const std::map<std::string, int> kRanks = {
      {"tinytext", 1}, {"text", 2}, {"mediumtext", 3}, {"longtext", 4}};
  const auto it = kRanks.find(base);
  return it == kRanks.end() ? 0 : it->second;
}

bool is_bounded_string(const std::string& base) {
  return base == "varchar" || base == "character varying" || base == "char" ||
         base == "character" || base == "varbinary" || base == "binary";
}

}  // namespace

bool is_widening(std::string_view from, std::string_view to) {
  const TypeParts a = split_type(from);
  const TypeParts b = split_type(to);
  if (a.suffix != b.suffix) return false;
  if (a.base == b.base && is_bounded_string(a.base)) return arg(b, 0) >= arg(a, 0);
  if (a.base == b.base && (a.base == "numeric" || a.base == "decimal")) {
    return arg(b, 1) >= arg(a, 1) && arg(b, 0) - arg(b, 1) >= arg(a, 0) - arg(a, 1);
  }
  if (integer_rank(a) > 0 && integer_rank(b) > 0) return integer_rank(b) >= integer_rank(a);
  if ((a.base == "real" || a.base == "float") &&
      (b.base == "double precision" || b.base == "double")) {
    return true;
  }
  if (is_bounded_string(a.base) && a.base.find("binary") == std::string::npos &&
      text_rank(b.base) > 0) {
    return true;
  }
  if (text_rank(a.base) > 0 && text_rank(b.base) > 0) return text_rank(b.base) >= text_rank(a.base);
  return false;
}

std::string changed_rows_condition(const Backend& backend, const FieldSpec& field,
                                   std::string_view live_type) {
  const std::string column = backend.quote(column_name(field));
  const auto live_is = [&](std::initializer_list<std::string_view> words) {
    for (const auto word : words) {
      if (live_type.find(word) != std::string_view::npos) return true;
    }
    return false;
  };
  switch (field.type) {
    case FieldType::string:
      if (!field.max_length || !live_is({"char", "text", "clob"})) return {};
      return backend.text_length(column) + " > " + std::to_string(*field.max_length);
    case FieldType::int32:
      if (!live_is({"int"})) return {};
      return column + " < -2147483648 OR " + column + " > 2147483647";
    case FieldType::decimal: {
      if (field.precision <= 0 || !live_is({"numeric", "decimal"})) return {};
      return "ABS(" + column + ") >= 1e" + std::to_string(field.precision - field.scale) + " OR " +
             column + " <> ROUND(" + column + ", " + std::to_string(field.scale) + ")";
    }
    default:
      return {};
  }
}

std::vector<std::string> narrowing_blockers(const Backend& backend, soci::session& session,
                                            const std::vector<const EntitySpec*>& entities,
                                            const std::vector<SchemaDifference>& differences) {
  std::vector<std::string> blockers;
  for (const SchemaDifference& d : differences) {
    if (d.kind != DifferenceKind::column_type || is_widening(d.actual, d.expected)) continue;
    const FieldSpec* field = nullptr;
    for (const EntitySpec* entity : entities) {
      if (table_name(*entity) == d.table) field = entity->find_field(d.object);
    }
    if (field == nullptr) continue;
    const std::string condition = changed_rows_condition(backend, *field, d.actual);
    if (condition.empty()) continue;
    long long rows = 0;
    session << "SELECT COUNT(*) FROM " + backend.quote(d.table) + " WHERE " + condition,
        soci::into(rows);
    if (rows == 0) continue;
    blockers.push_back("narrowing " + d.table + "." + d.object + " from " + d.actual + " to " +
                       d.expected + " would change " + std::to_string(rows) + " row" +
                       (rows == 1 ? "" : "s") + " (WHERE " + condition +
                       "); fix or remove those values first");
  }
  return blockers;
}

}  // namespace v5store::detail
