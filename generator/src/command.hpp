// The subcommand registry of v5gen: each subcommand lives in its own file and registers itself
// with a static V5GEN_COMMAND(...) so main.cpp never changes when a command is added.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace v5gen {

// The exit codes of every v5gen subcommand: 0 success, 1 a check failed (invalid spec, drift,
// a refused migration), 2 usage or unreadable input, 3 a database could not be reached.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreachable = 3;

// A subcommand: `setup` adds its options to `sub` and returns the function that runs it
// (returning the exit code) once the command line has been parsed.
struct Command {
  std::string name;
  std::string description;
  std::function<std::function<int()>(CLI::App& sub)> setup;
};

// Every registered subcommand, in registration order.
std::vector<Command>& commands();

struct CommandRegistrar {
  explicit CommandRegistrar(Command command) { commands().push_back(std::move(command)); }
};

}  // namespace v5gen

#define V5GEN_CONCAT2(a, b) a##b
#define V5GEN_CONCAT(a, b) V5GEN_CONCAT2(a, b)
// Registers a subcommand from a .cpp file: V5GEN_COMMAND("validate", "Validate a spec", setup_fn)
#define V5GEN_COMMAND(name, description, setup)                                     \
  static const ::v5gen::CommandRegistrar V5GEN_CONCAT(v5gen_registrar_, __LINE__) { \
    ::v5gen::Command { name, description, setup }                                   \
  }
