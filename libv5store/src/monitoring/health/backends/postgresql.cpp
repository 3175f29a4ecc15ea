// Health questions answered by PostgreSQL: pg_stat_activity, pg_stat_database,
// pg_stat_archiver, pg_stat_ssl, pg_roles.
#include "monitoring/health/health_queries.hpp"

namespace v5store::detail {

const HealthQueries& postgresql_health_queries();

namespace {

class PostgresqlHealthQueries final : public HealthQueries {
 public:
  bool table_exists(soci::session& s, const std::string& table) const override {
    return information_schema_has_table(s, "current_schema()", table);
  }

  std::vector<OpenTransaction> open_transactions(soci::session& s) const override {
    return read_open_transactions(
        s,
        "SELECT pid::bigint, EXTRACT(EPOCH FROM (clock_timestamp() - xact_start))::float8, "
        "CASE WHEN usename = current_user AND datname = current_database() AND "
        "application_name = current_setting('application_name') THEN 1 ELSE 0 END, "
        "COALESCE(state, '') FROM pg_stat_activity WHERE xact_start IS NOT NULL AND "
        "pid <> pg_backend_pid() AND backend_type = 'client backend' "
        "ORDER BY xact_start LIMIT 50");
  }

  std::optional<std::uint64_t> deadlocks(soci::session& s) const override {
    long long n = 0;
    s << "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()",
        soci::into(n);
    return static_cast<std::uint64_t>(n);
  }

  bool cancel(soci::session& s, std::int64_t id) const override {
    int ok = 0;
    long long pid = id;
    s << "SELECT CASE WHEN pg_cancel_backend(:pid) THEN 1 ELSE 0 END", soci::use(pid),
        soci::into(ok);
    return ok == 1;
  }

  std::optional<double> database_size_bytes(soci::session& s) const override {
    long long size = 0;
    s << "SELECT pg_database_size(current_database())", soci::into(size);
    return static_cast<double>(size);
  }

  std::optional<std::string> data_directory(soci::session& s) const override {
    // Readable by superusers and pg_read_all_settings members only.
    std::string dir;
    soci::indicator ind = soci::i_null;
    s << "SELECT CASE WHEN pg_has_role('pg_read_all_settings', 'MEMBER') OR "
         "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
         "THEN current_setting('data_directory') END",
        soci::into(dir, ind);
    if (ind != soci::i_ok) return std::nullopt;
    return dir;
  }

  std::optional<std::string> quick_check(soci::session&) const override { return std::nullopt; }

  std::string backups_unknown_reason() const override {
    return "PostgreSQL does not archive its write-ahead log here (archive_mode is off), so the "
           "age of the last backup is unknown; backups taken by other tools (pg_basebackup, "
           "pgBackRest) are not visible to the store.";
  }

  std::optional<ArchiverState> archiver(soci::session& s) const override {
    std::string mode;
    s << "SELECT current_setting('archive_mode')", soci::into(mode);
    if (mode == "off") return std::nullopt;
    long long archived = 0;
    long long failed = 0;
    double archived_age = 0;
    double failed_age = 0;
    soci::indicator archived_ind = soci::i_null;
    soci::indicator failed_ind = soci::i_null;
    s << "SELECT archived_count, failed_count, "
         "EXTRACT(EPOCH FROM (now() - last_archived_time))::float8, "
         "EXTRACT(EPOCH FROM (now() - last_failed_time))::float8 FROM pg_stat_archiver",
        soci::into(archived), soci::into(failed), soci::into(archived_age, archived_ind),
        soci::into(failed_age, failed_ind);
    ArchiverState state;
    state.archived = static_cast<std::uint64_t>(archived);
    state.failed = static_cast<std::uint64_t>(failed);
    if (archived_ind == soci::i_ok) state.last_archived_age_seconds = archived_age;
    if (failed_ind == soci::i_ok) state.last_failed_age_seconds = failed_age;
    return state;
  }

  std::optional<bool> tls_in_use(soci::session& s) const override {
    int ssl = 0;
    s << "SELECT CASE WHEN ssl THEN 1 ELSE 0 END FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        soci::into(ssl);
    return ssl == 1;
  }

  std::optional<bool> superuser(soci::session& s) const override {
    int super = 0;
    s << "SELECT CASE WHEN rolsuper THEN 1 ELSE 0 END FROM pg_roles WHERE rolname = current_user",
        soci::into(super);
    return super == 1;
  }

  std::optional<std::string> database_file(soci::session&) const override {
    return std::nullopt;
  }

  std::vector<std::string> explain(soci::session& s, const std::string& sql) const override {
    // A generic plan (what a prepared statement with unknown parameters gets): PREPARE with
    // $n parameters, force the generic plan, EXPLAIN EXECUTE with NULLs.
    const auto numbered = number_placeholders(sql);
    s << "PREPARE v5_explain AS " + numbered.sql;
    std::vector<std::string> lines;
    try {
      s << "SET plan_cache_mode = force_generic_plan";
      std::string args;
      for (int i = 0; i < numbered.count; ++i) args += i == 0 ? "NULL" : ", NULL";
      soci::rowset<std::string> rows = (s.prepare << "EXPLAIN EXECUTE v5_explain" +
                                                         (numbered.count > 0 ? "(" + args + ")"
                                                                             : std::string()));
      for (const auto& line : rows) lines.push_back(line);
    } catch (...) {
      s << "RESET plan_cache_mode";
      s << "DEALLOCATE v5_explain";
      throw;
    }
    s << "RESET plan_cache_mode";
    s << "DEALLOCATE v5_explain";
    return lines;
  }

  std::vector<FullScan> full_scans(soci::session& s, const std::vector<std::string>& plan,
                                   double large_table_rows) const override {
    std::vector<FullScan> out;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const auto at = plan[i].find("Seq Scan on ");
      if (at == std::string::npos) continue;
      const bool filtered = i + 1 < plan.size() && plan[i + 1].find("Filter:") != std::string::npos;
      if (!filtered) continue;
      auto table = plan[i].substr(at + 12);
      table = table.substr(0, table.find_first_of(" ("));
      double rows = 0;
      soci::indicator ind = soci::i_null;
      s << "SELECT reltuples::float8 FROM pg_class WHERE oid = to_regclass(:t)", soci::use(table),
          soci::into(rows, ind);
      if (ind == soci::i_ok && rows >= large_table_rows) {
        out.push_back({table, plan[i] + " " + plan[i + 1]});
      }
    }
    return out;
  }
};

}  // namespace

const HealthQueries& postgresql_health_queries() {
  static const PostgresqlHealthQueries queries;
  return queries;
}

}  // namespace v5store::detail
