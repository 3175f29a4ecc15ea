// The ten stages of `v5gen new`. Stages 1-3 work on the text and the draft, 4-7 build the
// project in memory and write it, 8-10 build it against the installed package and run it.
#include "new_stages.hpp"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "command.hpp"
#include "generate/emitters.hpp"
#include "generate/writer.hpp"
#include "new/api_probe.hpp"
#include "new/metrics_format.hpp"
#include "new/process.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"
#include "words/patterns.hpp"
#include "words/sentences.hpp"

namespace v5gen::newcmd {

namespace fs = std::filesystem;
using words::failed;
using words::passed;
using words::StageResult;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The user + system CPU seconds of every child process waited for so far.
double children_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A detail line printed under the stage's header.
template <class... Args>
void note(fmt::format_string<Args...> format, Args&&... args) {
  std::printf("      %s\n", fmt::format(format, std::forward<Args>(args)...).c_str());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The number of files in the tree added since `before` entries.
std::string files_added(const FileTree& tree, std::size_t before) {
  return std::to_string(tree.size() - before);
}

// Removes a SQLite database and its journal files.
void remove_database(const fs::path& db) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    fs::remove(db.string() + suffix);
  }
}

// The spec the readiness check runs the service on: the draft on SQLite, in the build tree.
std::string sqlite_spec(const std::string& spec_yaml, const fs::path& db) {
  std::istringstream in(spec_yaml);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("    backend: ", 0) == 0) {
      line = "    backend: sqlite";
    } else if (line.rfind("    dsn: ", 0) == 0) {
      line = "    dsn: \"db=" + db.string() + "\"";
    }
    out += line + "\n";
  }
  return out;
}

// The node at `keys` under `node`, or an undefined node when a key on the way is missing.
YAML::Node at(const YAML::Node& root, std::initializer_list<const char*> keys) {
  YAML::Node node;
  node.reset(root);  // rebinds; operator= would assign into the document
  for (const char* key : keys) {
    const YAML::Node& current = node;
    if (!current.IsMap() || !current[key]) return YAML::Node(YAML::NodeType::Undefined);
    node.reset(current[key]);
  }
  return node;
}

// For a Kubernetes Deployment: every container must probe /health/live (liveness) and
// /health/ready (readiness) over HTTP. Empty when fine or `doc` is no Deployment.
std::string deployment_probe_problem(const YAML::Node& doc) {
  if (at(doc, {"kind"}).as<std::string>("") != "Deployment") return {};
  const YAML::Node containers = at(doc, {"spec", "template", "spec", "containers"});
  if (!containers.IsSequence() || containers.size() == 0) return "a Deployment without containers";
  for (const YAML::Node& container : containers) {
    for (const auto& [probe, path] : {std::pair{"livenessProbe", "/health/live"},
                                      std::pair{"readinessProbe", "/health/ready"}}) {
      if (at(container, {probe, "httpGet", "path"}).as<std::string>("") != path) {
        return fmt::format("container {}: {} must GET {}",
                           at(container, {"name"}).as<std::string>(""), probe, path);
      }
    }
  }
  return {};
}

// What the deploy-file checks of stage 7 counted.
struct DeployCheck {
  int yaml_documents = 0;
  int json_files = 0;
  int deployments = 0;
  std::string json_parser = "yaml-cpp";
};

