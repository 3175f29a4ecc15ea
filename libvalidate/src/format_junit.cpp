#include <string>
#include <vector>

#include <fmt/format.h>

#include "text_escape.hpp"
#include "v5validate/format.hpp"

namespace v5validate {

namespace {

std::string_view level_name(int level) {
  switch (level) {
    case 1:
      return "framework";
    case 2:
      return "component logic";
    case 3:
      return "database integration";
    case 4:
      return "semantic";
  }
  return "other";
}

std::string testcase(const Finding& f) {
  using detail::xml_escape;
  std::string where = f.file;
  if (f.line > 0) where += fmt::format(":{}:{}", f.line, f.column);
  const std::string name = f.path.empty() ? f.code : f.code + " " + f.path;
  std::string out =
      fmt::format("    <testcase classname=\"{}\" name=\"{}\"",
                  xml_escape(fmt::format("level{}.{}", f.level, f.code)), xml_escape(name));
  const std::string body = fmt::format("{}: {} {}: {}{}", where, to_string(f.severity), f.code,
                                       f.message, f.hint.empty() ? "" : "\nhint: " + f.hint);
  if (f.severity == Severity::error) {
    out +=
        fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml_escape(f.code), xml_escape(f.message), xml_escape(body));
  } else {
    out += fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(body));
  }
  return out;
}

}  // namespace

std::string format_junit(const Report& report, const std::string& suite_name) {
  using detail::xml_escape;
  std::string suites;
  std::size_t total_tests = 0;
  std::size_t total_failures = 0;
  std::vector<int> levels = report.levels_run();
  for (const Finding& f : report.findings()) {
    bool known = false;
    for (int level : levels) known = known || level == f.level;
    if (!known) levels.push_back(f.level);
  }
  for (int level : levels) {
    std::string cases;
    std::size_t tests = 0;
    std::size_t failures = 0;
    for (const Finding& f : report.findings()) {
      if (f.level != level) continue;
      ++tests;
      if (f.severity == Severity::error) ++failures;
      cases += testcase(f);
    }
    if (tests == 0) {
      tests = 1;
      cases = fmt::format("    <testcase classname=\"level{}\" name=\"level {} passed\"/>\n", level,
                          level);
    }
    total_tests += tests;
    total_failures += failures;
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n{}"
        "  </testsuite>\n",
        xml_escape(fmt::format("{}.level{} ({})", suite_name, level, level_name(level))), tests,
        failures, cases);
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" "
      "failures=\"{}\" errors=\"0\">\n{}</testsuites>\n",
      xml_escape(suite_name), total_tests, total_failures, suites);
}

}  // namespace v5validate
