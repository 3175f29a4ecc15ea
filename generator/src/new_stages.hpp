// The ten stages of `v5gen new` (docs/words.md): each is a function over the run's shared
// state that reports what it did or why it failed. new_command.cpp runs them in order.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "generate/artifact.hpp"
#include "new/pipeline.hpp"
#include "v5store/spec.hpp"
#include "words/drafter.hpp"

namespace v5gen::newcmd {

// The command line of `v5gen new`.
struct NewOptions {
  std::string text;
  std::filesystem::path output;  // the project directory
  std::filesystem::path prefix;  // where v5store is installed; empty: v5gen's own prefix
  std::string name;              // the system name; empty: from the text
  std::string build_type = "Debug";  // a development build: fastest to compile
  int jobs = 2;
  double bench_seconds = 0.25;  // the benchmark's time budget per entity
  bool force = false;           // write into a non-empty directory v5gen did not generate
};

// What the stages share and what the readiness checklist reads.
struct NewRun {
  NewOptions options;
  std::filesystem::path build;  // <output>/build: the generated project's build tree
  std::filesystem::path logs;   // <build>/v5gen-new: logs, the service spec, the databases
  words::DraftResult draft;
  std::optional<v5store::SystemSpec> spec;
  std::unique_ptr<GenerationContext> context;
  FileTree tree;
  bool validation_passed = false;
  bool deploy_parsed = false;
  bool smoke_passed = false;
};

// The install prefix of the running v5gen (<prefix>/bin/v5gen -> <prefix>), or empty when
// /proc/self/exe cannot be read.
std::filesystem::path own_prefix();

// The v5storeConfig.cmake under `prefix` (lib, lib64, lib/<multiarch> or share), or nullopt.
std::optional<std::filesystem::path> package_config(const std::filesystem::path& prefix);

// The stages, in order. Each may throw; the pipeline turns the exception into a failure.
words::StageResult requirements_extraction(NewRun& run);
words::StageResult database_requirements(NewRun& run);
words::StageResult architecture(NewRun& run);
words::StageResult component_glue(NewRun& run);
words::StageResult system_scaffold(NewRun& run);
words::StageResult schema_and_migrations(NewRun& run);
words::StageResult deployment_configuration(NewRun& run);
words::StageResult integration_test(NewRun& run);
words::StageResult performance_benchmark(NewRun& run);
words::StageResult production_readiness(NewRun& run);

}  // namespace v5gen::newcmd