// Parses one generated deploy file (`dir`/`path`): YAML with yaml-cpp (every document a
// mapping, Deployment probes checked), JSON with python3's json module (yaml-cpp without
// python3). Returns the problem, or empty.
std::string check_deploy_file(const fs::path& dir, const fs::path& path, const fs::path& logs,
                              DeployCheck& check) {
  const fs::path file = dir / path;
  const std::string ext = path.extension().string();
  if (ext == ".yml" || ext == ".yaml") {
    try {
      for (const YAML::Node& doc : YAML::LoadAllFromFile(file.string())) {
        if (!doc.IsMap()) return path.string() + ": a document is not a mapping";
        ++check.yaml_documents;
        const std::string problem = deployment_probe_problem(doc);
        if (!problem.empty()) return path.string() + ": " + problem;
        check.deployments += at(doc, {"kind"}).as<std::string>("") == "Deployment" ? 1 : 0;
      }
    } catch (const YAML::Exception& e) {
      return path.string() + " does not parse as YAML: " + e.what();
    }
  } else if (ext == ".json") {
    ++check.json_files;
    if (const auto python = words::find_program("python3")) {
      check.json_parser = "yaml-cpp, python3 json";
      const fs::path log = logs / "deploy-json.log";
      if (!words::run_command({python->string(), "-c",
                               "import json, sys; json.load(open(sys.argv[1]))", file.string()},
                              log, std::chrono::seconds(30))
               .ok()) {
        return path.string() + " does not parse as JSON:" + words::log_tail(log);
      }
      return {};
    }
    try {
      if (!YAML::LoadFile(file.string()).IsMap()) return path.string() + " is not a JSON object";
    } catch (const YAML::Exception& e) {
      return path.string() + " does not parse as JSON: " + e.what();
    }
  }
  return {};
}

}  // namespace

fs::path own_prefix() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path().parent_path();
}

std::optional<fs::path> package_config(const fs::path& prefix) {
  std::error_code ec;
  for (const char* dir : {"lib", "lib64", "share"}) {
    const fs::path config = prefix / dir / "cmake" / "v5store" / "v5storeConfig.cmake";
    if (fs::exists(config, ec)) return config;
  }
  for (const auto& entry : fs::directory_iterator(prefix / "lib", ec)) {
    const fs::path config = entry.path() / "cmake" / "v5store" / "v5storeConfig.cmake";
    if (fs::exists(config, ec)) return config;
  }
  return std::nullopt;
}

StageResult requirements_extraction(NewRun& run) {
  const std::vector<std::string> sentences = words::split_sentences(run.options.text);
  if (sentences.empty()) return failed("the description is empty", kExitUsage);
  int understood = 0;
  for (const std::string& sentence : sentences) {
    if (words::match_sentence(sentence).used) {
      ++understood;
    } else {
      note("no pattern matches: \"{}\"", sentence);
    }
  }
  return passed(fmt::format("{} sentences, {} matched a pattern of docs/words.md",
                            sentences.size(), understood));
}

StageResult database_requirements(NewRun& run) {
  words::DraftOptions options;
  options.system_name = run.options.name;
  run.draft = words::draft_spec(run.options.text, options);
  const words::Draft& d = run.draft.draft;
  note("assumptions ({}):", d.assumptions.size());
  for (const std::string& a : d.assumptions) note("  - {}", a);
  for (const words::UnusedText& u : d.unused) note("not used: \"{}\": {}", u.text, u.reason);
  if (d.entities.empty()) return failed("no entity found in the description");
  std::vector<std::string> entities;
  std::vector<std::string> relations;
  for (const words::DraftEntity& e : d.entities) {
    entities.push_back(fmt::format("{} ({} fields)", e.name, e.fields.size()));
    for (const words::DraftField& f : e.fields) {
      if (!f.references.empty()) relations.push_back(e.name + "." + f.name + " -> " + f.references);
    }
  }
  note("entities: {}", fmt::join(entities, ", "));
  if (!relations.empty()) note("relations: {}", fmt::join(relations, ", "));
  return passed(fmt::format("system {}, backend {}, {} entities, {} relations", d.system_name,
                            d.backend, d.entities.size(), relations.size()));
}

StageResult architecture(NewRun& run) {
  const std::string file_name = run.draft.draft.system_name + ".yaml";
  run.spec = v5store::parse_spec_string(run.draft.spec_yaml, file_name);
  std::vector<std::string> stores;
  for (const v5store::EntitySpec& entity : run.spec->entities) {
    int count = 0;
    for (const v5store::ComponentSpec& c : run.spec->components) {
      if (c.type != "store" || c.entity != entity.name) continue;
      ++count;
      stores.push_back(fmt::format("{} ({} on {})", c.name, entity.name, c.database));
    }
    if (count != 1) {
      return failed(fmt::format("entity {} has {} store components, expected one", entity.name,
                                count));
    }
  }
  run.context = std::make_unique<GenerationContext>(GenerationContext{
      *run.spec, file_name, run.draft.spec_yaml, hash_of(run.draft.spec_yaml)});
  return passed(fmt::format("{} store components: {}", stores.size(), fmt::join(stores, ", ")));
}

