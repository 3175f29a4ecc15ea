// Strings that match a regular expression: the inverse of a field's `pattern` rule, so that
// validation can tell whether a field's rules can be satisfied together and the generator can
// write smoke-test values that satisfy them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace v5validate::detail {

// A sampled string, or why none was found.
struct PatternSample {
  std::optional<std::string> text;
  std::string problem;  // set when `text` is empty
};

// A string that std::regex_search accepts for `pattern` (ECMAScript, the dialect the record
// validator uses), valid UTF-8, whose length in code points lies in [min_length,
// max_length]. Distinct `variant`s give distinct strings as far as the pattern allows (the
// same string again once they are exhausted). Understands classes, ranges, negated classes,
// POSIX classes, `.`, escapes (\d \w \s \D \W \S \xHH \uHHHH \cX \n ...), groups (capturing
// and `(?:`), alternation, quantifiers (* + ? {m} {m,} {m,n}, lazy or not), anchors and
// back-references; lookaheads and \b are honoured by checking every candidate against
// std::regex. Every returned string is checked; a problem names the reason (the pattern
// matches no string, none within the lengths, or none found: give the field an `example:`).
// Lengths above 4096 are not sampled. Thread-safe; never throws (bad input yields a problem).
PatternSample sample_pattern(const std::string& pattern, std::int64_t min_length,
                             std::int64_t max_length, std::uint64_t variant);

}  // namespace v5validate::detail
