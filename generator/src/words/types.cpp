// The naming rules of docs/words.md ("Types"), checked in order; the first that fires decides.
#include "words/types.hpp"

#include <set>

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
  bool flag = false;
  if (words.size() >= 2 && (words.back() == "flag" || words.back() == "indicator")) {
    words.pop_back();
    flag = true;
  }
  // "created at time", "placed at timestamp", "listed on date" -> created_at, placed_at, listed_on
  if (words.size() >= 3 &&
      ((words[words.size() - 2] == "at" &&
        (words.back() == "time" || words.back() == "timestamp" || words.back() == "datetime")) ||
       (words[words.size() - 2] == "on" && words.back() == "date"))) {
    words.pop_back();
  }
  const std::string name = snake_case(join(words));
  const std::string& first = words.empty() ? name : words.front();

  if (has_any(words, {"email", "e-mail", "mail"})) {
    DraftField f = bounded_string(name, 254, "email: a patterned string");
    f.pattern = "^[^@\\s]+@[^@\\s]+$";
    return f;
  }
  if (has_any(words, {"url", "website", "homepage", "link", "uri", "site"})) {
    DraftField f = bounded_string(name, 2048, "url: a patterned string (http or https)");
    f.pattern = "^https?://\\S+$";
    return f;
  }
  if (has_any(words, {"phone", "mobile", "telephone", "fax", "cellphone"})) {
    DraftField f = bounded_string(name, 32, "phone: a patterned string of digits, +, spaces");
    f.pattern = "^\\+?[0-9 ()./-]{3,31}$";
    return f;
  }
  if (has_any(words, {"password", "passphrase", "secret", "token", "pin"})) {
    const std::string hashed =
        name.size() > 5 && name.substr(name.size() - 5) == "_hash" ? name : name + "_hash";
    return typed(hashed, "bytes", "a secret: stored as a hash (bytes), never the secret itself");
  }
  if (flag || first == "is" || first == "has" || first == "can" || first == "should" ||
      (words.size() == 1 &&
       std::set<std::string>{"done",      "active",   "enabled",   "completed", "archived",
                             "verified",  "deleted",  "available", "visible",   "confirmed",
                             "approved",  "featured", "locked",    "paid",      "shipped",
                             "published", "public",   "private",   "read",      "finished",
                             "cancelled", "canceled", "default",   "primary",   "blocked"}
               .count(first) != 0)) {
    DraftField f = typed(name, "bool",
                         flag ? "\"flag\": a boolean, default false"
                              : "is/has/done words: a boolean, default false");
    f.default_value = "false";
    return f;
  }
  if (last_in(words, {"at", "time", "timestamp", "datetime", "when"}) ||
      has_any(words, {"timestamp", "datetime"})) {
    return typed(name, "timestamp", "\"at\"/\"time\": a UTC timestamp");
  }
  if (last_in(words, {"date", "day", "on", "birthday", "dob", "deadline"}) || first == "date") {
    return typed(name, "date", "\"date\"/\"day\"/\"on\": a date");
  }
  if (has_any(words, {"price",   "amount",  "total",    "cost",   "fee",      "salary", "balance",
                      "budget",  "revenue", "subtotal", "tax",    "wage",     "fare",   "deposit",
                      "payment", "income",  "expense",  "refund", "discount", "rent",   "tip"})) {
    const bool cents = name.size() > 6 && name.substr(name.size() - 6) == "_cents";
    DraftField f = typed(cents ? name : name + "_cents", "int64",
                         "money: int64 cents, exact (\"" + name + "\" in cents)");
    if (!has_any(words, {"balance"})) f.min = 0;
    return f;
  }
  if (has_any(words, {"count",    "quantity", "qty",      "age",        "credits",       "mileage",
                      "year",     "stock",    "capacity", "seats",      "pages",         "rank",
                      "duration", "minutes",  "seconds",  "hours",      "days",          "weeks",
                      "floor",    "copies",   "attempts", "retries",    "points",        "votes",
                      "views",    "likes",    "size",     "population", "priority_level"})) {
    DraftField f = typed(name, "int32", "count/quantity/number: int32 >= 0");
    f.min = 0;
    return f;
  }
  if (has_any(words,
              {"rating",    "score", "weight",   "height", "width",       "length",     "latitude",
               "longitude", "lat",   "lng",      "lon",    "temperature", "percentage", "percent",
               "ratio",     "rate",  "distance", "speed",  "area",        "volume",     "depth"})) {
    return typed(name, "float64", "a measurement: float64");
  }
  if (last_in(words, {"description",  "notes",    "note",     "body",      "content", "bio",
                      "comment",      "comments", "text",     "summary",   "details", "message",
                      "instructions", "review",   "abstract", "biography", "remarks", "feedback",
                      "answer",       "question", "address"})) {
    return typed(name, "text", "long free text: text");
  }
  if (last_in(words, {"metadata", "settings", "attributes", "payload", "data", "properties",
                      "preferences", "config", "configuration", "options", "tags"})) {
    return typed(name, "json", "structured data: json");
  }
  if (last_in(words, {"uuid", "guid"})) {
    return typed(name, "uuid", "uuid: a uuid");
  }
  if (last_in(words, {"code",     "sku",      "isbn",      "slug",     "username", "handle",
                      "zip",      "postcode", "reference", "ref",      "serial",   "plate",
                      "currency", "id",       "iban",      "ip",       "initials", "abbreviation",
                      "symbol",   "ticker",   "locale",    "language", "country",  "color",
                      "colour",   "timezone", "number"})) {
    return bounded_string(name, 64, "a code or identifier: string of at most 64");
  }
  if (has_any(words, {"photo", "image", "picture", "avatar", "logo", "file", "attachment",
                      "document", "video", "thumbnail"})) {
    return bounded_string(name, 2048, "media: stored by reference (a URL or path), string");
  }
  return bounded_string(name, 200, "no type word: a string of at most 200");
}

}  // namespace v5gen::words
