// `v5gen generate SPEC -o DIR [--force] [--glue-only]`: validates the spec (levels 1, 2 and 4)
// and writes the glue, migrations, service project and deploy files. Exit codes: 0 written,
// 1 the spec has validation errors, 2 usage error or unreadable input.
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "command.hpp"
#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "generate/writer.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"

namespace v5gen {

namespace {

struct GenerateArgs {
  std::string spec;
  std::string output;
  bool force = false;
  bool glue_only = false;
};

// The DSNs that hold a literal password (V415) as (database, key), each reported once on
// stderr: the deploy files read them from the Secret instead.
std::set<std::pair<std::string, std::string>> literal_password_dsns(
    const v5validate::Report& report) {
  static constexpr std::string_view kPrefix = "databases.";
  std::set<std::pair<std::string, std::string>> dsns;
  for (const auto& finding : report.findings()) {
    // databases.<name>.<key>: a database name is an identifier, the key may hold dots
    // ("replicas[0].dsn").
    const auto dot = finding.path.find('.', kPrefix.size());
    if (finding.code != "V415" || !finding.path.starts_with(kPrefix) || dot == std::string::npos) {
      continue;
    }
    dsns.emplace(finding.path.substr(kPrefix.size(), dot - kPrefix.size()),
                 finding.path.substr(dot + 1));
    std::fprintf(stderr,
                 "v5gen generate: warning V415: %s; deploy/k8s/configmap.yaml reads this DSN from "
                 "the Secret instead (fill it in there), the password is not copied\n",
                 finding.message.c_str());
  }
  return dsns;
}

int run_generate(const GenerateArgs& args) {
  std::ifstream in(args.spec, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "v5gen generate: cannot read %s\n", args.spec.c_str());
    return kExitUsage;
  }
  std::ostringstream text;
  text << in.rdbuf();

  v5validate::Options options;
  options.max_level = 4;
  options.live = false;
  const v5validate::Report report = v5validate::Orchestrator::run(args.spec, options);
  if (!report.valid()) {
    const std::string out = v5validate::format_text(report, false);
    std::fwrite(out.data(), 1, out.size(), stderr);
    std::fprintf(stderr, "v5gen generate: %s does not validate; nothing was written\n",
                 args.spec.c_str());
    return report.has_code("V100") ? kExitUsage : kExitCheckFailed;
  }

  const v5store::SystemSpec spec = v5store::parse_spec_file(args.spec);
  GenerationContext context{spec,
                            safe_file_name(std::filesystem::path(args.spec).filename().string()),
                            text.str(), hash_of(text.str())};
  context.literal_password_dsns = literal_password_dsns(report);
  FileTree tree;
  emit_entities(context, tree);
  emit_repositories(context, tree);
  if (!args.glue_only) {
    for (const auto& file : write_initial_migrations(context)) {
      std::printf("v5gen generate: wrote the initial migration %s\n", file.string().c_str());
    }
    emit_migrations(context, tree);
    emit_project(context, tree);
    emit_deploy(context, tree);
  }
  const WriteSummary summary = write_tree(tree, args.output, context.spec_hash, args.force);
  for (const KeptFile& kept : summary.kept) {
    std::fprintf(stderr, "v5gen generate: kept %s: %s\n", kept.path.c_str(), kept.reason.c_str());
  }
  std::printf("v5gen generate: %s -> %s: %d written, %d unchanged, %d removed, %zu kept\n",
              args.spec.c_str(), args.output.c_str(), summary.written, summary.unchanged,
              summary.removed, summary.kept.size());
  return kExitOk;
}

std::function<int()> setup_generate(CLI::App& sub) {
  auto args = std::make_shared<GenerateArgs>();
  sub.add_option("SPEC", args->spec, "The system spec (YAML)")->required();
  sub.add_option("-o,--output", args->output, "The output directory")->required();
  sub.add_flag("--force", args->force,
               "Write into a non-empty directory that v5gen did not generate");
  sub.add_flag("--glue-only", args->glue_only,
               "Only the C++ glue (include/): what v5store_generate() uses in a build");
  return [args] { return run_generate(*args); };
}

}  // namespace

V5GEN_COMMAND("generate", "Generate typed glue, migrations, a service and deploy files",
              setup_generate);

}  // namespace v5gen
