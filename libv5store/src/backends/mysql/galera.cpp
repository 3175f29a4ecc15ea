// Galera clusters behind a MySQL DSN: the node list of a multi-host DSN, each node's wsrep
// status, and the cluster state for the health monitor.
#include "backends/mysql/galera.hpp"

#include <cstddef>
#include <memory>

#include <soci/mysql/soci-mysql.h>

#include "backends/mysql/mysql_backend.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/dsn_grammar.hpp"

namespace v5store::detail {

namespace {

// `dsn` with the raw values of its `host` and `port` pairs replaced by node `i`'s, where they
// list several.
std::string node_dsn(const std::string& dsn, const DsnScan& scan, std::size_t i) {
  std::string out;
  std::size_t from = 0;
  for (const DsnPair& pair : scan.pairs) {
    if (pair.key != "host" && pair.key != "port") continue;
    const std::vector<std::string> items = dsn_list_items(pair.value);
    if (items.size() == 1) continue;
    out.append(dsn, from, pair.raw_begin - from);
    out += items[i];
    from = pair.raw_end;
  }
  out.append(dsn, from, std::string::npos);
  return out;
}

}  // namespace

std::vector<std::string> mysql_node_dsns(const std::string& dsn) {
  const DsnScan scan = scan_dsn(dsn);
  const std::size_t count = dsn_node_count(scan);
  if (count == 1) return {dsn};
  if (count == 0) {
    throw Error(ErrorCode::config, "MySQL DSN " + redact_dsn(dsn) +
                                       ": different numbers of hosts and ports (give one port "
                                       "per host, or one for all)");
  }
  std::vector<std::string> nodes;
  for (std::size_t i = 0; i < count; ++i) nodes.push_back(node_dsn(dsn, scan, i));
  return nodes;
}

std::optional<GaleraNodeStatus> galera_node_status(soci::session& session) {
  const soci::rowset<soci::row> rows = session.prepare
      << "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state_comment', "
         "'wsrep_ready', 'wsrep_cluster_status', 'wsrep_cluster_size')";
  GaleraNodeStatus status;
  bool galera = false;
  for (const soci::row& row : rows) {
    const std::string name = row.get<std::string>(0);
    const std::string value = row.get<std::string>(1, "");
    if (name == "wsrep_local_state_comment") {
      status.state = value;
      galera = true;
    } else if (name == "wsrep_ready") {
      status.ready = value == "ON";
    } else if (name == "wsrep_cluster_status") {
      status.primary = value == "Primary";
    } else if (name == "wsrep_cluster_size") {
      status.cluster_size = value.empty() ? 0 : std::stoi(value);
    }
  }
  if (!galera) return std::nullopt;
  return status;
}

void require_serving_node(soci::session& session) {
  const std::optional<GaleraNodeStatus> status = galera_node_status(session);
  if (status && !status->serves()) {
    throw soci::soci_error("Galera node not serving: state " + status->state +
                           (status->ready ? "" : ", wsrep_ready OFF") +
                           (status->primary ? "" : ", not in the primary component"));
  }
}

GaleraClusterState galera_cluster_state(const std::string& dsn,
                                        std::chrono::milliseconds connect_timeout) {
  GaleraClusterState cluster;
  for (const std::string& node : mysql_node_dsns(dsn)) {
    const auto params = parse_dsn(node);
    GaleraNodeState state;
    state.address = (params.count("host") != 0 ? params.at("host") : std::string("localhost")) +
                    ":" + (params.count("port") != 0 ? params.at("port") : std::string("3306"));
    try {
      soci::session session(soci::mysql, mysql_session_dsn(node, connect_timeout));
      state.status = galera_node_status(session);
      state.reachable = true;
      if (state.status && state.status->primary && state.status->cluster_size > cluster.cluster_size) {
        cluster.cluster_size = state.status->cluster_size;
      }
    } catch (const std::exception& e) {
      state.error = redact_secrets(e.what(), node);
    }
    cluster.nodes.push_back(std::move(state));
  }
  return cluster;
}

}  // namespace v5store::detail
