// Picks the health questions of a backend; the row and SQL helpers the backends share.
#include "monitoring/health/health_queries.hpp"

#include <cctype>
#include <map>

namespace v5store::detail {

const HealthQueries& sqlite_health_queries();
const HealthQueries& postgresql_health_queries();
const HealthQueries& mysql_health_queries();

double row_number(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return 0;
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_double:
      return row.get<double>(i);
    case soci::dt_integer:
      return row.get<int>(i);
    case soci::dt_long_long:
      return static_cast<double>(row.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return static_cast<double>(row.get<unsigned long long>(i));
    case soci::dt_string:
      return std::stod(row.get<std::string>(i));
    default:
      return 0;
  }
}

std::string row_text(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return {};
  if (row.get_properties(i).get_data_type() == soci::dt_string) return row.get<std::string>(i);
  return std::to_string(row_number(row, i));
}

bool information_schema_has_table(soci::session& s, std::string_view schema_sql,
                                  const std::string& table) {
  int n = 0;
  s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = " +
           std::string(schema_sql) + " AND table_name = :t",
      soci::use(table), soci::into(n);
  return n > 0;
}

std::vector<OpenTransaction> read_open_transactions(soci::session& s, const std::string& sql) {
  std::vector<OpenTransaction> out;
  soci::rowset<soci::row> rows = (s.prepare << sql);
  for (const auto& row : rows) {
    OpenTransaction t;
    t.id = static_cast<std::int64_t>(row_number(row, 0));
    t.age_seconds = row_number(row, 1);
    t.own = row_number(row, 2) == 1;
    t.state = row_text(row, 3);
    out.push_back(t);
  }
  return out;
}

namespace {

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Calls replace(name) for each :name placeholder outside quotes and appends the result.
template <class Replace>
std::string rewrite_placeholders(const std::string& sql, Replace replace) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      out += c;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out += "::";
      ++i;
      continue;
    }
    if (c == ':' && i + 1 < sql.size() && identifier_char(sql[i + 1]) &&
        (i == 0 || !identifier_char(sql[i - 1]))) {
      std::size_t end = i + 1;
      while (end < sql.size() && identifier_char(sql[end])) ++end;
      out += replace(sql.substr(i + 1, end - i - 1));
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

NumberedSql number_placeholders(const std::string& sql) {
  std::map<std::string, int> numbers;
  NumberedSql out;
  out.sql = rewrite_placeholders(sql, [&](const std::string& name) {
    auto [it, added] = numbers.emplace(name, static_cast<int>(numbers.size()) + 1);
    return "$" + std::to_string(it->second);
  });
  out.count = static_cast<int>(numbers.size());
  return out;
}

std::string literal_placeholders(const std::string& sql, const std::string& literal) {
  return rewrite_placeholders(sql, [&](const std::string&) { return literal; });
}

const HealthQueries& health_queries_for(BackendKind kind) {
  switch (kind) {
    case BackendKind::postgresql:
      return postgresql_health_queries();
    case BackendKind::mysql:
      return mysql_health_queries();
    case BackendKind::sqlite:
      break;
  }
  return sqlite_health_queries();
}

}  // namespace v5store::detail