StageResult component_glue(NewRun& run) {
  const std::size_t before = run.tree.size();
  emit_entities(*run.context, run.tree);
  emit_repositories(*run.context, run.tree);
  return passed(files_added(run.tree, before) +
                " files: entity structs with entity_traits, one repository per store, "
                "system.hpp");
}

StageResult system_scaffold(NewRun& run) {
  const std::size_t before = run.tree.size();
  emit_project(*run.context, run.tree);
  emit_bench(*run.context, run.tree);
  const std::string& name = run.spec->name;
  return passed(fmt::format("{} files: CMakeLists.txt (find_package(v5store)), {}_service, "
                            "{}_smoke_test, {}_bench, spec/{}.yaml",
                            files_added(run.tree, before), name, name, name, name));
}

StageResult schema_and_migrations(NewRun& run) {
  v5validate::Options options;
  options.max_level = 4;
  options.live = false;
  const v5validate::Report report =
      v5validate::Orchestrator::run_text(run.draft.spec_yaml, options, run.context->spec_file_name);
  if (!report.valid()) return failed("validation failed:\n" + v5validate::format_text(report));
  run.validation_passed = true;
  const std::size_t before = run.tree.size();
  emit_migrations(*run.context, run.tree);
  std::vector<std::string> migrations;
  for (const auto& [path, content] : run.tree) {
    if (path.begin()->string() == "migrations") migrations.push_back(path.filename().string());
  }
  return passed(fmt::format("validation levels 1, 2, 4 passed ({} findings); {} migration "
                            "files: {}",
                            report.findings().size(), files_added(run.tree, before),
                            fmt::join(migrations, ", ")));
}

StageResult deployment_configuration(NewRun& run) {
  const std::size_t before = run.tree.size();
  emit_deploy(*run.context, run.tree);
  const std::string deploy_files = files_added(run.tree, before);
  const WriteSummary written =
      write_tree(run.tree, run.options.output, run.context->spec_hash, run.options.force);
  note("{} files in {} ({} written, {} unchanged, {} removed)", run.tree.size(),
       run.options.output.string(), written.written, written.unchanged, written.removed);
  fs::create_directories(run.logs);

  DeployCheck check;
  for (const auto& [path, content] : run.tree) {
    if (path.begin()->string() != "deploy") continue;
    const std::string problem = check_deploy_file(run.options.output, path, run.logs, check);
    if (!problem.empty()) return failed(problem);
  }
  if (check.deployments == 0) return failed("no Kubernetes Deployment among the deploy files");
  std::string promtool_note = "promtool not found: prometheus.yml parsed as YAML only";
  if (const auto promtool = words::find_program("promtool")) {
    const fs::path config = run.options.output / "deploy" / "prometheus.yml";
    const fs::path log = run.logs / "promtool-config.log";
    if (!words::run_command({promtool->string(), "check", "config", config.string()}, log,
                            std::chrono::seconds(30))
             .ok()) {
      return failed("deploy/prometheus.yml fails promtool check config:" + words::log_tail(log));
    }
    promtool_note = "prometheus.yml passed promtool check config";
  }
  run.deploy_parsed = true;
  return passed(fmt::format("{} deploy files; {} YAML documents and {} JSON files parse ({}); "
                            "the Deployment probes /health/live and /health/ready; {}",
                            deploy_files, check.yaml_documents, check.json_files,
                            check.json_parser, promtool_note));
}

