// v5gen migrate SPEC [--database NAME] status|plan|up|down [N]|baseline V|repair
//                    [--allow-destructive] [--lock-timeout-ms MS]
// Prints what it did; exit codes of command.hpp (a refused or failed migration is 1).
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "command.hpp"
#include "v5store/migrator.hpp"
#include "v5store/spec.hpp"

namespace v5gen {

namespace {

struct MigrateOptions {
  std::string spec;
  std::string action;
  std::string argument;
  std::string database;
  bool allow_destructive = false;
  long lock_timeout_ms = 120000;
};

void print_status(const v5store::MigrationStatus& status) {
  std::printf("database %s (%s), %s mode\n", status.database.c_str(),
              std::string(v5store::to_string(status.backend)).c_str(),
              status.mode == v5store::MigrationMode::versioned ? "versioned" : "declarative");
  std::printf("current version: %s\n", status.current_version.value_or("(none)").c_str());
  if (status.adopted) {
    std::printf("state: adopted (up found the declared tables matching the spec, recorded the "
                "baseline and changed no table)\n");
  }
  if (!status.history_exists) std::printf("history: %s does not exist yet\n",
                                          std::string(v5store::kSchemaHistoryTable).c_str());
  for (const auto& entry : status.history) {
    std::printf("  %3d  %-8s %-12s %-7s %6lld ms  %s  %s\n", entry.installed_rank,
                entry.version.value_or("-").c_str(), entry.type.c_str(),
                entry.success ? "ok" : "FAILED", static_cast<long long>(entry.execution_ms),
                entry.installed_on.c_str(), entry.description.c_str());
  }
  if (status.adopt_version) {
    std::printf("pending: adopt at version %s (the declared tables already match the spec; up "
                "records the baseline and changes no table)\n",
                status.adopt_version->c_str());
  } else {
    std::printf("pending: %zu step(s)\n", status.pending.step_count());
  }
  for (const auto& migration : status.pending.migrations) {
    for (const auto& step : migration.steps) {
      std::printf("  V%s [%s] %s\n", migration.version.c_str(),
                  std::string(v5store::to_string(step.safety)).c_str(), step.description.c_str());
    }
  }
  for (const auto& blocker : status.blockers) std::printf("blocked: %s\n", blocker.c_str());
}

int run(const MigrateOptions& options) {
  const v5store::SystemSpec spec = v5store::parse_spec_file(options.spec);
  v5store::MigratorOptions migrator_options;
  migrator_options.allow_destructive = options.allow_destructive;
  migrator_options.lock_timeout = std::chrono::milliseconds(options.lock_timeout_ms);
  const bool needs_argument = options.action == "baseline";
  if (needs_argument && options.argument.empty()) {
    std::fprintf(stderr, "v5gen: error: baseline needs a version: v5gen migrate SPEC baseline V\n");
    return kExitUsage;
  }
  int count = 1;
  if (options.action == "down" && !options.argument.empty()) {
    try {
      count = std::stoi(options.argument);
    } catch (const std::exception&) {
      count = 0;
    }
    if (count < 1) {
      std::fprintf(stderr, "v5gen: error: down N needs a positive count, got '%s'\n",
                   options.argument.c_str());
      return kExitUsage;
    }
  }
  v5store::Migrator migrator(spec, options.database, migrator_options);
  if (options.action == "status") {
    print_status(migrator.status());
    return kExitOk;
  }
  if (options.action == "plan") {
    const v5store::MigrationPlan plan = migrator.plan();
    if (plan.empty()) {
      std::printf("-- nothing to do: the database is up to date\n");
    } else {
      std::printf("%s", plan.to_sql().c_str());
    }
    return kExitOk;
  }
  v5store::MigrationResult result;
  std::string verb;
  if (options.action == "up") {
    result = migrator.up();
    verb = "applied";
  } else if (options.action == "down") {
    result = migrator.down(count);
    verb = "undid";
  } else if (options.action == "baseline") {
    result = migrator.baseline(options.argument);
    verb = "baselined at";
  } else {
    result = migrator.repair();
    verb = "repaired";
  }
  if (result.adopted) {
    std::printf("adopted at version %s: the declared tables already match the spec; baseline "
                "recorded, no table changed\n",
                result.applied.front().c_str());
  } else if (result.applied.empty()) {
    std::printf("nothing to do: the database is up to date\n");
  } else {
    std::string versions;
    for (const auto& version : result.applied) versions += (versions.empty() ? "" : ", ") + version;
    std::printf("%s %s (%zu statement(s), %lld ms)\n", verb.c_str(), versions.c_str(),
                result.steps, static_cast<long long>(result.elapsed.count()));
  }
  return kExitOk;
}

std::function<int()> setup(CLI::App& sub) {
  auto options = std::make_shared<MigrateOptions>();
  sub.add_option("spec", options->spec, "the system spec (YAML)")->required();
  sub.add_option("action", options->action, "status | plan | up | down [N] | baseline V | repair")
      ->required()
      ->check(CLI::IsMember({"status", "plan", "up", "down", "baseline", "repair"}));
  sub.add_option("argument", options->argument, "N for down (default 1), V for baseline");
  sub.add_option("--database", options->database, "the spec's database (default: the first)");
  sub.add_flag("--allow-destructive", options->allow_destructive,
               "let up run destructive steps (drop table or column, narrowing)");
  sub.add_option("--lock-timeout-ms", options->lock_timeout_ms,
                 "how long to wait for another migrator's lock (default 120000)");
  return [options] { return run(*options); };
}

}  // namespace

V5GEN_COMMAND("migrate", "Migrate a database of a spec: status, plan, up, down, baseline, repair",
              setup);

}  // namespace v5gen
