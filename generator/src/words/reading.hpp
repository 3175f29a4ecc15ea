// One sentence to statements: its link-grammar clauses, each rewritten as the statement it
// makes ("each appointment belongs to ..." and "... has ..." from one sentence), with the
// sentence patterns of patterns.hpp as the fallback when the parser finds no clause.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "words/patterns.hpp"

namespace v5gen::words {

struct SentenceReading {
  std::optional<std::string> backend;  // sqlite | postgresql | mysql, named anywhere in it
  std::vector<Statement> statements;
  std::string system;  // a system the sentence names around its clauses ("a blog where ...")
  std::vector<std::string> unused;  // clauses that say nothing the drafter can use
  bool used = false;                // false: nothing in the sentence was understood
};

// Reads one sentence. Deterministic; never throws except std::bad_alloc and the parser's
// dictionary error (link_parser.hpp); thread-safe.
SentenceReading read_sentence(const std::string& sentence);

}  // namespace v5gen::words
