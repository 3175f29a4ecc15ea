// Clauses to statements. Verbs of having and belonging become the sentence patterns' own
// statements (the clause is rewritten as "X has ...", "X belongs to ..." and matched); other
// verbs become relations; pronoun subjects ("we", "there") declare entities or name the system.
#include "words/reading.hpp"

#include <regex>
#include <set>

#include "words/clauses.hpp"
#include "words/sentences.hpp"

namespace v5gen::words {

namespace {

const std::set<std::string> kPronouns{"we",   "i",    "you",   "they", "there",    "it",
                                      "this", "that", "which", "who",  "us",       "everyone",
                                      "all",  "everything", "data", "nothing", "something"};
const std::regex kManyWith(
    R"(^(?:many|several|multiple|lots of|a list of|any number of) ([a-z][a-z ]*[a-z]) with (.+)$)");
const std::set<std::string> kHaveVerbs{"have", "contain", "include", "consist", "comprise"};
const std::set<std::string> kDeclareVerbs{"have", "be",    "need",   "track", "keep",  "manage",
                                          "want", "store", "record", "run",   "cover", "handle",
                                          "hold", "list",  "serve",  "offer", "log",   "deal"};
const std::set<std::string> kPrepositions{"to",     "in",    "for",     "on",     "from",
                                          "with",   "at",    "through", "via",    "into",
                                          "against", "by",   "about",   "between", "under",
                                          "within", "during", "onto",   "over",   "across"};

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < words.size(); ++i) {
    out += (out.empty() ? "" : " ") + words[i];
  }
  return out;
}

Statement statement(StatementKind kind, const std::string& subject, const std::string& sentence) {
  Statement s;
  s.kind = kind;
  s.subject = subject;
  s.sentence = sentence;
  return s;
}

// "track of donors, campaigns and donations for a charity" -> the plural nouns listed, each cut
// at its first preposition ("donations").
std::vector<std::string> declared_items(const std::string& rest) {
  std::vector<std::string> words = split_words(rest);
  std::size_t from = 0;
  if (words.size() > 2 && words[1] == "of") from = 2;  // "track of", "list of", "care of"
  std::vector<std::string> items;
  for (const std::string& raw : split_list(join(words, from, words.size()))) {
    const std::vector<std::string> w = split_words(raw);
    std::size_t end = 0;
    while (end < w.size() && kPrepositions.count(w[end]) == 0 && w[end] != "of") ++end;
    if (end > 0) items.push_back(join(w, 0, end));
  }
  return items;
}

// Splits a relation's words into the object phrase and the first prepositional phrase.
void split_object(const std::string& rest, Statement& s) {
  const std::vector<std::string> words = split_words(rest);
  std::size_t p = 0;
  while (p < words.size() && kPrepositions.count(words[p]) == 0) ++p;
  s.items = split_list(join(words, 0, p));
  if (p < words.size()) {
    s.preposition = words[p];
    std::size_t q = p + 1;
    while (q < words.size() && kPrepositions.count(words[q]) == 0) ++q;
    s.preposition_items = split_list(join(words, p + 1, q));
  }
}

// The noun phrases after every preposition of a passive clause ("by a donor to a campaign").
std::vector<std::string> passive_agents(const std::string& rest) {
  const std::vector<std::string> words = split_words(rest);
  std::vector<std::string> items;
  std::size_t p = 0;
  while (p < words.size()) {
    while (p < words.size() && kPrepositions.count(words[p]) == 0) ++p;
    std::size_t q = p + 1;
    while (q < words.size() && kPrepositions.count(words[q]) == 0) ++q;
    if (p < words.size()) {
      for (const std::string& item : split_list(join(words, p + 1, q))) items.push_back(item);
    }
    p = q;
  }
  return items;
}

// "subscriptions to plans": one plural noun, a preposition, a noun phrase (not "a duration in
// minutes", not a list of fields).
bool has_relation(const std::string& rest) {
  const std::vector<std::string> w = split_words(rest);
  if (w.size() < 3 || rest.find(',') != std::string::npos || rest.find(" and ") != std::string::npos) {
    return false;
  }
  static const std::set<std::string> kLinking{"to", "for", "on", "with"};
  return kLinking.count(w[1]) != 0 && w[0].size() > 3 && w[0].back() == 's' &&
         w[0] != "minutes" && w[0] != "hours" && w[0] != "seconds";
}

