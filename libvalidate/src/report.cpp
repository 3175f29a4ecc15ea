#include "v5validate/report.hpp"

#include <algorithm>

namespace v5validate {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "error";
}

void Report::add(Finding finding) { findings_.push_back(std::move(finding)); }

bool Report::valid() const noexcept { return count(Severity::error) == 0; }

std::size_t Report::count(Severity severity) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings_.begin(), findings_.end(),
                    [&](const Finding& f) { return f.severity == severity; }));
}

bool Report::has_code(std::string_view code) const noexcept {
  return std::any_of(findings_.begin(), findings_.end(),
                     [&](const Finding& f) { return f.code == code; });
}

bool Report::has_error_at(int level) const noexcept {
  return std::any_of(findings_.begin(), findings_.end(), [&](const Finding& f) {
    return f.level == level && f.severity == Severity::error;
  });
}

}  // namespace v5validate
