// Writes a generated FileTree into a directory, deterministically and safely: the output
// directory is a boundary, and only files v5gen wrote there (recorded with their hashes in
// `.v5gen-manifest`) are ever replaced or removed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "generate/artifact.hpp"

namespace v5gen {

// A path write_tree() did not touch, and why.
struct KeptFile {
  std::string path;    // relative to the output directory, or the manifest's entry as written
  std::string reason;  // "changed since v5gen wrote it", "not written by v5gen", ...
};

// What write_tree() did.
struct WriteSummary {
  int written = 0;    // new or changed files
  int unchanged = 0;  // byte-identical files left untouched (their mtime too)
  int removed = 0;    // files of an earlier generation that are no longer generated
  std::vector<KeptFile> kept;  // files left as they are, to report to the user
};

// Writes `tree` under `dir` and records every file it owns, with its hash, in
// `dir/.v5gen-manifest`. Files whose content is unchanged are not rewritten. A file is replaced
// or removed only when the previous manifest lists it and its content still has the recorded
// hash; a file the user changed, a file v5gen did not write (even with `force`), a manifest
// entry outside `dir` (absolute, `..`) and any path through a symlink inside `dir` are left
// alone and listed in `kept`. Files are written to a temporary file and renamed into place, so
// a symlink is replaced, never followed. Throws v5store::Error(config) when `dir` is a
// non-empty directory without a manifest unless `force`, when `dir` is not a directory, and
// when a file cannot be written.
WriteSummary write_tree(const FileTree& tree, const std::filesystem::path& dir,
                        const std::string& spec_hash, bool force);

}  // namespace v5gen
