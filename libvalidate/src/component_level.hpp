// Level 2, component logic: references resolve, foreign keys match, keys and indexes exist,
// defaults fit, bounds are ordered, enums are sound, versioned migrations are contiguous.
#pragma once

#include "context.hpp"

namespace v5validate::detail {

class ComponentLevel final : public Level {
 public:
  int number() const noexcept override { return 2; }
  void run(Context& ctx) const override;
};

}  // namespace v5validate::detail
