// The link-grammar wrapper: one dictionary per process (never freed), deterministic options, no
// output.
#include "words/link_parser.hpp"

#include <cctype>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <link-grammar/link-includes.h>

namespace v5gen::words {

namespace {

void silence(lg_errinfo*, void*) {}

class Parser {
 public:
  Parser() {
    lg_error_set_handler(silence, nullptr);
    dictionary_ = dictionary_create_lang("en");
    if (dictionary_ == nullptr) {
      throw std::runtime_error("link-grammar: cannot load the English dictionary "
                               "(install link-grammar-dictionaries-en)");
    }
    options_ = parse_options_create();
    parse_options_set_verbosity(options_, 0);
    parse_options_set_linkage_limit(options_, 64);
    parse_options_set_repeatable_rand(options_, true);
    parse_options_set_spell_guess(options_, 0);
    parse_options_set_max_parse_time(options_, 3600);
    parse_options_set_islands_ok(options_, false);
    parse_options_set_display_morphology(options_, 0);
  }
  ~Parser() = delete;  // lives until the process ends (see parser())
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  std::vector<SentenceParse> parse(const std::string& text, int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<SentenceParse> out;
    Sentence sentence = sentence_create(text.c_str(), dictionary_);
    if (sentence == nullptr) return out;
    parse_options_set_min_null_count(options_, 0);
    parse_options_set_max_null_count(options_, 0);
    int found = sentence_split(sentence, options_) == 0 ? sentence_parse(sentence, options_) : 0;
    if (found <= 0) {
      parse_options_set_min_null_count(options_, 1);
      parse_options_set_max_null_count(options_, sentence_length(sentence));
      found = sentence_parse(sentence, options_);
    }
    for (int i = 0; i < found && i < count; ++i) {
      Linkage linkage = linkage_create(i, sentence, options_);
      if (linkage == nullptr) continue;
      SentenceParse parse;
      parse.ok = true;
      for (int w = 0; w < static_cast<int>(linkage_get_num_words(linkage)); ++w) {
        parse.words.push_back(split_word(linkage_get_word(linkage, w)));
      }
      for (int k = 0; k < static_cast<int>(linkage_get_num_links(linkage)); ++k) {
        parse.links.push_back({linkage_get_link_label(linkage, k),
                               static_cast<int>(linkage_get_link_lword(linkage, k)),
                               static_cast<int>(linkage_get_link_rword(linkage, k))});
      }
      linkage_delete(linkage);
      out.push_back(std::move(parse));
    }
    sentence_delete(sentence);
    return out;
  }

 private:
  // "books.n" -> {"books", "n"}; "[A]" (a skipped word) -> {"a", ""}; "MySQL[!...]" -> mysql.
  static ParsedWord split_word(const char* raw) {
    std::string s(raw);
    if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    if (auto bracket = s.find('['); bracket != std::string::npos && bracket > 0) {
      s = s.substr(0, bracket);
    }
    ParsedWord w;
    const auto dot = s.rfind('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < s.size() &&
        std::isalpha(static_cast<unsigned char>(s[dot + 1]))) {
      w.tag = s.substr(dot + 1);
      s = s.substr(0, dot);
    }
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    w.text = s;
    return w;
  }

  std::mutex mutex_;
  Dictionary dictionary_ = nullptr;
  Parse_Options options_ = nullptr;
};

// Never destroyed: freeing the dictionary at exit would cost about 5 % of a draft's CPU.
Parser& parser() {
  static Parser* const instance = new Parser();
  return *instance;
}

}  // namespace

bool ParsedWord::noun() const {
  return tag == "n" || tag == "s" || tag == "p" || tag == "n-u" || tag == "ti" || tag == "id" ||
         tag == "t";
}

bool ParsedWord::verb() const {
  return (!tag.empty() && tag[0] == 'v') || tag == "w" || tag == "q";
}

std::vector<ParsedLink> SentenceParse::links_at(int word, const std::string& prefix) const {
  std::vector<ParsedLink> out;
  for (const ParsedLink& l : links) {
    if ((l.left == word || l.right == word) && l.label.compare(0, prefix.size(), prefix) == 0) {
      out.push_back(l);
    }
  }
  return out;
}

std::vector<SentenceParse> parse_sentence(const std::string& sentence, int count) {
  return parser().parse(sentence, count);
}

}  // namespace v5gen::words