// "belong to a user and have a title" when the parser missed the second verb: the clause is
// split at "and has", "and have", "and belongs", ... into clauses with the same subjects.
void split_continuations(const Clause& clause, std::vector<Clause>& out) {
  static const std::set<std::string> kContinuing{"has",    "have",    "belongs", "belong",
                                                 "contains", "contain", "includes", "include"};
  const std::vector<std::string> words = split_words(clause.rest);
  for (std::size_t i = 1; i + 1 < words.size(); ++i) {
    if ((words[i] == "and" || words[i] == ",") && kContinuing.count(words[i + 1]) != 0) {
      Clause first = clause;
      first.rest = join(words, 0, i);
      out.push_back(first);
      Clause second = clause;
      second.verb = words[i + 1].rfind("belong", 0) == 0  ? "belong"
                    : words[i + 1].rfind("contain", 0) == 0 ? "contain"
                    : words[i + 1].rfind("include", 0) == 0 ? "include"
                                                            : "have";
      second.modal = false;
      second.passive = false;
      second.rest = join(words, i + 2, words.size());
      split_continuations(second, out);
      return;
    }
  }
  out.push_back(clause);
}

bool plural_list(const std::vector<std::string>& items) {
  if (items.empty()) return false;
  for (const std::string& item : items) {
    const std::vector<std::string> w = split_words(item);
    if (w.empty() || w.front() == "a" || w.front() == "an" || w.front() == "the") return false;
  }
  return true;
}

}  // namespace

