// Renders a report for people (compiler-style text), programs (JSON) and CI systems (JUnit).
#pragma once

#include <string>

#include "v5validate/report.hpp"

namespace v5validate {

// One line per finding, like a compiler: "file:line:col: error V203: message [path]", then
// "  hint: ..." when there is a hint, then a summary line. `colour` adds ANSI colours.
// Never throws except std::bad_alloc. Thread-safe.
std::string format_text(const Report& report, bool colour = false);

// {"valid": bool, "findings": [{"level", "code", "severity", "path", "message", "hint",
// "file", "line", "column"}]}. Always valid JSON and valid UTF-8 (invalid bytes become
// U+FFFD). Never throws except std::bad_alloc. Thread-safe.
std::string format_json(const Report& report);

// JUnit XML: one <testsuite> per level that ran, one <testcase> per finding (errors are
// <failure>s) or a single passing case for a clean level. Never throws except std::bad_alloc.
std::string format_junit(const Report& report, const std::string& suite_name = "v5validate");

}  // namespace v5validate
