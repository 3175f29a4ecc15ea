// PrivateServer: a PostgreSQL or MariaDB server of the fault tests' own, in a temp directory on
// a free port, so the tests may restart it and lock its users without touching the shared dev
// servers. Started with the distribution's binaries (V5_TEST_PG_BIN overrides the PostgreSQL
// bin directory). Not thread-safe: one controlling thread.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "v5store/types.hpp"

namespace v5test {

// A TCP port nobody listens on right now (bind to port 0, read it back, close).
inline unsigned short free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class PrivateServer {
 public:
  // The login the bank workload uses (not a superuser, so the admin can lock it out).
  static constexpr const char* kUser = "bank";
  static constexpr const char* kPassword = "bankpw";

  // How PostgreSQL authenticates logins over TCP: `trust` lets any password in, `password`
  // checks it (SCRAM; the socket admin() uses stays trust). MariaDB always checks passwords.
  enum class Auth { trust, password };

  // Creates the data directory and starts the server; throws std::runtime_error on failure.
  explicit PrivateServer(v5store::BackendKind kind, Auth auth = Auth::trust)
      : PrivateServer(kind, "primary") {
    if (kind_ == v5store::BackendKind::postgresql) {
      std::string auth_options = " --auth=trust";
      if (auth == Auth::password) {
        std::ofstream(dir_ / "pwfile") << "postgrespw\n";
        auth_options = " --auth-local=trust --auth-host=scram-sha-256 --pwfile=" + dir_.string() +
                       "/pwfile";
      }
      run(as_postgres(pg_bin() + "/initdb -D " + data() + " -U postgres" + auth_options));
      start();
      admin("CREATE ROLE bank LOGIN PASSWORD 'bankpw'");
      admin("CREATE DATABASE bank OWNER bank");
    } else {
      run("mariadb-install-db --user=root --datadir=" + data() +
          " --auth-root-authentication-method=normal");
      start();
      // Both hosts: the anonymous ''@'localhost' of a fresh install would shadow 'bank'@'%'.
      admin("CREATE USER 'bank'@'%' IDENTIFIED BY 'bankpw'; "
            "CREATE USER 'bank'@'localhost' IDENTIFIED BY 'bankpw'; CREATE DATABASE bank; "
            "GRANT ALL ON bank.* TO 'bank'@'%'; GRANT ALL ON bank.* TO 'bank'@'localhost'");
    }
  }

  // What the standby constructor copies: a PostgreSQL server of this kind.
  struct StandbyOf {
    const PrivateServer& primary;
  };

  // A streaming standby of a PostgreSQL primary: a base backup of it (pg_basebackup -R -X
  // stream over its socket) started on a port of its own, replaying the primary's WAL until
  // promote(). Throws std::runtime_error on failure.
  explicit PrivateServer(StandbyOf standby) : PrivateServer(standby.primary.kind_, "standby") {
    run(as_postgres(pg_bin() + "/pg_basebackup -h " + standby.primary.dir_.string() + " -p " +
                    std::to_string(standby.primary.port_) + " -U postgres -D " + data() +
                    " -R -X stream -c fast"));
    start();
  }

  // Makes the primary wait for a standby to have each commit before acknowledging it
  // (synchronous_standby_names = '*'), once one streams; throws after 30 s without one.
  void require_synchronous_standby() const {
    for (int i = 0; i < 300; ++i) {
      const std::string streaming =
          psql() + " -tAc \"SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'\"";
      if (std::system((streaming + " 2>/dev/null | grep -q 1").c_str()) == 0) {
        admin("ALTER SYSTEM SET synchronous_standby_names = '*'");
        admin("SELECT pg_reload_conf()");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("no standby streams from " + dir_.string());
  }

  // Promotes a standby to primary and waits until it takes writes.
  void promote() const { run(as_postgres(pg_bin() + "/pg_ctl -D " + data() + " -w promote")); }

  unsigned short port() const { return port_; }

  ~PrivateServer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  // The DSN of database `bank` as user `bank`.
  std::string dsn() const {
    const auto port = std::to_string(port_);
    if (kind_ == v5store::BackendKind::postgresql) {
      return "host=127.0.0.1 port=" + port + " dbname=bank user=bank password=bankpw "
             "connect_timeout=2 sslmode=disable";
    }
    return "host=127.0.0.1 port=" + port + " db=bank user=bank password=bankpw";
  }

  // Starts the server and waits until it accepts connections.
  void start() {
    if (kind_ == v5store::BackendKind::postgresql) {
      run(as_postgres(pg_bin() + "/pg_ctl -D " + data() + " -l " + dir_.string() +
                      "/log -w -o \"-p " + std::to_string(port_) + " -k " + dir_.string() +
                      " -c listen_addresses=127.0.0.1 -c max_connections=100\" start"));
      return;
    }
    run("(mariadbd --user=root --datadir=" + data() + " --port=" + std::to_string(port_) +
        " --bind-address=127.0.0.1 --socket=" + socket() + " --pid-file=" + dir_.string() +
        "/pid --skip-log-bin > " + dir_.string() + "/log 2>&1 &)");
    for (int i = 0; i < 300; ++i) {
      if (std::system(("mysqladmin -S " + socket() + " -uroot ping >/dev/null 2>&1").c_str()) ==
          0) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("mariadbd did not start: see " + dir_.string() + "/log");
  }

  // Stops the server (fast shutdown: open sessions are cut) and waits until it is gone.
  void stop() {
    if (kind_ == v5store::BackendKind::postgresql) {
      std::system(as_postgres(pg_bin() + "/pg_ctl -D " + data() + " -m fast -w stop").c_str());
      return;
    }
    std::system(("mysqladmin -S " + socket() + " -uroot shutdown >/dev/null 2>&1").c_str());
  }

  // Runs SQL as the superuser (psql / mysql over the private socket); throws on failure.
  void admin(const std::string& sql) const {
    if (kind_ == v5store::BackendKind::postgresql) {
      run(psql() + " -c \"" + sql + "\"");
    } else {
      run("mysql -S " + socket() + " -uroot -e \"" + sql + "\"");
    }
  }

  // Cuts every session of user bank (pg_terminate_backend / KILL CONNECTION).
  void kill_bank_connections() const {
    if (kind_ == v5store::BackendKind::postgresql) {
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'bank'");
    } else {
      run("for id in $(mysql -S " + socket() + " -uroot -N -e \"SELECT ID FROM "
          "information_schema.PROCESSLIST WHERE USER = 'bank'\"); do mysql -S " + socket() +
          " -uroot -e \"KILL CONNECTION $id\" 2>/dev/null; done; true");
    }
  }

  // Makes the server refuse new sessions of user bank (and cuts the open ones), or lets
  // them in again.
  void refuse_bank(bool refuse) const {
    if (kind_ == v5store::BackendKind::postgresql) {
      admin(refuse ? "ALTER ROLE bank NOLOGIN" : "ALTER ROLE bank LOGIN");
    } else {
      const std::string lock = refuse ? " ACCOUNT LOCK" : " ACCOUNT UNLOCK";
      admin("ALTER USER 'bank'@'%'" + lock + "; ALTER USER 'bank'@'localhost'" + lock);
    }
    if (refuse) kill_bank_connections();
  }

 private:
  // The data directory v5_fault_<kind>_<role>_<pid> in the temp directory, made empty.
  PrivateServer(v5store::BackendKind kind, const std::string& role)
      : kind_(kind), port_(free_port()),
        dir_(std::filesystem::temp_directory_path() /
             ("v5_fault_" + std::string(v5store::to_string(kind)) + "_" + role + "_" +
              std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (kind_ == v5store::BackendKind::postgresql) run("chown postgres " + dir_.string());
  }

  // psql as the superuser over the private socket, to database postgres.
  std::string psql() const {
    return "psql -v ON_ERROR_STOP=1 -q -h " + dir_.string() + " -p " + std::to_string(port_) +
           " -U postgres -d postgres";
  }

  static void run(const std::string& command) {
    const std::string quiet = command + " >/dev/null 2>&1";
    if (std::system(quiet.c_str()) != 0) throw std::runtime_error("failed: " + command);
  }
  static std::string pg_bin() {
    const char* bin = std::getenv("V5_TEST_PG_BIN");
    return bin != nullptr && *bin != '\0' ? bin : "/usr/lib/postgresql/15/bin";
  }
  static std::string as_postgres(const std::string& command) {
    std::string escaped;
    for (char c : command) {
      if (c == '\'') escaped += "'\\''";
      else escaped += c;
    }
    return ::geteuid() == 0 ? "su postgres -c '" + escaped + "'" : command;
  }
  std::string data() const { return dir_.string() + "/data"; }
  std::string socket() const { return dir_.string() + "/sock"; }

  v5store::BackendKind kind_;
  unsigned short port_;
  std::filesystem::path dir_;
};

}  // namespace v5test
