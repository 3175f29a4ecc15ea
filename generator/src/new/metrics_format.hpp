// A check of the Prometheus text exposition format (version 0.0.4), used by `v5gen new` when
// promtool is not installed.
#pragma once

#include <string>
#include <string_view>

namespace v5gen::words {

// The first problem found in `text` as "line N: what is wrong", or an empty string when every
// line is a well-formed HELP or TYPE comment, another comment, a blank line, or a sample
// (`name{label="value",...} value [timestamp]`) and at least one sample is present. Checks
// syntax only, not the semantics promtool also lints (naming conventions). Never throws except
// std::bad_alloc; thread-safe.
std::string metrics_format_problem(std::string_view text);

}  // namespace v5gen::words
