// The naming rules of docs/words.md ("Types"), checked in order; the first that fires decides.
#include "words/types.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "words/inflect.hpp"
#include "words/sentences.hpp"

namespace v5gen::words {

namespace {

using Words = std::vector<std::string>;

bool has_any(const Words& words, const std::set<std::string>& set) {
  for (const std::string& w : words) {
    if (set.count(w) != 0) return true;
  }
  return false;
}

bool last_in(const Words& words, const std::set<std::string>& set) {
  return !words.empty() && set.count(words.back()) != 0;
}

std::string join(const Words& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

DraftField typed(std::string name, std::string type, std::string reason) {
  DraftField f;
  f.name = std::move(name);
  f.type = std::move(type);
  f.reason = std::move(reason);
  return f;
}

DraftField bounded_string(std::string name, std::int64_t max_length, std::string reason) {
  DraftField f = typed(std::move(name), "string", std::move(reason));
  f.max_length = max_length;
  return f;
}

// A phrase reduced to the words that decide the type.
struct Phrase {
  Words words;        // the flag suffix and a trailing "at time" / "on date" type word removed
  bool flag = false;  // the phrase ended in "flag" or "indicator"
  std::string name;   // snake_case of `words`
  std::string first;  // the first word (`name` when there is none)
};

// "is active flag" -> {is active, flag}; "created at time" -> created_at; "listed on date" ->
// listed_on.
Phrase normalise_phrase(Words words) {
  Phrase p;
  if (words.size() >= 2 && (words.back() == "flag" || words.back() == "indicator")) {
    words.pop_back();
    p.flag = true;
  }
  if (words.size() >= 3 &&
      ((words[words.size() - 2] == "at" &&
        (words.back() == "time" || words.back() == "timestamp" || words.back() == "datetime")) ||
       (words[words.size() - 2] == "on" && words.back() == "date"))) {
    words.pop_back();
  }
  p.name = snake_case(join(words));
  p.first = words.empty() ? p.name : words.front();
  p.words = std::move(words);
  return p;
}

const std::set<std::string> kEmailWords = {"email", "e-mail", "mail"};
const std::set<std::string> kUrlWords = {"url", "website", "homepage", "link", "uri", "site"};
const std::set<std::string> kPhoneWords = {"phone", "mobile", "telephone", "fax", "cellphone"};
const std::set<std::string> kSecretWords = {"password", "passphrase", "secret", "token", "pin"};
const std::set<std::string> kBooleanPrefixes = {"is", "has", "can", "should"};
const std::set<std::string> kBooleanWords = {
    "done",      "active",    "enabled",   "completed", "archived", "verified", "deleted",
    "available", "visible",   "confirmed", "approved",  "featured", "locked",   "paid",
    "shipped",   "published", "public",    "private",   "read",     "finished", "cancelled",
    "canceled",  "default",   "primary",   "blocked"};
const std::set<std::string> kTimestampLastWords = {"at", "time", "timestamp", "datetime", "when"};
const std::set<std::string> kTimestampWords = {"timestamp", "datetime"};
const std::set<std::string> kDateLastWords = {"date", "day", "on", "birthday", "dob", "deadline"};
const std::set<std::string> kMoneyWords = {
    "price",   "amount",  "total",    "cost",   "fee",      "salary", "balance",
    "budget",  "revenue", "subtotal", "tax",    "wage",     "fare",   "deposit",
    "payment", "income",  "expense",  "refund", "discount", "rent",   "tip"};
const std::set<std::string> kCountWords = {
    "count",    "quantity", "qty",   "age",        "credits",       "mileage", "year",    "stock",
    "capacity", "seats",    "pages", "rank",       "duration",      "minutes", "seconds", "hours",
    "days",     "weeks",    "floor", "copies",     "attempts",      "retries", "points",  "votes",
    "views",    "likes",    "size",  "population", "priority_level"};
const std::set<std::string> kMeasurementWords = {
    "rating",    "score", "weight",   "height", "width",       "length",     "latitude",
    "longitude", "lat",   "lng",      "lon",    "temperature", "percentage", "percent",
    "ratio",     "rate",  "distance", "speed",  "area",        "volume",     "depth"};
const std::set<std::string> kTextLastWords = {
    "description", "notes",     "note",    "body",     "content", "bio",          "comment",
    "comments",    "text",      "summary", "details",  "message", "instructions", "review",
    "abstract",    "biography", "remarks", "feedback", "answer",  "question",     "address"};
const std::set<std::string> kJsonLastWords = {
    "metadata",    "settings", "attributes",    "payload", "data", "properties",
    "preferences", "config",   "configuration", "options", "tags"};
const std::set<std::string> kUuidLastWords = {"uuid", "guid"};
const std::set<std::string> kCodeLastWords = {
    "code",     "sku",       "isbn",     "slug",         "username", "handle",   "zip",
    "postcode", "reference", "ref",      "serial",       "plate",    "currency", "id",
    "iban",     "ip",        "initials", "abbreviation", "symbol",   "ticker",   "locale",
    "language", "country",   "color",    "colour",       "timezone", "number"};
const std::set<std::string> kMediaWords = {"photo", "image",    "picture",    "avatar",
                                           "logo",  "file",     "attachment", "document",
                                           "video", "thumbnail"};

DraftField patterned(const Phrase& p, std::int64_t max_length, std::string pattern,
                     std::string reason) {
  DraftField f = bounded_string(p.name, max_length, std::move(reason));
  f.pattern = std::move(pattern);
  return f;
}

DraftField secret_hash(const Phrase& p) {
  const std::string& name = p.name;
  const std::string hashed =
      name.size() > 5 && name.substr(name.size() - 5) == "_hash" ? name : name + "_hash";
  return typed(hashed, "bytes", "a secret: stored as a hash (bytes), never the secret itself");
}

DraftField boolean(const Phrase& p) {
  DraftField f = typed(p.name, "bool",
                       p.flag ? "\"flag\": a boolean, default false"
                              : "is/has/done words: a boolean, default false");
  f.default_value = "false";
  return f;
}

DraftField money(const Phrase& p) {
  const std::string& name = p.name;
  const bool cents = name.size() > 6 && name.substr(name.size() - 6) == "_cents";
  DraftField f = typed(cents ? name : name + "_cents", "int64",
                       "money: int64 cents, exact (\"" + name + "\" in cents)");
  if (!has_any(p.words, {"balance"})) f.min = 0;
  return f;
}

DraftField count(const Phrase& p) {
  DraftField f = typed(p.name, "int32", "count/quantity/number: int32 >= 0");
  f.min = 0;
  return f;
}

// One naming rule: when `fires`, `draft` decides the field.
struct TypeRule {
  bool (*fires)(const Phrase& p);
  DraftField (*draft)(const Phrase& p);
};

// The rules of docs/words.md ("Types"), in order; the first that fires decides.
const TypeRule kTypeRules[] = {
    {[](const Phrase& p) { return has_any(p.words, kEmailWords); },
     [](const Phrase& p) {
       return patterned(p, 254, "^[^@\\s]+@[^@\\s]+$", "email: a patterned string");
     }},
    {[](const Phrase& p) { return has_any(p.words, kUrlWords); },
     [](const Phrase& p) {
       return patterned(p, 2048, "^https?://\\S+$", "url: a patterned string (http or https)");
     }},
    {[](const Phrase& p) { return has_any(p.words, kPhoneWords); },
     [](const Phrase& p) {
       return patterned(p, 32, "^\\+?[0-9 ()./-]{3,31}$",
                        "phone: a patterned string of digits, +, spaces");
     }},
    {[](const Phrase& p) { return has_any(p.words, kSecretWords); }, secret_hash},
    {[](const Phrase& p) {
       return p.flag || kBooleanPrefixes.count(p.first) != 0 ||
              (p.words.size() == 1 && kBooleanWords.count(p.first) != 0);
     },
     boolean},
    {[](const Phrase& p) {
       return last_in(p.words, kTimestampLastWords) || has_any(p.words, kTimestampWords);
     },
     [](const Phrase& p) {
       return typed(p.name, "timestamp", "\"at\"/\"time\": a UTC timestamp");
     }},
    {[](const Phrase& p) { return last_in(p.words, kDateLastWords) || p.first == "date"; },
     [](const Phrase& p) { return typed(p.name, "date", "\"date\"/\"day\"/\"on\": a date"); }},
    {[](const Phrase& p) { return has_any(p.words, kMoneyWords); }, money},
    {[](const Phrase& p) { return has_any(p.words, kCountWords); }, count},
    {[](const Phrase& p) { return has_any(p.words, kMeasurementWords); },
     [](const Phrase& p) { return typed(p.name, "float64", "a measurement: float64"); }},
    {[](const Phrase& p) { return last_in(p.words, kTextLastWords); },
     [](const Phrase& p) { return typed(p.name, "text", "long free text: text"); }},
    {[](const Phrase& p) { return last_in(p.words, kJsonLastWords); },
     [](const Phrase& p) { return typed(p.name, "json", "structured data: json"); }},
    {[](const Phrase& p) { return last_in(p.words, kUuidLastWords); },
     [](const Phrase& p) { return typed(p.name, "uuid", "uuid: a uuid"); }},
    {[](const Phrase& p) { return last_in(p.words, kCodeLastWords); },
     [](const Phrase& p) {
       return bounded_string(p.name, 64, "a code or identifier: string of at most 64");
     }},
    {[](const Phrase& p) { return has_any(p.words, kMediaWords); },
     [](const Phrase& p) {
       return bounded_string(p.name, 2048, "media: stored by reference (a URL or path), string");
     }},
};

}  // namespace

DraftField infer_field(const std::string& phrase) {
  Words words = split_words(normalise(phrase));
  // "number of guests" -> "guest count"
  if (words.size() >= 3 && words[0] == "number" && words[1] == "of") {
    Words rest(words.begin() + 2, words.end());
    DraftField f = typed(snake_case(singular(snake_case(join(rest)))) + "_count", "int32",
                         "\"number of\": a count, int32 >= 0");
    f.min = 0;
    return f;
  }
  const Phrase p = normalise_phrase(std::move(words));
  for (const TypeRule& rule : kTypeRules) {
    if (rule.fires(p)) return rule.draft(p);
  }
  return bounded_string(p.name, 200, "no type word: a string of at most 200");
}

}  // namespace v5gen::words