StageResult integration_test(NewRun& run) {
  const fs::path prefix = run.options.prefix.empty() ? own_prefix() : run.options.prefix;
  if (!package_config(prefix)) {
    return failed(fmt::format("no installed v5store under {} (lib*/cmake/v5store/"
                              "v5storeConfig.cmake); install it or pass --prefix",
                              prefix.string()),
                  kExitUsage);
  }
  const std::optional<fs::path> cmake = words::find_program("cmake");
  if (!cmake) return failed("cmake is not in PATH", kExitUsage);

  const fs::path log = run.logs / "build.log";
  fs::remove(log);
  std::vector<std::string> configure = {cmake->string(),
                                        "-S",
                                        run.options.output.string(),
                                        "-B",
                                        run.build.string(),
                                        "-DCMAKE_BUILD_TYPE=" + run.options.build_type,
                                        "-DCMAKE_PREFIX_PATH=" + prefix.string()};
  std::string tools;
  if (!fs::exists(run.build / "CMakeCache.txt") && words::find_program("ninja")) {
    configure.push_back("-GNinja");
    tools += ", Ninja";
  }
  if (words::find_program("ccache")) {
    configure.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache");
    tools += ", ccache";
  }
  // The executables link the static libv5store with its debug information: lld links them
  // about five times faster than the default linker, gold about twice.
  for (const char* linker : {"lld", "gold"}) {
    if (words::find_program(std::string("ld.") + linker)) {
      configure.push_back(std::string("-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=") + linker);
      tools += std::string(", ld.") + linker;
      break;
    }
  }
  const auto configure_start = Clock::now();
  const words::CommandStatus configured =
      words::run_command(configure, log, std::chrono::seconds(300));
  if (!configured.ok()) {
    return failed("cmake configure failed (prefix " + prefix.string() + "):" +
                  words::log_tail(log));
  }
  const double configure_s = seconds_since(configure_start);
  const auto build_start = Clock::now();
  const double build_cpu_start = children_cpu_seconds();
  // ccache's depend mode hashes the compiler's -MD output instead of running the preprocessor
  // once more on a miss, and every file of a new project is a miss.
  const words::CommandStatus built = words::run_command(
      {cmake->string(), "--build", run.build.string(), "--parallel",
       std::to_string(run.options.jobs)},
      log, std::chrono::seconds(900), {"CCACHE_DEPEND=true"});
  if (!built.ok()) return failed("the build failed:" + words::log_tail(log, 30));
  const double build_s = seconds_since(build_start);
  note("configured in {:.1f} s, built in {:.1f} s ({:.1f} s of CPU; {}{}) against {}",
       configure_s, build_s, children_cpu_seconds() - build_cpu_start, run.options.build_type,
       tools, prefix.string());

  const std::string& name = run.spec->name;
  const fs::path db = run.logs / "smoke.db";
  remove_database(db);
  const fs::path smoke_log = run.logs / "smoke.log";
  fs::remove(smoke_log);
  const words::CommandStatus smoke = words::run_command(
      {(run.build / (name + "_smoke_test")).string(), "sqlite", "db=" + db.string()}, smoke_log,
      std::chrono::seconds(120));
  const std::string smoke_text = read_file(smoke_log);
  std::smatch counts;
  const bool counted =
      std::regex_search(smoke_text, counts, std::regex(R"((\d+) passed, (\d+) failed)"));
  if (!smoke.ok() || !counted || counts[2] != "0") {
    return failed("the smoke test failed on SQLite:" + words::log_tail(smoke_log));
  }
  run.smoke_passed = true;
  return passed(fmt::format("{}_service, {}_smoke_test and {}_bench built; smoke test on "
                            "SQLite: {} checks passed",
                            name, name, name, counts[1].str()));
}

StageResult performance_benchmark(NewRun& run) {
  const std::string& name = run.spec->name;
  const fs::path db = run.logs / "bench.db";
  remove_database(db);
  const fs::path log = run.logs / "bench.log";
  fs::remove(log);
  const words::CommandStatus status = words::run_command(
      {(run.build / (name + "_bench")).string(), "sqlite", "db=" + db.string(), "",
       fmt::format("{}", run.options.bench_seconds)},
      log, std::chrono::seconds(300));
  if (!status.ok()) return failed("the benchmark failed:" + words::log_tail(log));
  const std::string text = read_file(log);
  const std::regex line(R"(([a-z_0-9]+): (\d+) ops in ([0-9.]+) s = (\d+) ops/s)");
  std::vector<std::string> rates;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), line); it != std::sregex_iterator();
       ++it) {
    const std::smatch& m = *it;
    note("{}: {} ops/s ({} insert/get/update/remove ops in {} s)", m[1].str(), m[4].str(),
         m[2].str(), m[3].str());
    rates.push_back(m[1].str() + " " + m[4].str());
  }
  if (rates.size() != run.spec->entities.size()) {
    return failed(fmt::format("expected one result per entity ({}), got {}:{}",
                              run.spec->entities.size(), rates.size(), words::log_tail(log)));
  }
  return passed(fmt::format("CRUD ops/s on SQLite: {}", fmt::join(rates, ", ")));
}

