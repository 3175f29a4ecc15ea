// How full the filesystem holding a directory is, counted the way df(1) counts it.
#include "monitoring/health/disk_usage.hpp"

#include <sys/statvfs.h>

namespace v5store::detail {

std::optional<DiskUsage> disk_usage_of(const std::string& directory) {
  struct statvfs fs {};
  if (directory.empty() || ::statvfs(directory.c_str(), &fs) != 0 || fs.f_blocks == 0) {
    return std::nullopt;
  }
  DiskUsage usage;
  usage.used_bytes = static_cast<std::uint64_t>(fs.f_blocks - fs.f_bfree) * fs.f_frsize;
  usage.available_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  const auto counted = usage.used_bytes + usage.available_bytes;
  usage.used_ratio = counted == 0 ? 1.0 : static_cast<double>(usage.used_bytes) / counted;
  return usage;
}

}  // namespace v5store::detail