SentenceReading read_sentence(const std::string& sentence) {
  SentenceReading out;
  const Match fallback = match_sentence(sentence);
  out.backend = fallback.backend;
  // "The system is called x", "Product status is one of a, b or c", "Emails are unique": the
  // patterns say exactly what these mean.
  // "An order has a status, one of new, paid, shipped or cancelled": the values are no clauses.
  const std::string lower = normalise(sentence);
  const bool values = lower.find(" one of ") != std::string::npos ||
                      lower.find(" either ") != std::string::npos;
  if (fallback.statement && (fallback.statement->kind == StatementKind::system_name ||
                             fallback.statement->kind == StatementKind::one_of ||
                             fallback.statement->kind == StatementKind::modifier ||
                             (values && fallback.statement->kind == StatementKind::has))) {
    out.statements.push_back(*fallback.statement);
    out.used = true;
    return out;
  }
  // "A todo app on MySQL: users own projects": the words before a colon name the system.
  std::string head;
  std::string body = sentence;
  if (const auto colon = sentence.find(':');
      colon != std::string::npos && sentence.find('(') > colon &&
      split_words(sentence.substr(0, colon)).size() <= 6) {
    head = sentence.substr(0, colon);
    body = sentence.substr(colon + 1);
  }
  SentenceClauses parsed = read_clauses(body);
  if (!head.empty()) {
    // "Riders take rides: a ride has ...": a head with clauses of its own is read, not named.
    SentenceClauses first = read_clauses(head);
    if (first.parsed) {
      first.clauses.insert(first.clauses.end(), parsed.clauses.begin(), parsed.clauses.end());
      first.parsed = first.parsed || parsed.parsed;
      parsed = std::move(first);
    } else {
      parsed.lead = head + (parsed.lead.empty() ? "" : " " + parsed.lead);
    }
  }
  std::string previous_object;
  if (parsed.parsed) {
    const std::string lead = normalise(parsed.lead);
    if (!lead.empty()) out.system = lead;
    std::vector<Clause> clauses;
    for (const Clause& c : parsed.clauses) split_continuations(c, clauses);
    for (const Clause& c : clauses) {
      const std::string rest = normalise(c.rest);
      for (const std::string& raw_subject : c.subjects) {
        const std::string subject = normalise(raw_subject);
        const bool pronoun = kPronouns.count(subject) != 0;
        const std::size_t before = out.statements.size();
        if (pronoun) {
          if (kDeclareVerbs.count(c.verb) == 0 || c.passive) continue;
          const std::vector<std::string> items = declared_items(rest);
          if (plural_list(items)) {
            Statement s = statement(StatementKind::has, "system", sentence);
            s.items = items;
            out.statements.push_back(s);
          } else if (!rest.empty() && (c.verb == "run" || c.verb == "need" || c.verb == "have")) {
            out.system = rest;
          }
        } else if (c.passive) {
          Statement s = statement(StatementKind::belongs_to, subject, sentence);
          s.items = passive_agents(rest);
          s.modal = c.modal;
          s.verb = c.verb;
          if (c.modal) {
            s.kind = StatementKind::relation;
            split_object(rest, s);
            s.preposition_items = s.items.empty() ? s.preposition_items : s.items;
            s.items.clear();
          }
          out.statements.push_back(s);
        } else if (std::smatch m; kHaveVerbs.count(c.verb) != 0 &&
                                  std::regex_match(rest, m, kManyWith)) {
          // "each parcel has many tracking events with a location and a scanned at time"
          for (const std::string& text : {subject + " has many " + m[1].str(),
                                          m[1].str() + " have " + m[2].str()}) {
            Match part = match_sentence(text);
            if (!part.statement) continue;
            part.statement->sentence = sentence;
            out.statements.push_back(*part.statement);
          }
        } else if (kHaveVerbs.count(c.verb) != 0 && has_relation(rest)) {
          // "accounts have subscriptions to plans": subscription.account_id and .plan_id
          Statement s = statement(StatementKind::relation, subject, sentence);
          s.verb = c.verb;
          split_object(rest, s);
          out.statements.push_back(s);
        } else if (kHaveVerbs.count(c.verb) != 0 || c.verb == "belong" ||
                   (c.verb == "be" && !rest.empty())) {
          const std::vector<std::string> w = split_words(rest);
          std::string text;
          if (c.verb == "belong") {
            text = subject + " belongs " + rest;
          } else if (c.verb == "be" && !w.empty() &&
                     (w[0] == "for" || w[0] == "in" || w[0] == "at" || w[0] == "from" ||
                      w[0] == "with")) {
            text = subject + " belongs to " + join(w, 1, w.size());
          } else if (c.verb == "be") {
            text = subject + " is " + rest;
          } else {
            text = subject + " has " + rest;
          }
          Match m = match_sentence(text);
          if (m.statement) {
            m.statement->sentence = sentence;
            m.statement->modal = c.modal;
            out.statements.push_back(*m.statement);
          }
        } else if (kDeclareVerbs.count(c.verb) != 0 && plural_list(split_list(rest)) &&
                   rest.find(" with ") == std::string::npos && split_words(subject).size() == 2 &&
                   (subject.rfind("a ", 0) == 0 || subject.rfind("an ", 0) == 0 ||
                    subject.rfind("the ", 0) == 0 || subject.rfind("our ", 0) == 0)) {
          // "A clinic tracks patients, doctors and appointments": a container, as "has"
          Statement s = statement(StatementKind::has, subject, sentence);
          s.items = split_list(rest);
          out.statements.push_back(s);
        } else if (c.verb != "be") {
          Statement s = statement(StatementKind::relation, subject, sentence);
          s.verb = c.particle.empty() ? c.verb : c.verb + " " + c.particle;
          s.modal = c.modal;
          split_object(rest, s);
          const std::string last_object = previous_object;
          previous_object.clear();
          if (s.items.size() == 1 && (s.items[0] == "them" || s.items[0] == "it")) {
            s.items = split_list(last_object);
          }
          for (const std::string& item : s.items) {
            previous_object += (previous_object.empty() ? "" : ", ") + item;
          }
          if (!s.items.empty() && s.items[0] == "part" && !s.preposition_items.empty()) {
            s.verb = "take part";
            s.items.clear();
          }
          out.statements.push_back(s);
        }
        if (out.statements.size() == before && !pronoun) {
          out.unused.push_back(c.text);
        }
      }
    }
  }
  if (out.statements.empty() && fallback.statement) {
    out.statements.push_back(*fallback.statement);
    out.unused.clear();
  }
  out.used = !out.statements.empty() || fallback.used || !out.system.empty() ||
             !out.unused.empty();
  return out;
}

}  // namespace v5gen::words
