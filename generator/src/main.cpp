// v5gen: validate, generate, migrate, diff, health, draft, new. Each subcommand registers itself
// in its own file (command.hpp); this file only parses the command line and dispatches.
#include <cstdio>
#include <exception>
#include <functional>
#include <map>

#include "command.hpp"
#include "v5store/error.hpp"
#include "v5store/version.hpp"

namespace v5gen {

std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}

}  // namespace v5gen

int main(int argc, char** argv) {
  CLI::App app{"v5gen: validate a v5store system spec and generate the glue around it"};
  app.set_version_flag("--version", std::string("v5gen ") + v5store::version_string());
  app.require_subcommand(1);
  std::map<CLI::App*, std::function<int()>> runners;
  for (const auto& command : v5gen::commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    runners[sub] = command.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? v5gen::kExitOk : v5gen::kExitUsage;
  }
  for (auto& [sub, run] : runners) {
    if (sub->parsed()) {
      try {
        return run();
      } catch (const v5store::Error& e) {
        std::fprintf(stderr, "v5gen: error: %s\n", e.what());
        if (e.code() == v5store::ErrorCode::connection ||
            e.code() == v5store::ErrorCode::circuit_open) {
          return v5gen::kExitUnreachable;
        }
        return e.code() == v5store::ErrorCode::config ? v5gen::kExitUsage
                                                      : v5gen::kExitCheckFailed;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "v5gen: error: %s\n", e.what());
        return v5gen::kExitCheckFailed;
      }
    }
  }
  return v5gen::kExitUsage;
}
