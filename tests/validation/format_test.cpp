// The report formats: JSON read back by Python's json module, JUnit by its XML parser, text
// like a compiler.
#include "v5validate/format.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "spec_expectation.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

using v5validate::Finding;
using v5validate::Report;
using v5validate::Severity;

// Writes each text to a temporary file and runs `python3 -c script file...` once; returns the
// exit code.
int run_python(const std::vector<std::string>& texts, const std::string& script,
               const std::string& tag) {
  std::vector<std::filesystem::path> paths;
  std::string command = "python3 -c '" + script + "'";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    paths.push_back(
        std::filesystem::temp_directory_path() /
        ("v5validate_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(i)));
    std::ofstream out(paths.back(), std::ios::binary);
    out << texts[i];
    command += " " + paths.back().string();
  }
  const int rc = std::system(command.c_str());
  for (const auto& path : paths) std::filesystem::remove(path);
  return rc;
}

Report hostile_report() {
  Report report;
  Finding f;
  f.level = 1;
  f.code = "V109";
  f.severity = Severity::error;
  f.path = "entities.\"quoted\"\\back";
  f.message = std::string("control \x01\x1f tab\t newline\n invalid \xff\xc3( utf8 <&>'\"");
  f.hint = "did you mean `x`?";
  f.file = "spec.yaml";
  f.line = 3;
  f.column = 7;
  report.add(f);
  f.severity = Severity::warning;
  f.code = "V405";
  f.level = 4;
  report.add(f);
  report.mark_level_run(1);
  return report;
}

constexpr const char* kJsonCheck =
    "import json,sys\n"
    "for name in sys.argv[1:]:\n"
    "  d = json.loads(open(name, \"rb\").read().decode(\"utf-8\"))\n"
    "  assert isinstance(d[\"valid\"], bool)\n"
    "  for f in d[\"findings\"]:\n"
    "    for k in (\"level\", \"code\", \"severity\", \"path\", \"message\", \"hint\"):\n"
    "      assert k in f, (name, k)\n"
    "    assert f[\"severity\"] in (\"error\", \"warning\", \"info\")\n";

TEST(FormatJson, HostileTextParsesWithPython) {
  const std::string json = v5validate::format_json(hostile_report());
  EXPECT_EQ(run_python({json}, kJsonCheck, "hostile"), 0) << json;
  EXPECT_NE(json.find("\"valid\": false"), std::string::npos);
}

TEST(FormatJson, EveryBrokenSpecReportParsesWithPython) {
  std::vector<std::string> reports;
  for (const auto& file : v5test::yaml_files(V5_VALIDATION_SPECS_DIR)) {
    const Report report = v5validate::Orchestrator::run(file, v5validate::Options{});
    reports.push_back(v5validate::format_json(report));
  }
  ASSERT_GE(reports.size(), 40u);
  EXPECT_EQ(run_python(reports, kJsonCheck, "spec"), 0);
}

TEST(FormatJson, ValidReportHasNoFindings) {
  Report report;
  report.mark_level_run(1);
  EXPECT_EQ(v5validate::format_json(report), "{\"valid\": true, \"findings\": []}\n");
}

TEST(FormatJunit, ParsesWithPythonXml) {
  const std::string xml = v5validate::format_junit(hostile_report());
  const char* check =
      "import sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "assert root.tag == \"testsuites\"\n"
      "assert root.get(\"failures\") == \"1\", root.get(\"failures\")\n"
      "assert len(root.findall(\"testsuite/testcase/failure\")) == 1\n";
  EXPECT_EQ(run_python({xml}, check, "junit"), 0) << xml;
}

TEST(FormatText, LooksLikeACompiler) {
  Report report;
  Finding f;
  f.level = 2;
  f.code = "V203";
  f.path = "entities.loan.fields.member_id.type";
  f.message = "foreign key loan.member_id is int32 but member.id is int64";
  f.hint = "declare it exactly like member.id";
  f.file = "lib.yaml";
  f.line = 12;
  f.column = 7;
  report.add(f);
  report.mark_level_run(1);
  report.mark_level_run(2);
  const std::string text = v5validate::format_text(report);
  EXPECT_EQ(text.rfind("lib.yaml:12:7: error V203: foreign key", 0), 0u) << text;
  EXPECT_NE(text.find("  hint: declare it"), std::string::npos);
  EXPECT_NE(text.find("1 error, 0 warnings"), std::string::npos) << text;
  EXPECT_EQ(text.find('\033'), std::string::npos);
  EXPECT_NE(v5validate::format_text(report, true).find('\033'), std::string::npos);
}

}  // namespace
