// Sentence patterns: which of the understood English forms a sentence has, and its parts.
// Matching is purely syntactic; deciding what the parts mean is the drafter's job.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace v5gen::words {

enum class StatementKind {
  has,          // "X has a, b and c", "each X has a Y", "X: a, b, c", "X tracks Ys and Zs"
  has_many,     // "Xs have many Ys", "X has several Ys"
  belongs_to,   // "X belongs to Y", "X is owned by Y", "X references Y"
  one_of,       // "X's status is one of a, b, c", "the status is either a or b"
  modifier,     // "emails are unique", "the phone of a customer is optional"
  system_name,  // "the system is called X", "a library app"
  relation,     // "members book classes", "readers leave comments on posts" (from a parse)
};

// One matched sentence: the subject phrase (lower case, articles kept), the object list split
// into items (for `has`, values after "one of" become the parenthesised enum of the item before
// them), and for `modifier` the modifier word (unique | optional | required).
struct Statement {
  StatementKind kind = StatementKind::has;
  std::string subject;
  std::vector<std::string> items;
  std::string word;
  std::string sentence;  // the original sentence, for messages
  // relation: the verb's lemma (with its particle: "sign up"), the first preposition after the
  // object and the items it governs; modal: "can have", "can appear in" (many-to-many hints).
  std::string verb;
  std::string preposition;
  std::vector<std::string> preposition_items;
  bool modal = false;
};

// The outcome of matching one sentence.
struct Match {
  std::optional<std::string> backend;  // sqlite | postgresql | mysql, when the sentence names one
  std::optional<Statement> statement;
  bool used = false;  // false: the sentence matched no pattern (and named no backend alone)
};

// Matches one sentence against every pattern (see docs/words.md). Never throws except
// std::bad_alloc; thread-safe.
Match match_sentence(const std::string& sentence);

// Strips leading articles and quantifiers ("a", "an", "the", "each", "every", "all", "its",
// "their", "some") from a phrase.
std::string strip_articles(const std::string& phrase);

}  // namespace v5gen::words