StageResult production_readiness(NewRun& run) {
  const std::string& name = run.spec->name;
  const fs::path db = run.logs / "service.db";
  remove_database(db);
  const fs::path service_spec = run.logs / "service.yaml";
  std::ofstream(service_spec, std::ios::binary | std::ios::trunc)
      << sqlite_spec(run.draft.spec_yaml, db);
  const fs::path log = run.logs / "service.log";
  fs::remove(log);

  const int port = words::free_port();
  const int api_port = words::free_port();
  bool ready = false;
  bool metrics_ok = false;
  std::string metrics_how;
  words::ApiProbe api;
  int stop_status = -1;
  {
    words::BackgroundProcess service(
        {(run.build / (name + "_service")).string(), service_spec.string()}, log,
        {"V5_MONITORING_LISTEN=127.0.0.1:" + std::to_string(port),
         "V5_API_LISTEN=127.0.0.1:" + std::to_string(api_port)});
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline && service.running()) {
      if (words::http_get(port, "/health/ready", std::chrono::milliseconds(1000)).status == 200) {
        ready = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (ready) {
      const words::HttpResponse metrics =
          words::http_get(port, "/metrics", std::chrono::milliseconds(5000));
      const fs::path metrics_file = run.logs / "metrics.txt";
      std::ofstream(metrics_file, std::ios::binary | std::ios::trunc) << metrics.body;
      if (const auto promtool = words::find_program("promtool")) {
        metrics_how = "promtool check metrics";
        metrics_ok = metrics.status == 200 &&
                     words::run_command({promtool->string(), "check", "metrics"},
                                        run.logs / "promtool-metrics.log",
                                        std::chrono::seconds(30), {}, metrics_file)
                         .ok();
      } else {
        metrics_how = "the built-in format check (promtool not found)";
        const std::string problem = words::metrics_format_problem(metrics.body);
        metrics_ok = metrics.status == 200 && problem.empty();
        if (!problem.empty()) note("/metrics: {}", problem);
      }
      api = words::probe_api(*run.spec, api_port, std::chrono::milliseconds(5000));
      for (const std::string& line : api.lines) note("{}", line);
    }
    stop_status = service.stop();
  }
  const bool stopped = stop_status == 0;

  struct Check {
    bool ok;
    std::string what;
  };
  const std::vector<Check> checks = {
      {run.validation_passed, "validation levels 1, 2 and 4 passed"},
      {run.smoke_passed, "smoke test passed on SQLite"},
      {ready, fmt::format("{}_service started on SQLite and answered /health/ready with 200 "
                          "(127.0.0.1:{})",
                          name, port)},
      {metrics_ok, "/metrics passed " + (metrics_how.empty() ? "the format check" : metrics_how)},
      {api.ok, fmt::format("the API answered on 127.0.0.1:{} (a row created and read back)",
                           api_port)},
      {run.deploy_parsed, "deploy files parse (YAML, JSON, promtool check config)"},
      {stopped, "the service stopped cleanly on SIGTERM (exit 0)"},
  };
  int passed_checks = 0;
  for (const Check& c : checks) {
    note("[{}] {}", c.ok ? "x" : " ", c.what);
    passed_checks += c.ok ? 1 : 0;
  }
  if (passed_checks != static_cast<int>(checks.size())) {
    return failed(fmt::format("{} of {} checks passed; service log {}:{}", passed_checks,
                              checks.size(), log.string(), words::log_tail(log)));
  }
  return passed(fmt::format("{} of {} checks passed", passed_checks, checks.size()));
}

}  // namespace v5gen::newcmd
