// The build half of the generator's property test: draws random specs (random_spec.hpp, fixed
// seeds), keeps the valid ones that add kinds (field types, key shapes, rules) not yet covered,
// until every kind is covered or MAX_BUILDS specs are kept, then for each: v5gen generate, a
// build against the installed package, and the project's smoke test on SQLite.
// Usage: spec_property_build V5GEN PREFIX WORKDIR MAX_BUILDS. Exit 0 when every build and
// smoke test passed and the kept specs cover every kind.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "random_spec.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

int run(const std::string& command) {
  std::printf("+ %s\n", command.c_str());
  std::fflush(stdout);
  const int status = std::system(command.c_str());
  return status == 0 ? 0 : 1;
}

std::string shell_quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: spec_property_build V5GEN PREFIX WORKDIR MAX_BUILDS\n");
    return 2;
  }
  const std::string v5gen = argv[1];
  const std::filesystem::path prefix = argv[2];
  const std::filesystem::path work = argv[3];
  const int max_builds = std::atoi(argv[4]);
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);

  std::set<std::string> missing = v5test::all_kinds();
  std::vector<v5test::RandomSpec> kept;
  for (std::uint64_t seed = 1; seed < 20000 && !missing.empty() &&
                               static_cast<int>(kept.size()) < max_builds;
       ++seed) {
    const v5test::RandomSpec spec = v5test::random_spec()(rc::Random(seed), 50).value();
    std::size_t added = 0;
    for (const auto& kind : spec.kinds) added += missing.count(kind);
    // The first spec must bring many kinds, later ones at least one.
    if (added < (kept.empty() ? 12U : 1U)) continue;
    v5validate::Options options;
    options.max_level = 4;
    if (!v5validate::Orchestrator::run_text(spec.yaml, options).valid()) continue;
    for (const auto& kind : spec.kinds) missing.erase(kind);
    kept.push_back(spec);
  }

  int failures = 0;
  const std::string launcher =
      std::system("command -v ccache >/dev/null") == 0 ? " -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
                                                       : "";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const std::filesystem::path dir = work / ("spec" + std::to_string(i));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "prop.yaml") << kept[i].yaml;
    std::printf("--- spec %zu:\n%s", i, kept[i].yaml.c_str());
    const std::filesystem::path project = dir / "project";
    const std::filesystem::path build = dir / "build";
    if (run(shell_quoted(v5gen) + " generate " + shell_quoted(dir / "prop.yaml") + " -o " + shell_quoted(project)) !=
            0 ||
        run("cmake -S " + shell_quoted(project) + " -B " + shell_quoted(build) +
            " -DCMAKE_BUILD_TYPE=RelWithDebInfo" + launcher + " -DCMAKE_PREFIX_PATH=" +
            shell_quoted(prefix) + " >/dev/null") != 0 ||
        run("cmake --build " + shell_quoted(build) + " --parallel 2 --target prop_smoke_test") != 0 ||
        run(shell_quoted(build / "prop_smoke_test")) != 0) {
      std::printf("FAIL: spec %zu\n", i);
      ++failures;
    }
  }
  for (const auto& kind : missing) std::printf("FAIL: no kept spec uses %s\n", kind.c_str());
  std::printf("%zu spec(s) built, %d failed, %zu kind(s) not covered\n", kept.size(), failures,
              missing.size());
  return failures == 0 && missing.empty() ? 0 : 1;
}
