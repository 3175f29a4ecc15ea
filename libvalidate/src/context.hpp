// The state one validation run passes from level to level.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "sink.hpp"
#include "v5store/spec.hpp"
#include "v5validate/orchestrator.hpp"
#include "yaml_tree.hpp"

namespace v5validate::detail {

struct Context {
  const Options& options;
  std::string source_name;                  // file path or "<string>"
  std::filesystem::path base_dir;           // relative paths in the spec resolve here
  std::string_view text;                    // the spec text
  YamlDocument document;                    // level 1's tree (kept for finding locations)
  std::optional<v5store::SystemSpec> spec;  // the typed model, built once level 1 passed
  Sink& sink;
};

// A level of validation: one unit, each check inside it one function with its own code.
class Level {
 public:
  virtual ~Level() = default;
  // 1..4
  virtual int number() const noexcept = 0;
  // Runs every check of the level, reporting through ctx.sink. Never throws for any spec.
  virtual void run(Context& ctx) const = 0;
};

}  // namespace v5validate::detail
