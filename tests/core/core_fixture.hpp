// Shared helpers of the core tests: database specs, server-side connection ids, and DSNs
// routed through a TcpProxy.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <regex>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "connection.hpp"
#include "test_databases.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/backend.hpp"
#include "v5store/pool.hpp"
#include "v5store/spec.hpp"

namespace v5store {
// Readable error codes and backends in test failure messages.
inline void PrintTo(ErrorCode code, std::ostream* out) { *out << to_string(code); }
inline void PrintTo(BackendKind kind, std::ostream* out) { *out << to_string(kind); }
}  // namespace v5store

namespace v5test {

// A database spec named "main" for `kind`, with small, test-friendly pool options.
inline v5store::DatabaseSpec database_spec(v5store::BackendKind kind, const std::string& tag,
                                           v5store::PoolOptions pool = {}) {
  v5store::DatabaseSpec spec;
  spec.name = "main";
  spec.backend = kind;
  spec.dsn = dsn_for(kind, tag);
  spec.dsn_template = spec.dsn;
  spec.pool = pool;
  return spec;
}

// Who is on the other end of a lease: pg_backend_pid(), CONNECTION_ID(); for SQLite (no
// server) the pool's own connection id.
inline std::int64_t connection_identity(v5store::Lease& lease) {
  long long id = 0;
  switch (lease.backend()) {
    case v5store::BackendKind::postgresql:
      lease.session() << "SELECT pg_backend_pid()", soci::into(id);
      break;
    case v5store::BackendKind::mysql:
      lease.session() << "SELECT CONNECTION_ID()", soci::into(id);
      break;
    case v5store::BackendKind::sqlite:
      id = static_cast<long long>(lease.connection().id());
      break;
  }
  return id;
}

// Kills a server connection from another session (pg_terminate_backend / KILL CONNECTION).
inline void kill_server_connection(soci::session& admin, v5store::BackendKind kind,
                                   std::int64_t id) {
  if (kind == v5store::BackendKind::postgresql) {
    int done = 0;
    admin << "SELECT CASE WHEN pg_terminate_backend(" + std::to_string(id) + ") THEN 1 ELSE 0 END",
        soci::into(done);
  } else {
    admin << "KILL CONNECTION " + std::to_string(id);
  }
}

// The host and port of a server DSN.
inline std::pair<std::string, unsigned short> dsn_host_port(const std::string& dsn) {
  const auto parts = v5store::parse_dsn(dsn);
  const auto host = parts.count("host") ? parts.at("host") : std::string("127.0.0.1");
  const auto port = parts.count("port") ? parts.at("port") : std::string("5432");
  return {host, static_cast<unsigned short>(std::stoi(port))};
}

// The DSN with its port replaced (and TLS off on PostgreSQL, so a proxy can read the
// statements going through it).
inline std::string dsn_via_port(const std::string& dsn, v5store::BackendKind kind,
                                unsigned short port) {
  std::string out = std::regex_replace(dsn, std::regex("port=[0-9]+"),
                                       "port=" + std::to_string(port));
  if (kind == v5store::BackendKind::postgresql) out += " sslmode=disable";
  return out;
}

// A session of the same database outside any pool (admin work, second writers).
inline std::unique_ptr<soci::session> open_direct(v5store::BackendKind kind,
                                                  const std::string& dsn) {
  return v5store::detail::backend_for(kind).open(dsn, std::chrono::seconds(10));
}

}  // namespace v5test
