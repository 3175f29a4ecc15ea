// From a link-grammar linkage to clauses. The parse decides which words are verbs, which noun is
// each verb's subject and where coordinated verbs split; the words each verb governs are taken
// as a span up to the next clause, so lists and parentheses keep their text.
#include "words/clauses.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "words/lexicon.hpp"
#include "words/link_parser.hpp"
#include "words/sentences.hpp"

namespace v5gen::words {

namespace {

struct Token {
  std::string text;        // as LG sees it
  std::string attachment;  // a parenthesised group that followed it, with the parentheses
  std::string shown;       // the words it stands for, when not `text` ("created at time")
};

// "created at time", "renews on date": a field name that link-grammar would read as a verb
// and a preposition becomes one noun token ("time", "date") that shows the three words.
void merge_time_names(std::vector<Token>& tokens) {
  static const std::set<std::string> kSkip{"a", "an", "the", ",", "and", "or", ":", ";"};
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    const std::string& at = tokens[i + 1].text;
    const std::string& kind = tokens[i + 2].text;
    if (kSkip.count(tokens[i].text) != 0 || !tokens[i].attachment.empty() ||
        !tokens[i + 1].attachment.empty() || (at != "at" && at != "on") ||
        (kind != "time" && kind != "timestamp" && kind != "datetime" && kind != "date")) {
      continue;
    }
    Token merged{kind == "date" ? "date" : "time", tokens[i + 2].attachment,
                 tokens[i].text + " " + at + " " + kind};
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                 tokens.begin() + static_cast<std::ptrdiff_t>(i) + 3);
    tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(i), merged);
  }
}

// Splits `sentence` into the tokens link-grammar will see: words, "'s", and , ; : . ! ? as
// tokens of their own; "(...)" groups are attached to the token before them, not parsed.
std::vector<Token> tokenise(const std::string& sentence) {
  std::vector<Token> out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (word.size() > 2 && word.compare(word.size() - 2, 2, "'s") == 0) {
      out.push_back({word.substr(0, word.size() - 2), "", ""});
      out.push_back({"'s", "", ""});
    } else {
      out.push_back({word, "", ""});
    }
    word.clear();
  };
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    const char c = sentence[i];
    if (c == '(') {
      flush();
      int depth = 0;
      std::size_t j = i;
      for (; j < sentence.size(); ++j) {
        depth += sentence[j] == '(' ? 1 : sentence[j] == ')' ? -1 : 0;
        if (depth == 0) break;
      }
      const std::string group = sentence.substr(i, j - i + 1);
      if (!out.empty()) out.back().attachment += (out.back().attachment.empty() ? "" : " ") + group;
      i = j;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      flush();
    } else if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
               (c == '.' && (i + 1 == sentence.size() ||
                             std::isspace(static_cast<unsigned char>(sentence[i + 1]))))) {
      flush();
      out.push_back({std::string(1, c), "", ""});
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  flush();
  merge_time_names(out);
  return out;
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.compare(0, std::char_traits<char>::length(prefix), prefix) == 0;
}

// Links from an auxiliary to the verb it carries: I (modal), Pv (passive), PP (perfect),
// Pg (progressive), TO ("need to keep").
bool auxiliary_link(const std::string& label) {
  const bool infinitive =
      label[0] == 'I' && (label.size() == 1 || !std::isupper(static_cast<unsigned char>(label[1])));
  return infinitive || starts_with(label, "Pv") || starts_with(label, "PP") ||
         starts_with(label, "Pg") || starts_with(label, "TO");
}

bool subject_link(const std::string& label) {
  return label.size() >= 1 && label[0] == 'S' && !starts_with(label, "SJ");
}

class Reader {
 public:
  Reader(const SentenceParse& parse, const std::vector<Token>& tokens)
      : parse_(parse), tokens_(tokens) {}

  // The token of LG word `w` (LG word 0 is the left wall).
  const Token& token(int w) const { return tokens_[static_cast<std::size_t>(w - 1)]; }
  int last_word() const { return static_cast<int>(tokens_.size()); }

