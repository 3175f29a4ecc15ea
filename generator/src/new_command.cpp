// `v5gen new "TEXT" -o DIR [--prefix P] [--name NAME]`: words to a running service in ten
// timed stages (docs/words.md). A failed stage stops the run, is named, and the exit code is 1
// (2 for usage errors).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "command.hpp"
#include "generate/emitters.hpp"
#include "generate/writer.hpp"
#include "v5store/spec.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"
#include "words/drafter.hpp"
#include "words/patterns.hpp"
#include "words/pipeline.hpp"
#include "words/pipeline_process.hpp"
#include "words/sentences.hpp"

namespace v5gen {

namespace {

namespace fs = std::filesystem;
using words::StageResult;

struct NewArgs {
  std::string text;
  std::string output;
  std::string prefix;
  std::string name;
};

// The install prefix of this v5gen binary (<prefix>/bin/v5gen).
std::string own_prefix() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().parent_path().string();
}

std::string prefix_of(const NewArgs& args) {
  if (!args.prefix.empty()) return args.prefix;
  if (const char* env = std::getenv("V5_PREFIX"); env != nullptr && *env != '\0') return env;
  return own_prefix();
}

// Everything the stages share.
struct Run {
  NewArgs args;
  words::DraftResult draft;
  std::optional<v5store::SystemSpec> spec;
  std::unique_ptr<GenerationContext> context;
  FileTree tree;
  fs::path dir;
  fs::path build;
  fs::path logs;
  bool smoke_passed = false;
  bool service_ready = false;
  bool metrics_valid = false;
  bool deploy_parsed = false;
};

StageResult requirements(Run& r) {
  int understood = 0;
  int total = 0;
  for (const std::string& sentence : words::split_sentences(r.args.text)) {
    ++total;
    if (words::match_sentence(sentence).used) ++understood;
  }
  if (total == 0) return {false, "the description is empty"};
  return {true, fmt::format("{} sentences, {} understood", total, understood)};
}

StageResult database(Run& r) {
  words::DraftOptions options;
  options.system_name = r.args.name;
  r.draft = words::draft_spec(r.args.text, options);
  for (const std::string& a : r.draft.draft.assumptions)
    std::printf("      assumed: %s\n", a.c_str());
  for (const auto& u : r.draft.draft.unused) {
    std::printf("      not used: \"%s\": %s\n", u.text.c_str(), u.reason.c_str());
  }
  if (r.draft.draft.entities.empty()) return {false, "no entity found in the description"};
  int relations = 0;
  for (const auto& e : r.draft.draft.entities) {
    for (const auto& f : e.fields) relations += f.references.empty() ? 0 : 1;
  }
  return {true, fmt::format("backend {}, {} entities, {} relations", r.draft.draft.backend,
                            r.draft.draft.entities.size(), relations)};
}

StageResult architecture(Run& r) {
  r.spec = v5store::parse_spec_string(r.draft.spec_yaml, r.draft.draft.system_name + ".yaml");
  std::string names;
  for (const auto& c : r.spec->components) names += (names.empty() ? "" : ", ") + c.name;
  r.context = std::make_unique<GenerationContext>(GenerationContext{
      *r.spec, r.spec->name + ".yaml", r.draft.spec_yaml, hash_of(r.draft.spec_yaml)});
  return {true, fmt::format("{} store components: {}", r.spec->components.size(), names)};
}

StageResult glue(Run& r) {
  const std::size_t before = r.tree.size();
  emit_entities(*r.context, r.tree);
  emit_repositories(*r.context, r.tree);
  return {true, fmt::format("{} files (structs, traits, repositories)", r.tree.size() - before)};
}

StageResult scaffold(Run& r) {
  const std::size_t before = r.tree.size();
  emit_project(*r.context, r.tree);
  return {true, fmt::format("{} files (CMake project, {}_service, smoke test)",
                            r.tree.size() - before, r.spec->name)};
}

StageResult schema(Run& r) {
  v5validate::Options options;
  options.max_level = 4;
  const v5validate::Report report = v5validate::Orchestrator::run_text(r.draft.spec_yaml, options);
  if (!report.valid()) return {false, v5validate::format_text(report)};
  const std::size_t before = r.tree.size();
  emit_migrations(*r.context, r.tree);
  return {true, fmt::format("levels 1, 2, 4 passed ({} findings); {} migration files",
                            report.findings().size(), r.tree.size() - before)};
}

StageResult deployment(Run& r) {
  const std::size_t before = r.tree.size();
  emit_deploy(*r.context, r.tree);
  const WriteSummary s = write_tree(r.tree, r.dir, r.context->spec_hash, false);
  return {true, fmt::format("{} deploy files; {} files written to {}", r.tree.size() - before,
                            s.written + s.unchanged, r.dir.string())};
}

StageResult integration(Run& r) {
  const std::string prefix = prefix_of(r.args);
  const fs::path log = r.logs / "build.log";
  if (words::run_command({"cmake", "-S", r.dir.string(), "-B", r.build.string(),
                          "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=" + prefix},
                         log, std::chrono::seconds(300)) != 0) {
    return {false, "cmake configure failed (prefix " + prefix + "):" + words::log_tail(log)};
  }
  if (words::run_command({"cmake", "--build", r.build.string(), "-j2"}, log,
                         std::chrono::seconds(600)) != 0) {
    return {false, "build failed:" + words::log_tail(log)};
  }
  const fs::path smoke_log = r.logs / "smoke.log";
  if (words::run_command({"ctest", "--test-dir", r.build.string(), "--output-on-failure"},
                         smoke_log, std::chrono::seconds(120)) != 0) {
    return {false, "smoke test failed:" + words::log_tail(smoke_log)};
  }
  r.smoke_passed = true;
  return {true, "built against " + prefix + "; smoke test passed on SQLite"};
}

StageResult benchmark(Run& r) {
  const fs::path log = r.logs / "smoke.log";
  const auto start = std::chrono::steady_clock::now();
  constexpr int kRounds = 5;
  for (int i = 0; i < kRounds; ++i) {
    if (words::run_command({(r.build / (r.spec->name + "_smoke_test")).string(), "sqlite"}, log,
                           std::chrono::seconds(60)) != 0) {
      return {false, "the CRUD round failed:" + words::log_tail(log)};
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double ops = 5.0 * static_cast<double>(r.spec->entities.size()) * kRounds;
  return {true, fmt::format("{} CRUD rounds over {} entities: {:.0f} ops/s", kRounds,
                            r.spec->entities.size(), ops / s)};
}

StageResult readiness(Run& r) {
  const int port = words::free_port();
  const fs::path log = r.logs / "service.log";
  const fs::path db = r.dir / (r.spec->name + "_readiness.db");
  std::string db_var;
  for (char c : r.spec->name)
    db_var += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  words::BackgroundProcess service(
      {(r.build / (r.spec->name + "_service")).string(),
       (r.dir / "spec" / (r.spec->name + ".yaml")).string()},
      log,
      {"V5_MONITORING_LISTEN=127.0.0.1:" + std::to_string(port), db_var + "_DB=" + db.string()});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && service.running()) {
    if (words::http_get(port, "/health/ready", std::chrono::milliseconds(1000)).status == 200) {
      r.service_ready = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const words::HttpResponse metrics =
      words::http_get(port, "/metrics", std::chrono::milliseconds(2000));
  service.stop();
  const fs::path metrics_file = r.logs / "metrics.txt";
  std::ofstream(metrics_file) << metrics.body;
  r.metrics_valid =
      metrics.status == 200 &&
      words::run_command({"sh", "-c", "promtool check metrics < " + metrics_file.string()},
                         r.logs / "promtool.log", std::chrono::seconds(30)) == 0;
  r.deploy_parsed =
      words::run_command(
          {"python3", "-c",
           "import json,pathlib,sys,yaml\n"
           "for p in pathlib.Path(sys.argv[1]).rglob('*'):\n"
           "  if p.suffix in ('.yml','.yaml'): list(yaml.safe_load_all(p.read_text()))\n"
           "  elif p.suffix == '.json': json.loads(p.read_text())\n",
           (r.dir / "deploy").string()},
          r.logs / "deploy.log", std::chrono::seconds(30)) == 0;
  const bool valid = r.draft.report.valid();
  std::printf("      [%s] validation levels 1, 2, 4 passed\n", valid ? "x" : " ");
  std::printf("      [%s] smoke test passed\n", r.smoke_passed ? "x" : " ");
  std::printf("      [%s] service started and answered /health/ready (port %d)\n",
              r.service_ready ? "x" : " ", port);
  std::printf("      [%s] /metrics passed promtool check metrics\n", r.metrics_valid ? "x" : " ");
  std::printf("      [%s] deploy files parse (YAML, JSON)\n", r.deploy_parsed ? "x" : " ");
  const bool ok = valid && r.smoke_passed && r.service_ready && r.metrics_valid && r.deploy_parsed;
  return {ok, ok ? "5 of 5 checks passed" : "a readiness check failed; logs in " + r.logs.string()};
}

int run_new(const NewArgs& args) {
  auto run = std::make_shared<Run>();
  run->args = args;
  run->dir = fs::absolute(args.output);
  run->build = run->dir / "build";
  run->logs = run->dir / "logs";
  words::Pipeline pipeline;
  pipeline.add("requirements extraction", [run] { return requirements(*run); });
  pipeline.add("database requirements", [run] { return database(*run); });
  pipeline.add("architecture", [run] { return architecture(*run); });
  pipeline.add("component glue generation", [run] { return glue(*run); });
  pipeline.add("system scaffold", [run] { return scaffold(*run); });
  pipeline.add("schema and migrations", [run] { return schema(*run); });
  pipeline.add("deployment configuration", [run] {
    StageResult r = deployment(*run);
    fs::create_directories(run->logs);
    return r;
  });
  pipeline.add("integration test", [run] { return integration(*run); });
  pipeline.add("performance benchmark", [run] { return benchmark(*run); });
  pipeline.add("production readiness", [run] { return readiness(*run); });
  return pipeline.run() == 0 ? kExitOk : kExitCheckFailed;
}

std::function<int()> setup_new(CLI::App& sub) {
  auto args = std::make_shared<NewArgs>();
  sub.add_option("TEXT", args->text, "The system described in plain English (docs/words.md)")
      ->required();
  sub.add_option("-o,--output", args->output, "The project directory to create")->required();
  sub.add_option("--prefix", args->prefix,
                 "Where v5store is installed (default: $V5_PREFIX, else v5gen's own prefix)");
  sub.add_option("--name", args->name, "The system name (default: from the text)");
  return [args] { return run_new(*args); };
}

}  // namespace

V5GEN_COMMAND("new", "Words to a running service: draft, generate, build, test, run", setup_new);

}  // namespace v5gen
