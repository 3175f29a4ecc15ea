#include <string>

#include <fmt/format.h>

#include "text_escape.hpp"
#include "v5validate/format.hpp"

namespace v5validate {

namespace {

std::string_view colour_of(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "\033[1;31m";
    case Severity::warning:
      return "\033[1;35m";
    case Severity::info:
      return "\033[1;36m";
  }
  return "";
}

std::string place(const Finding& f) {
  std::string where = f.file.empty() ? std::string("<spec>") : f.file;
  if (f.line > 0) {
    where += fmt::format(":{}", f.line);
    if (f.column > 0) where += fmt::format(":{}", f.column);
  }
  return where;
}

}  // namespace

std::string format_text(const Report& report, bool colour) {
  const std::string_view bold = colour ? "\033[1m" : "";
  const std::string_view reset = colour ? "\033[0m" : "";
  std::string out;
  for (const Finding& f : report.findings()) {
    out += fmt::format("{}{}:{} {}{}{} {}: {}", bold, place(f), reset,
                       colour ? colour_of(f.severity) : "", to_string(f.severity), reset, f.code,
                       detail::sanitize_utf8(f.message));
    if (!f.path.empty()) out += fmt::format(" [{}]", detail::sanitize_utf8(f.path));
    out += '\n';
    if (!f.hint.empty()) out += fmt::format("  hint: {}\n", detail::sanitize_utf8(f.hint));
  }
  const std::size_t errors = report.count(Severity::error);
  const std::size_t warnings = report.count(Severity::warning);
  std::string levels;
  for (int level : report.levels_run()) {
    levels += levels.empty() ? fmt::format("{}", level) : fmt::format(", {}", level);
  }
  out += fmt::format("{} error{}, {} warning{} (levels run: {}){}\n", errors,
                     errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
                     levels.empty() ? "none" : levels, report.valid() ? ": the spec is valid" : "");
  return out;
}

}  // namespace v5validate
