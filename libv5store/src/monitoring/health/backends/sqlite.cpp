// Health questions answered by SQLite: PRAGMA page_count/page_size, quick_check,
// database_list. SQLite has no server: no other sessions, no archiver, no TLS, no roles.
#include <filesystem>

#include "monitoring/health/health_queries.hpp"

namespace v5store::detail {

const HealthQueries& sqlite_health_queries();

namespace {

class SqliteHealthQueries final : public HealthQueries {
 public:
  bool table_exists(soci::session& s, const std::string& table) const override {
    int n = 0;
    s << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :t", soci::use(table),
        soci::into(n);
    return n > 0;
  }

  std::vector<OpenTransaction> open_transactions(soci::session&) const override { return {}; }

  std::optional<std::uint64_t> deadlocks(soci::session&) const override { return std::nullopt; }

  bool cancel(soci::session&, std::int64_t) const override { return false; }

  std::optional<double> database_size_bytes(soci::session& s) const override {
    long long pages = 0;
    long long page_size = 0;
    s << "PRAGMA page_count", soci::into(pages);
    s << "PRAGMA page_size", soci::into(page_size);
    return static_cast<double>(pages) * static_cast<double>(page_size);
  }

  std::optional<std::string> data_directory(soci::session& s) const override {
    const auto file = database_file(s);
    if (!file) return std::nullopt;
    return std::filesystem::path(*file).parent_path().string();
  }

  std::optional<std::string> quick_check(soci::session& s) const override {
    std::string result;
    s << "PRAGMA quick_check(1)", soci::into(result);
    return result;
  }

  std::optional<ArchiverState> archiver(soci::session&) const override { return std::nullopt; }

  std::string backups_unknown_reason() const override {
    return "No online backup of this SQLite file was made by this process "
           "(sqlite_online_backup(), or HealthMonitorOptions::backup_dir for scheduled ones), "
           "so the age of the last backup is unknown.";
  }

  std::optional<bool> tls_in_use(soci::session&) const override { return std::nullopt; }

  std::optional<bool> superuser(soci::session&) const override { return std::nullopt; }

  std::optional<std::string> database_file(soci::session& s) const override {
    soci::rowset<soci::row> rows = (s.prepare << "PRAGMA database_list");
    for (const auto& row : rows) {
      if (row_text(row, 1) == "main") {
        const auto file = row_text(row, 2);
        if (file.empty()) return std::nullopt;  // in-memory or temporary
        return file;
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> explain(soci::session& s, const std::string& sql) const override {
    std::vector<std::string> lines;
    soci::rowset<soci::row> rows = (s.prepare << "EXPLAIN QUERY PLAN " + sql);
    for (const auto& row : rows) lines.push_back(row_text(row, 3));
    return lines;
  }

  std::vector<FullScan> full_scans(soci::session&, const std::vector<std::string>& plan,
                                   double) const override {
    std::vector<FullScan> out;
    for (const auto& line : plan) {
      // "SCAN orders" (3.36+) or "SCAN TABLE orders"; "SCAN orders USING INDEX ..." is fine.
      if (!line.starts_with("SCAN ") || line.find(" USING ") != std::string::npos) continue;
      auto table = line.substr(5);
      if (table.starts_with("TABLE ")) table = table.substr(6);
      table = table.substr(0, table.find(' '));
      out.push_back({table, line});
    }
    return out;
  }
};

}  // namespace

const HealthQueries& sqlite_health_queries() {
  static const SqliteHealthQueries queries;
  return queries;
}

}  // namespace v5store::detail
