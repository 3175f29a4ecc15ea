// The clauses of one sentence, read from its link-grammar parse: every verb that has a subject
// (directly, through "and" between verbs, or through an auxiliary: "can have", "is led by"),
// the noun phrases of its subject, and the words it governs up to the next clause.
#pragma once

#include <string>
#include <vector>

namespace v5gen::words {

struct Clause {
  std::vector<std::string> subjects;  // noun phrases, lower case ("each appointment"); "and" split
  std::string verb;                   // the verb's lemma ("have", "belong", "book")
  std::string particle;               // "up" in "sign up for", else empty
  bool passive = false;               // "is led by a trainer"
  bool modal = false;                 // "can have", "may have"
  std::string rest;  // the words after the verb up to the next clause, parentheses kept
  std::string text;  // the clause's own words (for messages)
};

// What a sentence says: the words before its first clause that no clause uses ("A blog where",
// "A todo app on MySQL:"), and its clauses in order. `parsed` is false when link-grammar found
// no clause: the caller falls back to the sentence patterns. Deterministic; thread-safe.
struct SentenceClauses {
  bool parsed = false;
  std::string lead;
  std::vector<Clause> clauses;
};

SentenceClauses read_clauses(const std::string& sentence);

}  // namespace v5gen::words
