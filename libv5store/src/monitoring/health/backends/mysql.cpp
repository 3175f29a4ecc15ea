// Health questions answered by MariaDB / MySQL: information_schema.innodb_trx and PROCESSLIST,
// SHOW STATUS, information_schema.TABLES, SHOW GRANTS.
#include "monitoring/health/health_queries.hpp"

namespace v5store::detail {

const HealthQueries& mysql_health_queries();

namespace {

class MysqlHealthQueries final : public HealthQueries {
 public:
  bool table_exists(soci::session& s, const std::string& table) const override {
    return information_schema_has_table(s, "DATABASE()", table);
  }

  std::vector<OpenTransaction> open_transactions(soci::session& s) const override {
    return read_open_transactions(
        s,
        "SELECT CAST(t.trx_mysql_thread_id AS SIGNED), "
        "CAST(TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) / 1000000.0 AS DOUBLE), "
        "CASE WHEN p.USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AND p.DB <=> DATABASE() "
        "THEN 1 ELSE 0 END, t.trx_state "
        "FROM information_schema.innodb_trx t "
        "LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
        "WHERE t.trx_mysql_thread_id <> CONNECTION_ID() ORDER BY t.trx_started LIMIT 50");
  }

  std::optional<std::uint64_t> deadlocks(soci::session& s) const override {
    std::string name;
    std::string value;
    soci::indicator ind = soci::i_null;
    s << "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'", soci::into(name), soci::into(value, ind);
    if (ind != soci::i_ok || value.empty()) return std::nullopt;
    return static_cast<std::uint64_t>(std::stoull(value));
  }

  bool cancel(soci::session& s, std::int64_t id) const override {
    s << "KILL QUERY " + std::to_string(id);
    return true;
  }

  std::optional<double> database_size_bytes(soci::session& s) const override {
    double size = 0;
    soci::indicator ind = soci::i_null;
    s << "SELECT CAST(SUM(DATA_LENGTH + INDEX_LENGTH) AS DOUBLE) FROM information_schema.TABLES "
         "WHERE TABLE_SCHEMA = DATABASE()",
        soci::into(size, ind);
    return ind == soci::i_ok ? size : 0.0;
  }

  std::optional<std::string> data_directory(soci::session& s) const override {
    std::string dir;
    s << "SELECT @@datadir", soci::into(dir);
    return dir;
  }

  std::optional<std::string> quick_check(soci::session&) const override { return std::nullopt; }

  std::optional<ArchiverState> archiver(soci::session&) const override { return std::nullopt; }

  std::string backups_unknown_reason() const override {
    return "MariaDB does not report backups: when mariadb-backup or a dump last ran, and "
           "whether the binary logs needed for point-in-time recovery are kept, is not visible "
           "to the store, so the age of the last backup is unknown.";
  }

  std::optional<bool> tls_in_use(soci::session& s) const override {
    std::string name;
    std::string cipher;
    soci::indicator ind = soci::i_null;
    s << "SHOW SESSION STATUS LIKE 'Ssl_cipher'", soci::into(name), soci::into(cipher, ind);
    return ind == soci::i_ok && !cipher.empty();
  }

  std::optional<bool> superuser(soci::session& s) const override {
    soci::rowset<std::string> grants = (s.prepare << "SHOW GRANTS FOR CURRENT_USER()");
    for (const auto& grant : grants) {
      if (grant.find("ALL PRIVILEGES ON *.*") != std::string::npos ||
          grant.find(" SUPER") != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  std::optional<std::string> database_file(soci::session&) const override {
    return std::nullopt;
  }

  std::vector<std::string> explain(soci::session& s, const std::string& sql) const override {
    // MySQL cannot explain unbound placeholders: each becomes the literal '0'.
    std::vector<std::string> lines;
    soci::rowset<soci::row> rows = (s.prepare << "EXPLAIN " + literal_placeholders(sql, "'0'"));
    for (const auto& row : rows) {
      std::string line;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (!line.empty()) line += ' ';
        line += row.get_properties(i).get_name() + "=" + row_text(row, i);
      }
      lines.push_back(line);
    }
    return lines;
  }

  std::vector<FullScan> full_scans(soci::session&, const std::vector<std::string>& plan,
                                   double) const override {
    std::vector<FullScan> out;
    for (const auto& line : plan) {
      if (line.find(" type=ALL ") == std::string::npos) continue;
      const auto at = line.find("table=");
      if (at == std::string::npos) continue;
      auto table = line.substr(at + 6);
      table = table.substr(0, table.find(' '));
      out.push_back({table, line});
    }
    return out;
  }
};

}  // namespace

const HealthQueries& mysql_health_queries() {
  static const MysqlHealthQueries queries;
  return queries;
}

}  // namespace v5store::detail
