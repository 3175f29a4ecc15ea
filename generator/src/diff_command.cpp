// v5gen diff SPEC [--database NAME]: the drift between the live database and the spec.
// Exit 0 when they match, 1 when there are differences (printed one per line). Tables the
// spec does not declare (unmanaged) are listed once, as information; they do not make drift.
#include <cstdio>
#include <memory>
#include <string>

#include "command.hpp"
#include "v5store/migrator.hpp"
#include "v5store/spec.hpp"

namespace v5gen {

namespace {

struct DiffOptions {
  std::string spec;
  std::string database;
};

int run(const DiffOptions& options) {
  const v5store::SystemSpec spec = v5store::parse_spec_file(options.spec);
  v5store::Migrator migrator(spec, options.database);
  const v5store::DriftReport report = migrator.drift();
  if (!report.unmanaged_tables.empty()) {
    std::string names;
    for (const auto& table : report.unmanaged_tables) names += (names.empty() ? "" : ", ") + table;
    std::printf("unmanaged: %zu table(s) the spec does not declare, left alone: %s\n",
                report.unmanaged_tables.size(), names.c_str());
  }
  if (report.clean()) {
    std::printf("no drift: database %s matches the spec\n", report.database.c_str());
    return kExitOk;
  }
  std::printf("drift in database %s: %zu difference(s)\n", report.database.c_str(),
              report.differences.size());
  for (const auto& difference : report.differences) {
    std::printf("  %s\n", difference.to_string().c_str());
  }
  return kExitCheckFailed;
}

std::function<int()> setup(CLI::App& sub) {
  auto options = std::make_shared<DiffOptions>();
  sub.add_option("spec", options->spec, "the system spec (YAML)")->required();
  sub.add_option("--database", options->database, "the spec's database (default: the first)");
  return [options] { return run(*options); };
}

}  // namespace

V5GEN_COMMAND("diff", "Report drift between a live database and the spec", setup);

}  // namespace v5gen