  // The subject word of verb `v` (or -1), following "and" between verbs and auxiliaries.
  int subject_of(int v, Clause& clause, int depth = 0) const {
    if (depth > 4) return -1;
    for (const ParsedLink& l : parse_.links) {
      if (l.right == v && (subject_link(l.label) || starts_with(l.label, "PF"))) return l.left;
    }
    for (const ParsedLink& l : parse_.links) {
      if (starts_with(l.label, "VJ") && (l.left == v || l.right == v)) {
        const int conj = l.left == v ? l.right : l.left;
        for (const ParsedLink& s : parse_.links) {
          if (s.right == conj && subject_link(s.label)) return s.left;
        }
      }
    }
    for (const ParsedLink& l : parse_.links) {
      if (l.right != v) continue;
      if (auxiliary_link(l.label)) {
        if (starts_with(l.label, "Pv")) clause.passive = true;
        const std::string& aux = parse_.words[static_cast<std::size_t>(l.left)].text;
        if (aux == "can" || aux == "may" || aux == "might" || aux == "could") clause.modal = true;
        return subject_of(l.left, clause, depth + 1);
      }
    }
    return -1;
  }

  // True when verb `v` only carries another verb ("is" in "is led", "can" in "can have").
  bool auxiliary(int v) const {
    for (const ParsedLink& l : parse_.links) {
      if (l.left != v) continue;
      if (auxiliary_link(l.label)) {
        return true;
      }
    }
    return false;
  }

  // The noun heads a subject word stands for: itself, or the items of a conjunction.
  std::vector<int> heads(int w, int depth = 0) const {
    const std::string& tag = parse_.words[static_cast<std::size_t>(w)].tag;
    if (depth < 4 && (starts_with(tag, "j"))) {
      std::vector<int> out;
      for (const ParsedLink& l : parse_.links) {
        if (!starts_with(l.label, "SJ") || (l.left != w && l.right != w)) continue;
        for (int h : heads(l.left == w ? l.right : l.left, depth + 1)) out.push_back(h);
      }
      std::sort(out.begin(), out.end());
      return out;
    }
    return {w};
  }

  // The first word of the noun phrase headed by `h`: determiners, adjectives, noun modifiers
  // and possessives to its left.
  int phrase_start(int h, int depth = 0) const {
    int start = h;
    if (depth > 6) return start;
    for (const ParsedLink& l : parse_.links) {
      if (l.right != h || l.left <= 0) continue;
      if (starts_with(l.label, "D") || starts_with(l.label, "A") || starts_with(l.label, "GN") ||
          starts_with(l.label, "NM") || starts_with(l.label, "YS") || starts_with(l.label, "L") ||
          starts_with(l.label, "E")) {
        start = std::min(start, phrase_start(l.left, depth + 1));
      }
    }
    return start;
  }

  std::string span(int from, int to) const {  // words [from, to], attachments kept
    std::string out;
    for (int w = std::max(from, 1); w <= to && w <= last_word(); ++w) {
      const Token& t = token(w);
      if (t.text == "'s") {
        out += "'s";
      } else if (t.text == "," || t.text == ":" || t.text == ";") {
        out += t.text;
      } else {
        out += (out.empty() ? "" : " ") + (t.shown.empty() ? t.text : t.shown);
      }
      if (!t.attachment.empty()) out += " " + t.attachment;
    }
    return out;
  }

 private:
  const SentenceParse& parse_;
  const std::vector<Token>& tokens_;
};

std::string verb_lemma(const std::string& word) {
  static const std::set<std::string> kHave{"has", "have", "had", "having"};
  if (kHave.count(word) != 0) return "have";
  if (word == "is" || word == "are" || word == "was" || word == "were" || word == "be" ||
      word == "been") {
    return "be";
  }
  return verb_base(word);
}

// Trims separators a clause boundary leaves behind ("..., and", "... while").
std::string trim_tail(std::string text) {
  static const std::set<std::string> kTail{"and", "but", "while", "whereas", "where", "which",
                                           "so",  "then", "or",   "both",    "also"};
  for (;;) {
    while (!text.empty() && (text.back() == ',' || text.back() == ' ' || text.back() == ';' ||
                             text.back() == '.' || text.back() == ':')) {
      text.pop_back();
    }
    const auto space = text.rfind(' ');
    const std::string last = space == std::string::npos ? text : text.substr(space + 1);
    if (kTail.count(last) == 0) return text;
    text = space == std::string::npos ? std::string() : text.substr(0, space);
  }
}

// True when verb `v` ends the sentence and is a word that names a field far more often than an
// action ("a premium and a start date."): link-grammar's verb reading is then not a clause.
bool trailing_noun(const SentenceParse& parse, int v, int last_word) {
  static const std::set<std::string> kFieldNouns{
      "date",  "count", "time",   "number", "name",  "price",  "total", "rate",  "score",
      "level", "type",  "status", "code",   "title", "phone",  "stock", "order", "size",
      "weight", "record", "length", "email", "address", "amount", "cost", "fee", "rating",
      "flag",  "note",  "mileage", "purpose"};
  for (int w = v + 1; w <= last_word; ++w) {
    const std::string& t = parse.words[static_cast<std::size_t>(w)].text;
    if (t != "." && t != "!" && t != "?") return false;
  }
  return kFieldNouns.count(parse.words[static_cast<std::size_t>(v)].text) != 0;
}

