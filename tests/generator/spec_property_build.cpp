// The build half of the generator's property test (issue 15: every generated file of a fuzzed
// spec that validates compiles, in a sample): draws random specs (random_spec.hpp) from fixed
// seeds 1..kCandidates, keeps the ones that validate (levels 1, 2 and 4), and picks BUILDS of
// them greedily, each time the spec that adds the most kinds (field types, key shapes, rules)
// not yet covered. For each pick: v5gen generate, a build with -Wall -Wextra -Werror against
// the installed package, and the project's smoke test on SQLite. The same seeds give the same
// picks on every machine.
// Usage: spec_property_build V5GEN PREFIX WORKDIR BUILDS. Exit 0 when BUILDS specs were built
// and every build and smoke test passed; the kinds no pick covers are listed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

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

  constexpr std::uint64_t kCandidates = 300;
  std::vector<v5test::RandomSpec> candidates;
  for (std::uint64_t seed = 1; seed <= kCandidates; ++seed) {
    v5test::RandomSpec spec;
    try {
      spec = v5test::random_spec()(rc::Random(seed), 50).value();
    } catch (const rc::GenerationFailure&) {
      continue;  // the generator gave up on this seed (a unique-name constraint): no spec
    }
    v5validate::Options options;
    options.max_level = 4;
    if (v5validate::Orchestrator::run_text(spec.yaml, options).valid()) {
      candidates.push_back(std::move(spec));
    }
  }
  std::set<std::string> missing = v5test::all_kinds();
  std::vector<v5test::RandomSpec> kept;
  while (static_cast<int>(kept.size()) < max_builds && !candidates.empty()) {
    auto best = candidates.begin();
    std::size_t best_added = 0;
    for (auto it = candidates.begin(); it != candidates.end(); ++it) {
      std::size_t added = 0;
      for (const auto& kind : it->kinds) added += missing.count(kind);
      if (added > best_added) {
        best = it;
        best_added = added;
      }
    }
    for (const auto& kind : best->kinds) missing.erase(kind);
    kept.push_back(std::move(*best));
    candidates.erase(best);
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
            " -DCMAKE_BUILD_TYPE=Debug" + launcher + " -DCMAKE_PREFIX_PATH=" +
            shell_quoted(prefix) + " '-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror' >/dev/null") != 0 ||
        run("cmake --build " + shell_quoted(build) + " --parallel 2 --target prop_smoke_test") != 0 ||
        run("cd " + shell_quoted(dir) + " && " + shell_quoted(build / "prop_smoke_test") +
            " sqlite") != 0) {
      std::printf("FAIL: spec %zu\n", i);
      ++failures;
    }
  }
  for (const auto& kind : missing) std::printf("not covered by the picks: %s\n", kind.c_str());
  std::printf("%zu spec(s) built, %d failed, %zu kind(s) not covered\n", kept.size(), failures,
              missing.size());
  return failures == 0 && static_cast<int>(kept.size()) == max_builds ? 0 : 1;
}
