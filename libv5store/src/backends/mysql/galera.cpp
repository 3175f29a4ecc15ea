// Galera clusters behind a MySQL DSN: the node list of a multi-host DSN, each node's wsrep
// status, and the cluster state for the health monitor.
#include "backends/mysql/galera.hpp"

#include <cstddef>
#include <memory>

#include <soci/mysql/soci-mysql.h>

#include "backends/mysql/mysql_backend.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {

namespace {

std::vector<std::string> split_commas(const std::string& value) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (std::size_t comma = value.find(','); comma != std::string::npos;
       comma = value.find(',', from)) {
    parts.push_back(value.substr(from, comma - from));
    from = comma + 1;
  }
  parts.push_back(value.substr(from));
  return parts;
}

// `dsn` with the value of `key=` (a bare value at the start or after a space) replaced.
std::string with_value(const std::string& dsn, const std::string& key, const std::string& value) {
  const std::string needle = key + "=";
  for (std::size_t at = dsn.find(needle); at != std::string::npos; at = dsn.find(needle, at + 1)) {
    if (at != 0 && dsn[at - 1] != ' ') continue;
    const std::size_t begin = at + needle.size();
    const std::size_t end = dsn.find(' ', begin);
    return dsn.substr(0, begin) + value + (end == std::string::npos ? "" : dsn.substr(end));
  }
  return dsn;
}

}  // namespace

std::vector<std::string> mysql_node_dsns(const std::string& dsn) {
  const auto params = parse_dsn(dsn);
  const auto host = params.find("host");
  const auto port = params.find("port");
  const std::vector<std::string> hosts =
      split_commas(host == params.end() ? std::string() : host->second);
  const std::vector<std::string> ports =
      split_commas(port == params.end() ? std::string() : port->second);
  if (hosts.size() == 1 && ports.size() == 1) return {dsn};
  if (hosts.size() != ports.size() && hosts.size() != 1 && ports.size() != 1) {
    throw Error(ErrorCode::config,
                "MySQL DSN " + redact_dsn(dsn) + ": " + std::to_string(hosts.size()) +
                    " hosts but " + std::to_string(ports.size()) +
                    " ports (give one port per host, or one for all)");
  }
  const std::size_t count = hosts.size() > ports.size() ? hosts.size() : ports.size();
  std::vector<std::string> nodes;
  for (std::size_t i = 0; i < count; ++i) {
    std::string node = dsn;
    if (hosts.size() > 1) node = with_value(node, "host", hosts[i]);
    if (ports.size() > 1) node = with_value(node, "port", ports[i]);
    nodes.push_back(std::move(node));
  }
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