struct Found {
  int verb;
  int start;  // the first word of the clause (its subject phrase, or the "and" before it)
  std::vector<int> subjects;
  Clause clause;
};

// The clauses of one linkage in word order; `score` is minus the number of verbs without a
// subject (a noun misread as a verb has none).
std::vector<Found> find_clauses(const Reader& reader, const SentenceParse& parse,
                                const std::vector<Token>& tokens, int& score) {
  std::vector<Found> found;
  for (int v = 1; v <= reader.last_word(); ++v) {
    const ParsedWord& w = parse.words[static_cast<std::size_t>(v)];
    if (!w.verb() || reader.auxiliary(v)) continue;
    Found f{v, v, {}, {}};
    const std::string& before = v > 1 ? parse.words[static_cast<std::size_t>(v - 1)].text : "";
    if (trailing_noun(parse, v, reader.last_word()) || before == "a" || before == "an" ||
        before == "the") {  // "... and a start date.", "a make, a model"
      --score;
      continue;
    }
    const int subject = reader.subject_of(v, f.clause);
    if (subject <= 0 || subject > reader.last_word()) {
      --score;
      continue;
    }
    f.subjects = reader.heads(subject);
    for (int h : f.subjects) f.start = std::min(f.start, reader.phrase_start(h));
    // A verb joined to an earlier one by "and" starts at that "and" (its subject is shared).
    if (f.start < v && !found.empty() && f.start <= found.back().verb) {
      f.start = v;
      for (int k = v - 1; k > found.back().verb; --k) {
        const std::string& t = tokens[static_cast<std::size_t>(k - 1)].text;
        if (t == "and" || t == "," || t == "but" || t == "or") {
          f.start = k;
          break;
        }
      }
    }
    f.clause.verb = verb_lemma(w.text);
    found.push_back(std::move(f));
  }
  return found;
}

}  // namespace

SentenceClauses read_clauses(const std::string& sentence) {
  SentenceClauses out;
  std::vector<Token> tokens = tokenise(sentence);
  if (tokens.empty()) return out;
  if (const std::string& last = tokens.back().text; last != "." && last != "!" && last != "?") {
    tokens.push_back({".", "", ""});  // link-grammar parses a sentence better with its full stop
  }
  std::string text;
  for (const Token& t : tokens) {
    text += (text.empty() || t.text == "'s" || t.text == "," || t.text == ":" || t.text == ";" ||
                     t.text == "." || t.text == "!" || t.text == "?"
                 ? ""
                 : " ") +
            t.text;
  }
  // Of the cheapest linkages, the first where fewest verbs have no subject ("labels" read as a
  // verb in "issues can have labels and ..." loses to "labels" read as a noun).
  const std::vector<SentenceParse> parses = parse_sentence(text, 8);
  std::vector<Found> found;
  std::size_t best = 0;
  int best_score = 0;
  for (std::size_t i = 0; i < parses.size(); ++i) {
    // The walls and one word per token; otherwise the words do not line up.
    if (parses[i].words.size() != tokens.size() + 2) continue;
    int score = 0;
    std::vector<Found> candidate = find_clauses(Reader(parses[i], tokens), parses[i], tokens, score);
    if (candidate.empty()) continue;
    if (found.empty() || score > best_score) {
      found = std::move(candidate);
      best_score = score;
      best = i;
    }
  }
  if (found.empty()) return out;
  const Reader reader(parses[best], tokens);
  out.parsed = true;
  out.lead = trim_tail(reader.span(1, found.front().start - 1));
  for (std::size_t k = 0; k < found.size(); ++k) {
    Found& f = found[k];
    const int end = k + 1 < found.size() ? found[k + 1].start - 1 : reader.last_word();
    int from = f.verb + 1;
    if (from <= end && (reader.token(from).text == "up" || reader.token(from).text == "out")) {
      f.clause.particle = reader.token(from).text;
      ++from;
    }
    f.clause.rest = trim_tail(reader.span(from, end));
    for (int h : f.subjects) {
      const int start = reader.phrase_start(h);
      f.clause.subjects.push_back(reader.span(start, h));
    }
    f.clause.text = trim_tail(reader.span(f.start, end));
    out.clauses.push_back(std::move(f.clause));
  }
  return out;
}

}  // namespace v5gen::words
