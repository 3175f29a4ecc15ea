// Level 3 on read replicas, against the streaming replicas scripts/lib/servers.sh starts
// (V5_TEST_PG_REPLICA_DSNS): real replicas of the primary pass; the primary named as a
// replica is not in recovery (V314); a server of another cluster is neither in recovery nor
// a copy of the primary (V314, V315).
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "private_server.hpp"
#include "test_databases.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

using v5store::BackendKind;

// The replica DSNs the server script exported; fails the test when there are none.
std::vector<std::string> replica_dsns() {
  std::vector<std::string> dsns;
  const char* list = std::getenv("V5_TEST_PG_REPLICA_DSNS");
  if (list == nullptr || *list == '\0') {
    ADD_FAILURE() << "V5_TEST_PG_REPLICA_DSNS is not set: run the tests through scripts/test.sh";
    return dsns;
  }
  std::stringstream in(list);
  for (std::string dsn; std::getline(in, dsn, ';');) dsns.push_back(dsn);
  return dsns;
}

// A spec of one PostgreSQL database with `replicas` (each quoted as a DSN).
std::string spec_with_replicas(const std::string& primary, const std::vector<std::string>& replicas) {
  std::string text =
      "schema_version: 1\nsystem: { name: replica_live, version: 1 }\ndatabases:\n"
      "  main:\n    backend: postgresql\n    dsn: \"" + primary + "\"\n    replicas:\n";
  for (const std::string& dsn : replicas) text += "      - { dsn: \"" + dsn + "\" }\n";
  text +=
      "entities:\n  note:\n    fields:\n      id: { type: int64, primary_key: true, generated: true }\n"
      "components:\n  - { name: notes, type: store, entity: note, database: main, "
      "read_from: replica }\n";
  return text;
}

v5validate::Report validate(const std::string& text) {
  v5validate::Options options;
  options.live = true;
  options.max_level = 3;  // the replicas' checks; level 4 warns of the test DSNs' passwords
  options.server_cores = 4;
  options.connect_timeout = std::chrono::milliseconds(5000);
  return v5validate::Orchestrator::run_text(text, options, "replicas.yaml");
}

bool has_finding(const v5validate::Report& report, const std::string& code,
                 const std::string& path) {
  for (const auto& finding : report.findings()) {
    if (finding.code == code && finding.path == path) return true;
  }
  return false;
}

TEST(ReplicaLevel, StreamingReplicasOfThePrimaryPass) {
  const std::vector<std::string> replicas = replica_dsns();
  ASSERT_EQ(replicas.size(), 2u);
  const v5validate::Report report =
      validate(spec_with_replicas(v5test::dsn_for(BackendKind::postgresql), replicas));
  // Only the replicas are judged: the shared database's migration state is other tests'.
  for (const auto& finding : report.findings()) {
    EXPECT_EQ(finding.path.find("databases.main.replicas"), std::string::npos)
        << v5validate::format_text(report);
  }
  ASSERT_FALSE(report.levels_run().empty());
  EXPECT_EQ(report.levels_run().back(), 3) << v5validate::format_text(report);
}

TEST(ReplicaLevel, ThePrimaryNamedAsAReplicaIsNotInRecovery) {
  const std::vector<std::string> replicas = replica_dsns();
  ASSERT_FALSE(replicas.empty());
  const std::string primary = v5test::dsn_for(BackendKind::postgresql);
  // The same server under another spelling of its DSN, so level 2's V234 does not catch it.
  const v5validate::Report report =
      validate(spec_with_replicas(primary, {replicas[0], primary + " connect_timeout=5"}));
  EXPECT_TRUE(has_finding(report, "V314", "databases.main.replicas[1]"))
      << v5validate::format_text(report);
  EXPECT_FALSE(has_finding(report, "V315", "databases.main.replicas[1]"))
      << v5validate::format_text(report);
  EXPECT_FALSE(has_finding(report, "V314", "databases.main.replicas[0]"))
      << v5validate::format_text(report);
  EXPECT_FALSE(report.valid());
}

TEST(ReplicaLevel, AServerOfAnotherClusterIsNoReplicaOfThePrimary) {
  v5test::PrivateServer other(BackendKind::postgresql);
  const v5validate::Report report =
      validate(spec_with_replicas(v5test::dsn_for(BackendKind::postgresql), {other.dsn()}));
  EXPECT_TRUE(has_finding(report, "V314", "databases.main.replicas[0]"))
      << v5validate::format_text(report);
  EXPECT_TRUE(has_finding(report, "V315", "databases.main.replicas[0]"))
      << v5validate::format_text(report);
  const std::string text = v5validate::format_text(report);
  EXPECT_EQ(text.find(v5test::PrivateServer::kPassword), std::string::npos) << text;
}

}  // namespace
