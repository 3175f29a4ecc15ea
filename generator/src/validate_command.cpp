// `v5gen validate SPEC [--live] [--level N] [--format text|json|junit]`: runs libvalidate and
// prints the report. Exit codes: 0 valid, 1 validation errors, 2 usage or unreadable input,
// 3 a database could not be reached.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "command.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"

namespace v5gen {

namespace {

struct ValidateArgs {
  std::string spec;
  bool live = false;
  int level = 4;
  std::string format = "text";
  int connect_timeout_ms = 5000;
};

bool use_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) == 1 && (no_colour == nullptr || *no_colour == '\0');
}

int run_validate(const ValidateArgs& args, bool level_given) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(args.spec, ec)) {
    std::fprintf(stderr, "v5gen validate: cannot read %s: %s\n", args.spec.c_str(),
                 ec ? ec.message().c_str() : "not a regular file");
    return kExitUsage;
  }
  v5validate::Options options;
  options.max_level = args.level;
  options.live = args.live || (level_given && args.level >= 3);
  options.connect_timeout = std::chrono::milliseconds(args.connect_timeout_ms);
  const v5validate::Report report = v5validate::Orchestrator::run(args.spec, options);

  std::string out;
  if (args.format == "json") {
    out = v5validate::format_json(report);
  } else if (args.format == "junit") {
    out = v5validate::format_junit(report, "v5gen validate");
  } else {
    out = v5validate::format_text(report, use_colour());
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);

  if (report.has_code("V100")) return kExitUsage;
  if (report.database_unreachable()) return kExitUnreachable;
  return report.valid() ? kExitOk : kExitCheckFailed;
}

std::function<int()> setup_validate(CLI::App& sub) {
  auto args = std::make_shared<ValidateArgs>();
  sub.add_option("SPEC", args->spec, "The system spec (YAML) to validate")->required();
  sub.add_flag("--live", args->live, "Also run level 3 against every database of the spec");
  CLI::Option* level =
      sub.add_option("--level", args->level,
                     "Stop after level N (1 framework, 2 component logic, 3 database, "
                     "4 semantic); N >= 3 implies --live")
          ->check(CLI::Range(1, 4));
  sub.add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->default_str("text");
  sub.add_option("--connect-timeout-ms", args->connect_timeout_ms,
                 "Level 3: how long to wait for each database connection")
      ->check(CLI::Range(1, 600000))
      ->default_str("5000");
  return [args, level] { return run_validate(*args, level->count() > 0); };
}

}  // namespace

V5GEN_COMMAND("validate", "Validate a spec in four levels (framework, logic, database, semantic)",
              setup_validate);

}  // namespace v5gen
