// English word forms for names: singular and plural of snake_case nouns, and snake_case from a
// phrase. Rule-based (regular endings plus a short list of irregular nouns).
#pragma once

#include <string>
#include <string_view>

namespace v5gen::words {

// The singular of a noun or of the last word of a snake_case name ("categories" -> "category",
// "order_lines" -> "order_line", "people" -> "person"). Words already singular are unchanged.
std::string singular(std::string_view name);

// The plural of a noun or of the last word of a snake_case name ("category" -> "categories").
std::string plural(std::string_view name);

// True when `word` looks like a plural noun (its singular differs from it).
bool is_plural(std::string_view word);

// snake_case of a phrase: lower case, runs of non-alphanumerics become one '_', trimmed;
// a leading digit gets an "n_" prefix. Empty when the phrase has no letters or digits.
std::string snake_case(std::string_view phrase);

}  // namespace v5gen::words
