// Widening rules for column type changes.
#include "migrate/type_change.hpp"

#include <cstdlib>
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

}  // namespace v5store::detail
