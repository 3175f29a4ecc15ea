// Every spec in examples/specs passes levels 1, 2 and 4 with no errors.
#include <cstdlib>

#include <gtest/gtest.h>

#include "spec_expectation.hpp"
#include "test_databases.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

class ExampleSpec : public testing::TestWithParam<std::filesystem::path> {
 protected:
  void SetUp() override {
    // The examples take their DSNs from the environment; give the ones without a default a
    // value as a deployment would.
    ::setenv("V5_LEDGER_PG", "host=127.0.0.1 port=5432 dbname=ledger user=app", 0);
  }
};

TEST_P(ExampleSpec, PassesOfflineLevelsWithoutErrors) {
  v5validate::Options options;
  const v5validate::Report report = v5validate::Orchestrator::run(GetParam(), options);
  EXPECT_TRUE(report.valid()) << v5validate::format_text(report);
  EXPECT_EQ(report.levels_run(), (std::vector<int>{1, 2, 4}));
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleSpec,
                         testing::ValuesIn(v5test::yaml_files(v5test::examples_dir())),
                         [](const auto& info) { return v5test::test_name(info.param); });

}  // namespace
