// Every spec in tests/validation/specs states the level and code it must fail with (or, with
// severity=warning, warn with while staying valid); one parameterised test runs them all.
#include <algorithm>

#include <gtest/gtest.h>

#include "spec_expectation.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

class BrokenSpec : public testing::TestWithParam<std::filesystem::path> {};

std::vector<std::filesystem::path> offline_specs() {
  std::vector<std::filesystem::path> specs;
  for (const auto& file : v5test::yaml_files(V5_VALIDATION_SPECS_DIR)) {
    if (!v5test::read_expectation(file).live) specs.push_back(file);
  }
  return specs;
}

TEST(BrokenSpecs, AtLeastFortyFailingSpecs) {
  int failing = 0;
  for (const auto& file : v5test::yaml_files(V5_VALIDATION_SPECS_DIR)) {
    const auto expectation = v5test::read_expectation(file);
    ASSERT_GT(expectation.level, 0) << file << " states no `# expect: level=N code=V...`";
    if (expectation.severity == "error") ++failing;
  }
  EXPECT_GE(failing, 40);
}

TEST_P(BrokenSpec, FailsAtItsLevelWithItsCode) {
  const auto expectation = v5test::read_expectation(GetParam());
  v5validate::Options options;
  options.server_cores = 4;
  const v5validate::Report report = v5validate::Orchestrator::run(GetParam(), options);
  const std::string text = v5validate::format_text(report);

  const auto& findings = report.findings();
  const auto match = std::find_if(findings.begin(), findings.end(), [&](const auto& f) {
    return f.code == expectation.code && f.level == expectation.level &&
           std::string(v5validate::to_string(f.severity)) == expectation.severity;
  });
  EXPECT_NE(match, findings.end())
      << "expected " << expectation.code << " (" << expectation.severity << ") at level "
      << expectation.level << ", got:\n"
      << text;
  if (expectation.severity == "error") {
    EXPECT_FALSE(report.valid());
    // Fail-hard: nothing after the failing level ran or reported.
    ASSERT_FALSE(report.levels_run().empty());
    EXPECT_EQ(report.levels_run().back(), expectation.level) << text;
    for (const auto& f : findings) {
      EXPECT_LE(f.level, expectation.level) << "finding of a later level:\n" << text;
    }
  } else {
    EXPECT_TRUE(report.valid()) << text;
  }
  if (match != findings.end() && match->level == 1) {
    EXPECT_GT(match->line, 0) << "a level-1 finding has a place in the file:\n" << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Specs, BrokenSpec, testing::ValuesIn(offline_specs()),
                         [](const auto& info) { return v5test::test_name(info.param); });

}  // namespace
