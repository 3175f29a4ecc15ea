// The drafting entry point: plain English in, a validated spec draft out.
#pragma once

#include <string>
#include <string_view>

#include "v5validate/report.hpp"
#include "words/draft.hpp"

namespace v5gen::words {

struct DraftOptions {
  std::string system_name;  // overrides the name found in the text; empty: from the text
};

// A draft, its spec text and the report of validation levels 1, 2 and 4 on that text.
struct DraftResult {
  Draft draft;
  std::string spec_yaml;
  v5validate::Report report;
  bool ok() const { return !draft.entities.empty() && report.valid(); }
};

// Drafts a spec from `text`: sentences are matched against the patterns of docs/words.md,
// entities and fields built, types inferred, relations turned into indexed foreign keys; names
// that are reserved words of the backend are renamed (an assumption says so). Deterministic.
// No entities found: `draft.entities` is empty and `unused` says why. Never throws except
// std::bad_alloc; thread-safe.
DraftResult draft_spec(std::string_view text, const DraftOptions& options = {});

}  // namespace v5gen::words
