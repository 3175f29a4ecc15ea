// Pieces of the Prometheus text exposition format 0.0.4: names, escaping, numbers.
#pragma once

#include <string>
#include <string_view>

#include "v5store/metrics.hpp"

namespace v5store::detail {

// True for a valid metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool valid_metric_name(std::string_view name) noexcept;

// True for a valid label name: [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved).
bool valid_label_name(std::string_view name) noexcept;

// Escapes a HELP text: backslash and line feed.
std::string escape_help(std::string_view text);

// Escapes a label value: backslash, double quote and line feed.
std::string escape_label_value(std::string_view value);

// Formats a sample value: shortest round-trip decimal, "+Inf", "-Inf" or "NaN".
std::string format_value(double value);

// Renders `{a="x",b="y"}` (empty string for no labels); `extra_name`/`extra_value`, when
// given, is appended last (the histogram's "le").
std::string format_labels(const Labels& labels, std::string_view extra_name = {},
                          std::string_view extra_value = {});

}  // namespace v5store::detail
