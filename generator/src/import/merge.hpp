// Re-import into an existing spec: the tables and columns the spec does not map yet are
// added; every entity, field, component and key the spec already has is kept as the user left
// it (an entity is matched by its `table:`, a field by its `column:`, each defaulting to the
// name), so names changed by hand survive.
#pragma once

#include <string>

#include "import/importer.hpp"

namespace v5gen::import {

struct Merged {
  std::string text;     // the merged spec file
  std::string changes;  // what the merge adds, then a line diff of the old and new text
};

// Merges `result` into the spec text `existing` (read from `path`, named in errors). The
// header comment is renewed; comments elsewhere in the old text are not kept (descriptions
// are). Throws v5store::Error(config) when `existing` is not a YAML mapping. Pure.
Merged merge_into(const std::string& existing, const std::string& path, const ImportResult& result);

// A line diff of `before` and `after` ("-" / "+" lines, unchanged lines left out). Pure.
std::string line_diff(const std::string& before, const std::string& after);

}  // namespace v5gen::import
