// The output of v5gen generate: a set of files, each with its path and content, built in
// memory by the emitters and written by write_tree().
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "v5store/spec.hpp"

namespace v5gen {

// Everything an emitter needs to know about the run.
struct GenerationContext {
  const v5store::SystemSpec& spec;
  std::string spec_file_name;  // "shop.yaml", made safe by safe_file_name()
  std::string spec_text;       // the spec as read, copied into the output
  std::string spec_hash;       // "sha256:..." of spec_text
  // The DSNs that hold a literal password (validation finding V415), as (database, key) with
  // key "dsn" or "migration_dsn": the deploy files read each from the Secret instead of
  // copying the password into the ConfigMap.
  std::set<std::pair<std::string, std::string>> literal_password_dsns = {};
};

// Relative path -> content. std::map keeps the write order deterministic.
using FileTree = std::map<std::filesystem::path, std::string>;

// The first lines of a generated file: the v5gen version, the spec it came from and the hash
// of the inputs of this file (the part of the spec it depends on, so that changing one entity
// changes only the files generated from it). `comment` is the line-comment prefix ("//", "#").
std::string generated_header(std::string_view comment, const GenerationContext& context,
                             std::string_view input_hash);

// "sha256:<hex>" of `text`.
std::string hash_of(std::string_view text);

}  // namespace v5gen
