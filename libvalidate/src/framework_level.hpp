// Level 1, framework: the file parses; keys, value types, names, duplicates, enum-valued
// options, schema_version, DSN syntax and ${VAR} references.
#pragma once

#include "context.hpp"

namespace v5validate::detail {

class FrameworkLevel final : public Level {
 public:
  int number() const noexcept override { return 1; }
  void run(Context& ctx) const override;
};

}  // namespace v5validate::detail
