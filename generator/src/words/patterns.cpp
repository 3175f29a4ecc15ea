// The sentence patterns, as regular expressions over the normalised (lower-case) sentence.
#include "words/patterns.hpp"

#include <array>
#include <regex>
#include <set>

#include "words/sentences.hpp"

namespace v5gen::words {

namespace {

const std::regex kBackend(
    R"((?:^|\s)(?:(?:on|in|using|with|via|over|use|uses|into)\s+)?(postgresql|postgres|mysql|mariadb|sqlite3|sqlite)(?:\s+(?:database|db|backend|server))?(?=[\s:,;!?)]|$))");

const std::regex kSystemCalled(
    R"(^(?:the |this |our |my |an? )?(?:system|app|application|service|platform|project)(?: is)? (?:called|named) ([a-z][a-z0-9_ -]*)$)");
const std::regex kSystemKind(
    R"(^(?:it is |this is |we need |build |make |create )?(?:an? |the )?([a-z][a-z0-9_]*) (?:system|app|application|service|platform|tracker)$)");

const std::regex kHasMany(
    R"(^(.+?) (?:has|have|can have|contains?|includes?|holds?|owns?) (?:many|several|multiple|any number of|zero or more|one or more|lots of|a list of|a set of) (.+)$)");
const std::regex kBelongsTo(
    R"(^(.+?) (?:belongs to|belong to|is owned by|are owned by|is part of|are part of|refers to|refer to|references|reference|is linked to|are linked to|points to|point to|is assigned to|are assigned to) (.+)$)");
const std::regex kOneOf(
    R"(^(.+?) (?:is|are|can be|must be|should be|may be|has to be) (?:either|one of|any of):? (.+)$)");
const std::regex kModifier(
    R"(^(.+?) (?:is|are|must be|should be|has to be|have to be|can be|may be|is always|are always) (unique|optional|required|mandatory|nullable|distinct|empty|blank|missing|left empty|left blank)$)");
const std::regex kHas(
    R"(^(.+?) (?:has|have|holds?|contains?|includes?|tracks?|stores?|manages?|keeps?|records?|lists?|with|consists of|is made of|is described by|are described by)(?: got)?:? (.+)$)");
const std::regex kColon(R"(^([a-z][a-z0-9 _'-]{0,40}):\s*(.+)$)");

// Words that may remain around a backend name without carrying meaning of their own.
const std::set<std::string> kFiller{
    "it",          "this",    "that",     "the",     "a",      "an",         "system", "app",
    "application", "service", "database", "db",      "data",   "everything", "all",    "should",
    "must",        "will",    "runs",     "run",     "use",    "uses",       "used",   "store",
    "stores",      "stored",  "keep",     "kept",    "lives",  "live",       "is",     "be",
    "are",         "we",      "want",     "and",     "please", "backend",    "on",     "in",
    "with",        "using",   "its",      "our",     "target", "targets",    "deploy", "deployed",
    "to",          "for",     "as",       "storage", "server", "hosted"};

std::string canonical_backend(const std::string& word) {
  if (word == "postgresql" || word == "postgres") return "postgresql";
  if (word == "mysql" || word == "mariadb") return "mysql";
  return "sqlite";
}

bool only_filler(const std::string& text) {
  for (const std::string& w : split_words(text)) {
    if (kFiller.count(w) == 0) return false;
  }
  return true;
}

// Words that make the rest of a sentence more than a name.
const std::regex kVerb(
    R"(\b(?:has|have|belongs?|contains?|includes?|tracks?|is called|is named|one of|either)\b)");

std::string without_filler(const std::string& text) {
  std::string out;
  for (const std::string& w : split_words(text)) {
    if (kFiller.count(w) == 0) out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

// Matches `pattern` when its subject (group 1) has at most four words.
bool short_subject(const std::string& text, const std::regex& pattern, std::smatch& m) {
  return std::regex_match(text, m, pattern) && split_words(m[1].str()).size() <= 4;
}

Statement make(StatementKind kind, std::string subject, std::vector<std::string> items,
               const std::string& sentence) {
  Statement s;
  s.kind = kind;
  s.subject = std::move(subject);
  s.items = std::move(items);
  s.sentence = sentence;
  return s;
}

// Splits a field list; "..., a priority, one of low, medium or high" makes the values after
// "one of" the parenthesised enum of the item before it: "a priority (low, medium, high)".
std::vector<std::string> split_field_list(const std::string& list) {
  static const std::regex kOneOfTail(
      R"(^(.*?)(?:,)?(?: which is| that is| being)?:? (?:one of|either) (.+)$)");
  std::smatch m;
  if (list.find('(') == std::string::npos && std::regex_match(list, m, kOneOfTail)) {
    std::vector<std::string> items = split_list(m[1].str());
    if (!items.empty()) {
      std::string values;
      for (const std::string& v : split_list(m[2].str())) {
        values += (values.empty() ? "" : ", ") + v;
      }
      items.back() += " (" + values + ")";
      return items;
    }
  }
  return split_list(list);
}

}  // namespace

std::string strip_articles(const std::string& phrase) {
  static const std::set<std::string> kArticles{"a",   "an",  "the",   "each", "every",
                                               "all", "its", "their", "some", "any",
                                               "his", "her", "one",   "our",  "your"};
  std::vector<std::string> words = split_words(phrase);
  std::size_t i = 0;
  while (i < words.size() && kArticles.count(words[i]) != 0) ++i;
  std::string out;
  for (; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

Match match_sentence(const std::string& sentence) {
  Match match;
  std::string text = normalise(sentence);
  while (!text.empty() && (text.back() == '.' || text.back() == ':')) text.pop_back();

  std::smatch m;
  if (std::regex_search(text, m, kBackend)) {
    match.backend = canonical_backend(m[1].str());
    text = normalise(m.prefix().str() + " " + m.suffix().str());
    if (only_filler(text)) {
      match.used = true;
      return match;
    }
    // "An online shop on PostgreSQL": the words left name the system.
    const std::string rest = without_filler(text);
    if (split_words(rest).size() <= 3 && !std::regex_search(text, kVerb)) {
      match.statement = make(StatementKind::system_name, rest, {}, sentence);
      match.used = true;
      return match;
    }
  }

  if (std::regex_match(text, m, kSystemCalled) || std::regex_match(text, m, kSystemKind)) {
    match.statement = make(StatementKind::system_name, m[1].str(), {}, sentence);
  } else if (std::regex_match(text, m, kHasMany)) {
    match.statement = make(StatementKind::has_many, m[1].str(), split_list(m[2].str()), sentence);
  } else if (std::regex_match(text, m, kBelongsTo)) {
    match.statement = make(StatementKind::belongs_to, m[1].str(), split_list(m[2].str()), sentence);
  } else if (short_subject(text, kHas, m) || std::regex_match(text, m, kColon)) {
    match.statement = make(StatementKind::has, m[1].str(), split_field_list(m[2].str()), sentence);
  } else if (std::regex_match(text, m, kOneOf)) {
    match.statement = make(StatementKind::one_of, m[1].str(), split_list(m[2].str()), sentence);
  } else if (std::regex_match(text, m, kModifier)) {
    match.statement = make(StatementKind::modifier, m[1].str(), {}, sentence);
    const std::string w = m[2].str();
    match.statement->word = (w == "unique" || w == "distinct")      ? "unique"
                            : (w == "required" || w == "mandatory") ? "required"
                                                                    : "optional";
  }
  match.used = match.statement.has_value();
  return match;
}

}  // namespace v5gen::words
