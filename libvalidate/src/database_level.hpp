// Level 3, database integration: a real pre-flight against each database of the spec
// (connection, server version, privileges, migration history, pending steps, drift, a
// rolled-back round trip per entity, pool size against the server's connection limit).
#pragma once

#include "context.hpp"

namespace v5validate::detail {

class DatabaseLevel final : public Level {
 public:
  int number() const noexcept override { return 3; }
  void run(Context& ctx) const override;
};

}  // namespace v5validate::detail
