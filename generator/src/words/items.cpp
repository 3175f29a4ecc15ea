// List-item parsing: modifiers before the name, parentheses and "which is ..." after it.
#include "words/items.hpp"

#include <map>
#include <regex>
#include <set>

#include "words/inflect.hpp"
#include "words/patterns.hpp"
#include "words/sentences.hpp"

namespace v5gen::words {

namespace {

// Type words accepted in parentheses, mapped to spec type names.
const std::map<std::string, std::string> kTypeWords{
    {"text", "text"},           {"string", "string"},      {"int", "int32"},
    {"integer", "int32"},       {"int32", "int32"},        {"int64", "int64"},
    {"bigint", "int64"},        {"long", "int64"},         {"float", "float64"},
    {"double", "float64"},      {"float64", "float64"},    {"real", "float64"},
    {"decimal", "decimal"},     {"numeric", "decimal"},    {"date", "date"},
    {"timestamp", "timestamp"}, {"datetime", "timestamp"}, {"bool", "bool"},
    {"boolean", "bool"},        {"uuid", "uuid"},          {"json", "json"},
    {"bytes", "bytes"},         {"binary", "bytes"},       {"blob", "bytes"}};

// Applies a modifier word; false when `word` is not one.
bool apply_modifier(const std::string& word, Item& item) {
  if (word == "optional" || word == "nullable" || word == "possibly empty") {
    item.optional = true;
  } else if (word == "unique" || word == "distinct") {
    item.unique = true;
  } else if (word == "required" || word == "mandatory" || word == "not null") {
    item.required = true;
  } else {
    return false;
  }
  return true;
}

}  // namespace

Item parse_item(const std::string& raw) {
  Item item;
  std::string text = raw;

  static const std::regex kParens(R"(\(([^)]*)\))");
  std::smatch m;
  while (std::regex_search(text, m, kParens)) {
    std::string inner = normalise(m[1].str());
    for (const char* lead : {"one of ", "either ", "values ", "can be "}) {
      if (inner.rfind(lead, 0) == 0) inner = inner.substr(std::string(lead).size());
    }
    for (const std::string& token : split_list(inner)) {
      const std::string word = normalise(token);
      if (apply_modifier(word, item)) continue;
      if (auto t = kTypeWords.find(word); t != kTypeWords.end()) {
        item.explicit_type = t->second;
        continue;
      }
      const std::string value = snake_case(word);
      if (!value.empty()) item.values.push_back(value);
    }
    text = m.prefix().str() + " " + m.suffix().str();
  }

  static const std::regex kTrailing(
      R"(^(.*?)(?:,)? (?:which|that|who) (?:is|are|must be|should be|can be|may be) (unique|optional|required|mandatory|nullable)$)");
  while (std::regex_match(text, m, kTrailing)) {
    apply_modifier(m[2].str(), item);
    text = m[1].str();
  }

  static const std::set<std::string> kMany{"many",      "several",  "multiple",     "lots of",
                                           "a list of", "a set of", "any number of"};
  std::vector<std::string> words = split_words(strip_articles(normalise(text)));
  std::size_t i = 0;
  while (i < words.size()) {
    std::string two = i + 1 < words.size() ? words[i] + " " + words[i + 1] : "";
    std::string three = i + 2 < words.size() ? two + " " + words[i + 2] : "";
    if (apply_modifier(words[i], item)) {
      ++i;
    } else if (kMany.count(words[i]) != 0) {
      item.many = true;
      ++i;
    } else if (!two.empty() && kMany.count(two) != 0) {
      item.many = true;
      i += 2;
    } else if (!three.empty() && kMany.count(three) != 0) {
      item.many = true;
      i += 3;
    } else if (words[i] == "a" || words[i] == "an" || words[i] == "the" || words[i] == "to" ||
               words[i] == "by" || words[i] == "with") {
      ++i;
    } else {
      break;
    }
  }
  for (; i < words.size(); ++i) {
    if (!item.phrase.empty()) item.phrase += ' ';
    item.phrase += words[i];
  }
  return item;
}

}  // namespace v5gen::words
