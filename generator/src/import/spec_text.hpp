// The spec file v5gen import writes: a header comment (where the spec came from, which
// variable holds the DSN, what was not imported and why) and the spec as YAML. Every text from
// the catalog goes through generate/escape (comment_text, yaml_document), so no name, default
// or comment can leave its comment line or its scalar.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "import/importer.hpp"

namespace v5gen::import {

// The spec of `result` as a YAML tree (no comments), in the order docs/spec.md lists the keys.
YAML::Node spec_tree(const v5store::SystemSpec& spec);

// The header comment of `result`: "# " lines.
std::string header_comment(const ImportResult& result);

// The whole file: header comment, then yaml_document(tree).
std::string spec_file(const ImportResult& result, const YAML::Node& tree);

}  // namespace v5gen::import
