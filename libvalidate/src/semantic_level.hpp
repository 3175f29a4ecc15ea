// Level 4, semantic: reserved words, type portability across the configured backends, index
// coverage of foreign keys, nullable uniques, pool sizing, sensitive fields, naming.
#pragma once

#include "context.hpp"

namespace v5validate::detail {

class SemanticLevel final : public Level {
 public:
  int number() const noexcept override { return 4; }
  void run(Context& ctx) const override;
};

}  // namespace v5validate::detail
