// The WordNet wrapper: wninit() once, every call under one mutex (the library keeps state),
// every answer remembered (a draft asks about the same few nouns hundreds of times).
#include "words/lexicon.hpp"

#include <map>
#include <mutex>
#include <set>
#include <vector>

#include <wn.h>

#include "words/inflect.hpp"

namespace v5gen::words {

namespace {

std::mutex& wordnet_mutex() {
  static std::mutex m;
  return m;
}

// True when WordNet opened its files (checked once, under the mutex).
bool wordnet_ready() {
  static const bool ready = wninit() == 0;
  return ready;
}

}  // namespace

namespace {

// `noun_lemma` without the memo; called under the mutex.
std::string lookup_noun_lemma(const std::string& noun) {
  const std::string rule = singular(noun);
  if (wordnet_ready() && noun.find('_') == std::string::npos) {
    std::vector<char> buffer(noun.begin(), noun.end());
    buffer.push_back('\0');
    if (const char* base = morphstr(buffer.data(), NOUN); base != nullptr) return base;
    if (in_wn(buffer.data(), NOUN) != 0 && rule == noun) return noun;
  }
  return rule;
}

}  // namespace

std::string noun_lemma(const std::string& noun) {
  static const std::set<std::string> kKept{"data", "media", "news", "series", "species",
                                           "status", "address", "business", "class", "bus"};
  if (noun.empty() || kKept.count(noun) != 0) return noun;
  static std::map<std::string, std::string> memo;
  std::lock_guard<std::mutex> lock(wordnet_mutex());
  auto it = memo.find(noun);
  if (it == memo.end()) it = memo.emplace(noun, lookup_noun_lemma(noun)).first;
  return it->second;
}

namespace {

// The lexicographer file (lexnames(5WN)) of the first noun sense of `noun`, or -1.
int noun_lexfile(const std::string& noun) {
  static std::map<std::string, int> memo;
  std::lock_guard<std::mutex> lock(wordnet_mutex());
  if (!wordnet_ready() || noun.empty()) return -1;
  if (const auto it = memo.find(noun); it != memo.end()) return it->second;
  std::vector<char> buffer(noun.begin(), noun.end());
  buffer.push_back('\0');
  int lexfile = -1;
  if (SynsetPtr synset = findtheinfo_ds(buffer.data(), NOUN, HYPERPTR, 1); synset != nullptr) {
    lexfile = synset->fnum;
    free_syns(synset);
  }
  memo.emplace(noun, lexfile);
  return lexfile;
}

}  // namespace

bool names_property(const std::string& noun) {
  // attribute, cognition, communication, feeling, motive, quantity, relation, shape, state, time
  static const std::set<int> kProperty{7, 9, 10, 12, 16, 23, 24, 25, 26, 28};
  return kProperty.count(noun_lexfile(noun)) != 0;
}

bool names_event(const std::string& noun) {
  const int lexfile = noun_lexfile(noun);
  return lexfile == 4 || lexfile == 11;  // noun.act, noun.event
}

std::string verb_base(const std::string& verb) {
  static std::map<std::string, std::string> memo;
  std::lock_guard<std::mutex> lock(wordnet_mutex());
  if (!wordnet_ready() || verb.empty()) return verb;
  if (const auto it = memo.find(verb); it != memo.end()) return it->second;
  std::vector<char> buffer(verb.begin(), verb.end());
  buffer.push_back('\0');
  const char* base = morphstr(buffer.data(), VERB);
  return memo.emplace(verb, base != nullptr ? std::string(base) : verb).first->second;
}

}  // namespace v5gen::words
