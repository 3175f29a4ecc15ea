// How full the filesystem holding a directory is, counted the way df(1) counts it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace v5store::detail {

struct DiskUsage {
  std::uint64_t used_bytes = 0;       // blocks in use (total - free)
  std::uint64_t available_bytes = 0;  // blocks an unprivileged writer may still use
  // used / (used + available): df's Use%. Blocks reserved for root are in neither, so a
  // filesystem with a large reserve is not reported as full while ordinary writers have room.
  double used_ratio = 0;
};

// statvfs(2) of `directory`; nullopt when it cannot be read or reports no blocks.
std::optional<DiskUsage> disk_usage_of(const std::string& directory);

}  // namespace v5store::detail
