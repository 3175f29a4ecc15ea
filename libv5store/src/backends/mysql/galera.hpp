// MariaDB Galera clusters behind one MySQL DSN: the nodes a DSN lists, whether a node may
// serve (Synced and ready), and the cluster's state as seen from each node.
//
// A DSN lists several nodes with comma-separated hosts and ports, in the same order:
//   host=10.0.0.1,10.0.0.2,10.0.0.3 port=3306,3306,3306 db=shop user=app password=...
// (one port for all nodes, or one host for all ports, also works). Each connection of a pool
// goes to one node; new connections rotate over the nodes that serve.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace v5store::detail {

// One DSN per node of `dsn`, in its order; just `dsn` when it names one host and one port.
// Throws Error(config) when the host and port lists have different lengths (neither one).
std::vector<std::string> mysql_node_dsns(const std::string& dsn);

// The Galera status of the server behind `session`; std::nullopt when it is not a Galera node
// (no wsrep provider: a plain MariaDB or MySQL server). Throws soci::soci_error.
struct GaleraNodeStatus {
  std::string state;       // wsrep_local_state_comment: Synced, Donor/Desynced, Joining, ...
  bool ready = false;      // wsrep_ready
  bool primary = false;    // wsrep_cluster_status is Primary
  int cluster_size = 0;    // wsrep_cluster_size
  // True when the node may serve reads and writes: Synced, ready and in the primary component.
  bool serves() const noexcept { return ready && primary && state == "Synced"; }
};
std::optional<GaleraNodeStatus> galera_node_status(soci::session& session);

// Throws soci::soci_error when the server behind `session` is a Galera node that does not
// serve (GaleraNodeStatus::serves() false); a plain server passes. The pool's validation and
// open() call it, so such a node's connections are evicted and no new ones are made.
void require_serving_node(soci::session& session);

// The cluster as each node of a MySQL DSN sees it: for the health monitor.
struct GaleraNodeState {
  std::string address;  // host:port
  bool reachable = false;
  std::optional<GaleraNodeStatus> status;  // empty when unreachable or not a Galera node
  std::string error;    // why it was unreachable (the password redacted)
};
struct GaleraClusterState {
  // The largest wsrep_cluster_size a node in the primary component reports (0: none).
  int cluster_size = 0;
  std::vector<GaleraNodeState> nodes;
};
// Connects to every node of `dsn` (each attempt bounded by `connect_timeout`) and reads its
// status. Never throws for an unreachable node: it is reported as such. Thread-safe.
GaleraClusterState galera_cluster_state(const std::string& dsn,
                                        std::chrono::milliseconds connect_timeout);

}  // namespace v5store::detail
