#include "generate/writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "v5store/error.hpp"

namespace v5gen {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = ".v5gen-manifest";
constexpr std::string_view kHashPrefix = "sha256:";
constexpr std::size_t kHashLength = 7 + 64;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A manifest entry is a path v5gen may own: relative, inside the directory, not the manifest.
bool is_inside(const fs::path& relative) {
  if (relative.empty() || relative.is_absolute() || relative.has_root_name()) return false;
  for (const auto& part : relative) {
    if (part == ".." || part == "." || part.empty()) return false;
  }
  return relative.generic_string() != kManifest;
}

// The files of the previous manifest with their recorded hashes ("" for the hash-less lines of
// manifests written before hashes were recorded). Entries outside `dir` go to `kept`.
std::map<std::string, std::string> previous_files(const fs::path& manifest,
                                                  std::vector<KeptFile>& kept) {
  std::map<std::string, std::string> files;
  std::istringstream lines(read_file(manifest));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::string hash;
    std::string path = line;
    if (line.starts_with(kHashPrefix) && line.size() > kHashLength + 2 &&
        line.compare(kHashLength, 2, "  ") == 0) {
      hash = line.substr(0, kHashLength);
      path = line.substr(kHashLength + 2);
    }
    if (!is_inside(fs::path(path))) {
      kept.push_back({path, "listed by the manifest but outside the output directory; ignored"});
      continue;
    }
    files[fs::path(path).lexically_normal().generic_string()] = hash;
  }
  return files;
}

// True when a part of `relative` below `dir` (a parent directory or the file itself) is a
// symlink.
bool through_symlink(const fs::path& dir, const fs::path& relative) {
  fs::path at = dir;
  std::error_code ec;
  for (const auto& part : relative) {
    at /= part;
    if (fs::is_symlink(fs::symlink_status(at, ec))) return true;
  }
  return false;
}

// Creates the parent directories of dir/relative one level at a time (none is a symlink:
// checked by the caller).
void create_parents(const fs::path& dir, const fs::path& relative) {
  fs::path at = dir;
  for (const auto& part : relative.parent_path()) {
    at /= part;
    std::error_code ec;
    if (fs::is_directory(fs::symlink_status(at, ec))) continue;
    if (!fs::create_directory(at, ec) && ec) {
      throw v5store::Error(v5store::ErrorCode::config,
                           "cannot create " + at.string() + ": " + ec.message());
    }
  }
}

// Writes `content` to a new temporary file beside `path` and renames it over `path`: a symlink
// at `path` is replaced, never followed.
void write_file(const fs::path& path, const std::string& content) {
  const fs::path temporary =
      path.parent_path() / (".v5gen-tmp-" + std::to_string(::getpid()) + "-" +
                            path.filename().string());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0644);
  bool ok = fd >= 0;
  for (std::size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  if (fd >= 0) ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    throw v5store::Error(v5store::ErrorCode::config, "cannot write " + path.string());
  }
}

// Why v5gen may not replace or remove the existing file dir/relative, or nullopt when it may.
std::optional<std::string> must_keep(const fs::path& dir, const std::string& relative,
                                     const std::map<std::string, std::string>& previous) {
  if (through_symlink(dir, relative)) return "a symlink is on its path; nothing is written through it";
  std::error_code ec;
  const fs::path path = dir / relative;
  if (!fs::exists(fs::symlink_status(path, ec))) return std::nullopt;
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) return "not a regular file";
  const auto recorded = previous.find(relative);
  if (recorded == previous.end()) return "not written by v5gen (your own file); left alone";
  if (!recorded->second.empty() && hash_of(read_file(path)) != recorded->second) {
    return "changed since v5gen wrote it; kept (delete it to regenerate)";
  }
  return std::nullopt;
}

}  // namespace

WriteSummary write_tree(const FileTree& tree, const fs::path& dir, const std::string& spec_hash,
                        bool force) {
  const fs::path manifest = dir / kManifest;
  std::error_code ec;
  const bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) {
    throw v5store::Error(v5store::ErrorCode::config, dir.string() + " is not a directory");
  }
  if (fs::is_symlink(fs::symlink_status(manifest, ec))) {
    throw v5store::Error(v5store::ErrorCode::config,
                         manifest.string() + " is a symlink; v5gen does not write through it");
  }
  const bool generated_before = fs::exists(manifest, ec);
  if (exists && !generated_before && !force &&
      fs::directory_iterator(dir, ec) != fs::directory_iterator()) {
    throw v5store::Error(v5store::ErrorCode::config,
                         dir.string() + " is not empty and was not generated by v5gen (no " +
                             kManifest + "); use --force to write into it");
  }
  fs::create_directories(dir);
  WriteSummary summary;
  std::map<std::string, std::string> previous =
      generated_before ? previous_files(manifest, summary.kept)
                       : std::map<std::string, std::string>{};
  std::string listing = "# v5gen manifest: files generated from spec " + spec_hash +
                        "; each line: the hash v5gen wrote, two spaces, the path\n";
  for (const auto& [relative_path, content] : tree) {
    const std::string relative = relative_path.generic_string();
    const fs::path path = dir / relative_path;
    const auto recorded = previous.find(relative);
    if (fs::is_regular_file(fs::symlink_status(path, ec)) && !through_symlink(dir, relative) &&
        read_file(path) == content) {
      ++summary.unchanged;
      listing += hash_of(content) + "  " + relative + "\n";
    } else if (auto reason = must_keep(dir, relative, previous)) {
      summary.kept.push_back({relative, *reason});
      if (recorded != previous.end() && !recorded->second.empty()) {
        listing += recorded->second + "  " + relative + "\n";
      }
    } else {
      create_parents(dir, relative_path);
      write_file(path, content);
      ++summary.written;
      listing += hash_of(content) + "  " + relative + "\n";
    }
    if (recorded != previous.end()) previous.erase(recorded);
  }
  for (const auto& [relative, hash] : previous) {
    if (auto reason = must_keep(dir, relative, previous)) {
      summary.kept.push_back({relative, "no longer generated, but " + *reason});
    } else if (fs::remove(dir / relative, ec)) {
      ++summary.removed;
    }
  }
  write_file(manifest, listing);
  return summary;
}

}  // namespace v5gen
