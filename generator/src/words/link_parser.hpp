// One English sentence parsed by link-grammar (Debian liblink-grammar-dev, its English
// dictionary): its words with the part of speech the parse chose, and the links between them.
#pragma once

#include <string>
#include <vector>

namespace v5gen::words {

struct ParsedWord {
  std::string text;  // lower case, without link-grammar's subscript ("books")
  std::string tag;   // the subscript: "n", "s", "p" (nouns), "v" (verb), "a", "j-n", ... or ""
  bool noun() const;
  bool verb() const;
};

struct ParsedLink {
  std::string label;  // "Ss*s", "Op", "MVp", "J", "SJls", "VJrs", ...
  int left = 0;       // word indices, left < right
  int right = 0;
};

// One linkage of a sentence. Words 0 and last are link-grammar's walls when `ok`.
struct SentenceParse {
  bool ok = false;  // false: link-grammar found no linkage, even with skipped words
  std::vector<ParsedWord> words;
  std::vector<ParsedLink> links;

  // Links whose label starts with `prefix` and that touch word `word` (on either side).
  std::vector<ParsedLink> links_at(int word, const std::string& prefix) const;
};

// The best linkages of `sentence` (at most `count`, in link-grammar's order: lowest cost
// first), empty when there is none even with skipped words. Fixed options (no random sampling,
// no spelling guesses, no time limit that load could change): the same text always gives the
// same parse. Loads the English dictionary once per process on first use (about 0.1 s of CPU,
// 70 % of a 10-sentence draft) and keeps it until the process ends; link-grammar's messages
// are silenced. Throws std::runtime_error when the dictionary cannot be loaded. Thread-safe
// (parses are serialised).
std::vector<SentenceParse> parse_sentence(const std::string& sentence, int count);

}  // namespace v5gen::words
