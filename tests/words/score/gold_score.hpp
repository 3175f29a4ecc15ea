// Scores `v5gen draft` against the gold corpus (tests/words/gold/<split>/*.yaml): precision,
// recall and F1 for entities, fields (name and type), foreign keys (entity -> target) and the
// backend, and the entity names that are phrases rather than nouns.
#pragma once

#include <string>
#include <vector>

namespace v5gen::words::score {

// True positives, and the drafted and expected counts, of one kind of item.
struct Tally {
  int matched = 0;
  int drafted = 0;
  int expected = 0;
  double precision() const;
  double recall() const;
  double f1() const;
};

// What one description lost and gained, for the report.
struct Miss {
  std::string file;
  std::vector<std::string> missing;  // expected, not drafted ("entity x", "field a.b:t", ...)
  std::vector<std::string> extra;    // drafted, not expected
};

struct SplitScore {
  std::string split;
  int descriptions = 0;
  Tally entities;
  Tally fields;
  Tally foreign_keys;
  int backends_right = 0;
  int phrase_entities = 0;  // drafted entity names of three or more words that gold lacks
  std::vector<Miss> misses;
};

// Drafts every description of `dir` (a split folder) and scores it. Throws std::runtime_error
// when a gold file cannot be read or lacks `text`; thread-safe.
SplitScore score_split(const std::string& dir, const std::string& split);

// The score as a few lines of text ("entities  P 0.95  R 0.97  F1 0.96 ..."); with `details`,
// every description's missing and extra items too.
std::string format_score(const SplitScore& score, bool details);

}  // namespace v5gen::words::score
