// The catalogue of every finding code: level, severity, meaning and fix (docs/validation.md).
#pragma once

#include <string_view>
#include <vector>

#include "v5validate/report.hpp"

namespace v5validate {

struct CodeInfo {
  std::string_view code;  // "V203"
  int level;
  Severity severity;  // the severity the check reports it with
  std::string_view meaning;
  std::string_view fix;
};

// Every code any check can report, ordered by code. Thread-safe.
const std::vector<CodeInfo>& code_catalogue();

// The catalogue entry of `code`, or nullptr. Thread-safe.
const CodeInfo* find_code(std::string_view code) noexcept;

}  // namespace v5validate
