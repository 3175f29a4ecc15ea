// Optimizer: EXPLAIN of the slowest statements, index recommendations from full scans, and a
// pool size recommendation per database.
#include "v5store/performance.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <thread>

#include <fmt/format.h>

#include "monitoring/health/health_queries.hpp"
#include "v5store/internal/names.hpp"
#include "v5store/pool.hpp"

namespace v5store {

namespace {

// The columns a statement's WHERE clause compares on `table` (col = / < / > / IN / LIKE),
// unqualified or qualified with the table name. A heuristic for the recommendation only.
std::vector<std::string> where_columns(const std::string& sql, const std::string& table) {
  std::string lower = sql;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto where = lower.find(" where ");
  if (where == std::string::npos) return {};
  auto clause = sql.substr(where + 7);
  for (const char* stop : {" order by ", " group by ", " limit ", " returning "}) {
    const auto at = lower.find(stop, where + 7);
    if (at != std::string::npos) clause = sql.substr(where + 7, at - where - 7);
  }
  static const std::regex comparison(
      R"re((?:["`]?(\w+)["`]?\.)?["`]?(\w+)["`]?\s*(?:=|<>|!=|<=|>=|<|>|\bIN\b|\bLIKE\b))re",
      std::regex::icase);
  std::vector<std::string> columns;
  for (std::sregex_iterator it(clause.begin(), clause.end(), comparison), end; it != end; ++it) {
    const auto qualifier = (*it)[1].str();
    const auto column = (*it)[2].str();
    if (!qualifier.empty() && qualifier != table) continue;
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
      columns.push_back(column);
    }
  }
  return columns;
}

PoolSizeRecommendation size_pool(const ConnectionPool& pool) {
  const auto stats = pool.stats();
  PoolSizeRecommendation r;
  r.database = pool.database().name;
  r.current_max = stats.max_size;
  r.recommended = stats.max_size;
  // HikariCP's starting point: connections = cores * 2 + effective spindles (1).
  const int baseline = static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) * 2 + 1;
  if (stats.pending > 0 || stats.timeouts > 0) {
    r.recommended = std::max(stats.max_size + stats.pending, stats.max_size * 5 / 4 + 1);
    r.reason = fmt::format("{} callers waiting and {} acquire timeouts: the pool is too small "
                           "for the load (raise max_size, or shorten transactions)",
                           stats.pending, stats.timeouts);
  } else if (stats.max_size > baseline * 2 && stats.active * 4 < stats.max_size) {
    r.recommended = std::max(baseline, stats.active * 2);
    r.reason = fmt::format("{} of {} connections in use: a pool of about {} (cores * 2 + 1 = {}) "
                           "holds fewer idle server sessions",
                           stats.active, stats.max_size, r.recommended, baseline);
  } else {
    r.reason = fmt::format("{} of {} connections in use, no waiting callers: keep max_size",
                           stats.active, stats.max_size);
  }
  return r;
}

}  // namespace

std::string OptimizerReport::to_text() const {
  std::string out;
  for (const auto& p : plans) {
    out += fmt::format("{} ({} runs, p95 {:.2f} ms, total {:.1f} ms): {}\n", p.stats.database,
                       p.stats.count, p.stats.p95_seconds * 1000, p.stats.total_seconds * 1000,
                       p.stats.sql);
    out += "  plan: " + p.plan + "\n";
    for (const auto& f : p.findings) out += "  finding: " + f + "\n";
  }
  for (const auto& i : indexes) out += fmt::format("index on {}: {}  -- {}\n", i.database, i.ddl, i.reason);
  for (const auto& p : pools) {
    out += fmt::format("pool {}: max_size {} -> {}: {}\n", p.database, p.current_max,
                       p.recommended, p.reason);
  }
  return out;
}

std::string Optimizer::explain(ConnectionPool& pool, const std::string& sql) {
  Lease lease = pool.acquire(std::string_view("v5store.optimizer"));
  const auto lines = detail::health_queries_for(pool.backend()).explain(lease.session(), sql);
  return fmt::format("{}", fmt::join(lines, "\n"));
}

OptimizerReport Optimizer::analyse(const PerformanceMonitor& performance,
                                   const std::vector<ConnectionPool*>& pools, std::size_t top_n) {
  OptimizerOptions options;
  options.top_n = top_n;
  return analyse(performance, pools, options);
}

OptimizerReport Optimizer::analyse(const PerformanceMonitor& performance,
                                   const std::vector<ConnectionPool*>& pools,
                                   const OptimizerOptions& options) {
  OptimizerReport report;
  std::map<std::string, ConnectionPool*> by_name;
  for (auto* pool : pools) by_name[pool->database().name] = pool;
  std::map<std::string, IndexRecommendation> indexes;  // by DDL, so each is recommended once
  for (const auto& stats : performance.slowest(options.top_n)) {
    const auto it = by_name.find(stats.database);
    if (it == by_name.end()) continue;
    ConnectionPool& pool = *it->second;
    StatementPlan plan;
    plan.stats = stats;
    try {
      Lease lease = pool.acquire(std::string_view("v5store.optimizer"));
      const auto& queries = detail::health_queries_for(pool.backend());
      const auto lines = queries.explain(lease.session(), stats.sql);
      plan.plan = fmt::format("{}", fmt::join(lines, "\n"));
      for (const auto& scan : queries.full_scans(lease.session(), lines, options.large_table_rows)) {
        plan.findings.push_back(scan.plan_line);
        const auto columns = where_columns(stats.sql, scan.table);
        if (columns.empty()) continue;
        IndexRecommendation rec;
        rec.database = stats.database;
        rec.table = scan.table;
        rec.columns = columns;
        rec.reason = scan.plan_line;
        rec.ddl = fmt::format("CREATE INDEX {} ON {} ({})", detail::index_name(scan.table, columns),
                              scan.table, fmt::join(columns, ", "));
        indexes.emplace(rec.ddl, rec);
      }
    } catch (const std::exception& e) {
      plan.plan = std::string("EXPLAIN failed: ") + e.what();
    }
    report.plans.push_back(std::move(plan));
  }
  for (auto& [ddl, rec] : indexes) report.indexes.push_back(std::move(rec));
  for (auto* pool : pools) report.pools.push_back(size_pool(*pool));
  return report;
}

}  // namespace v5store
