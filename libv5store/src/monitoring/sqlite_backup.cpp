// sqlite_online_backup(): copies a live SQLite database with the SQLite online backup API, and
// the process-wide log of the backups made.
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>  // declares the SQLite C API in namespace sqlite_api

#include "monitoring/backup_log.hpp"
#include "v5store/error.hpp"
#include "v5store/health.hpp"
#include "v5store/pool.hpp"

namespace v5store {

namespace detail {

namespace {

std::mutex& log_mutex() {
  static std::mutex m;
  return m;
}

std::map<std::string, BackupRecord>& log() {
  static std::map<std::string, BackupRecord> records;
  return records;
}

}  // namespace

void record_backup(const std::string& dsn, BackupRecord record) {
  std::lock_guard lock(log_mutex());
  log()[dsn] = std::move(record);
}

std::optional<BackupRecord> last_backup(const std::string& dsn) {
  std::lock_guard lock(log_mutex());
  const auto it = log().find(dsn);
  if (it == log().end()) return std::nullopt;
  return it->second;
}

}  // namespace detail

void sqlite_online_backup(ConnectionPool& pool, const std::string& destination) {
  using namespace sqlite_api;
  if (pool.backend() != BackendKind::sqlite) {
    throw Error(ErrorCode::config, fmt::format("database {}: online backup through the SQLite "
                                               "backup API needs a SQLite database",
                                               pool.database().name));
  }
  Lease lease = pool.acquire(std::string_view("v5store.backup"));
  auto* backend = static_cast<soci::sqlite3_session_backend*>(lease.session().get_backend());
  sqlite3* source = backend->conn_;
  const auto temporary = destination + ".partial";
  std::filesystem::remove(temporary);
  sqlite3* target = nullptr;
  int rc = sqlite3_open_v2(temporary.c_str(), &target,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  auto fail = [&](int code, const std::string& what) {
    const std::string message =
        target != nullptr ? sqlite3_errmsg(target) : std::string(sqlite3_errstr(code));
    sqlite3_close(target);
    std::filesystem::remove(temporary);
    throw Error(code == SQLITE_CANTOPEN ? ErrorCode::connection : ErrorCode::unknown,
                fmt::format("database {}: backup to {} failed while {}: {}",
                            pool.database().name, destination, what, message),
                std::to_string(code));
  };
  if (rc != SQLITE_OK) fail(rc, "opening the destination");
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (backup == nullptr) fail(sqlite3_errcode(target), "starting the backup");
  // Copy in steps so writers of other connections are not locked out for the whole copy.
  do {
    rc = sqlite3_backup_step(backup, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  const int pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) fail(rc, "copying pages");
  rc = sqlite3_close(target);
  target = nullptr;
  if (rc != SQLITE_OK) fail(rc, "closing the destination");
  std::filesystem::rename(temporary, destination);
  long long page_size = 0;
  lease.session() << "PRAGMA page_size", soci::into(page_size);
  detail::record_backup(pool.database().dsn,
                        {std::chrono::system_clock::now(), destination,
                         static_cast<double>(pages) * static_cast<double>(page_size)});
}

}  // namespace v5store
