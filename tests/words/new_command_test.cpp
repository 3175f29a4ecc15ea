// Unit tests of the pieces of `v5gen new` (stage runner, process helpers, the metrics format
// check) and its failure paths through the binary: a failed stage is named and stops the run
// with the right exit code. The full pipeline (build, smoke, benchmark, service) runs in
// new_test.sh.
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generate/emitters.hpp"
#include "new/metrics_format.hpp"
#include "new/pipeline.hpp"
#include "new/process.hpp"
#include "v5store/error.hpp"
#include "v5store/spec.hpp"
#include "words/drafter.hpp"

namespace {

namespace fs = std::filesystem;
using namespace v5gen::words;

struct Output {
  int exit_code = -1;
  std::string text;
};

// Runs a shell command, stdout and stderr captured together.
Output run(const std::string& command) {
  Output out;
  std::FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out.text += buffer;
  const int status = ::pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("v5_words_new_" + name + "_" +
                                                    std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

TEST(Pipeline, RunsStagesInOrderAndStopsAtTheFirstFailure) {
  std::vector<int> ran;
  std::FILE* sink = std::tmpfile();
  Pipeline pipeline(sink);
  pipeline.add("one", [&] { ran.push_back(1); return passed("fine"); });
  pipeline.add("two", [&] { ran.push_back(2); return failed("broken", 2); });
  pipeline.add("three", [&] { ran.push_back(3); return passed("never"); });
  EXPECT_EQ(pipeline.run(), 2);
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  ASSERT_EQ(pipeline.outcomes().size(), 2u);
  EXPECT_TRUE(pipeline.outcomes()[0].ok);
  EXPECT_FALSE(pipeline.outcomes()[1].ok);
  EXPECT_EQ(pipeline.outcomes()[1].name, "two");
  EXPECT_EQ(pipeline.outcomes()[1].detail, "broken");
  std::fclose(sink);
}

TEST(Pipeline, AnExceptionFailsTheStageWithExitCodeOne) {
  std::FILE* sink = std::tmpfile();
  Pipeline pipeline(sink);
  pipeline.add("throws", []() -> StageResult { throw std::runtime_error("boom"); });
  EXPECT_EQ(pipeline.run(), 1);
  ASSERT_EQ(pipeline.outcomes().size(), 1u);
  EXPECT_EQ(pipeline.outcomes()[0].detail, "boom");
  std::fclose(sink);
}

TEST(Process, RunCommandReportsExitCodeOutputAndTimeout) {
  const fs::path dir = fresh_dir("process");
  fs::create_directories(dir);
  const fs::path log = dir / "log.txt";
  const CommandStatus ok = run_command({"sh", "-c", "echo hello; echo $V5_X >&2; exit 3"}, log,
                                       std::chrono::seconds(10), {"V5_X=from-env"});
  EXPECT_EQ(ok.exit_code, 3);
  EXPECT_FALSE(ok.timed_out);
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "hello\nfrom-env\n");

  const CommandStatus slow = run_command({"sleep", "10"}, log, std::chrono::seconds(1));
  EXPECT_TRUE(slow.timed_out);
  EXPECT_FALSE(slow.ok());
  EXPECT_FALSE(run_command({"v5-no-such-program"}, log, std::chrono::seconds(5)).ok());

  std::ofstream(dir / "in.txt") << "piped\n";
  EXPECT_TRUE(run_command({"grep", "-q", "piped"}, log, std::chrono::seconds(5), {},
                          dir / "in.txt")
                  .ok());
  EXPECT_TRUE(find_program("sh").has_value());
  EXPECT_FALSE(find_program("v5-no-such-program").has_value());
  fs::remove_all(dir);
}

TEST(Process, HttpGetOnAClosedPortHasNoStatus) {
  EXPECT_EQ(http_get(free_port(), "/health/ready", std::chrono::milliseconds(500)).status, 0);
}

TEST(MetricsFormat, AcceptsTheExpositionFormat) {
  EXPECT_EQ(metrics_format_problem("# HELP v5_up Whether it is up.\n# TYPE v5_up gauge\n"
                                   "v5_up 1\n"
                                   "v5_latency_seconds_bucket{le=\"+Inf\",db=\"ma\\\"in\"} 4\n"
                                   "v5_latency_seconds_sum 0.25 1700000000000\n"
                                   "v5_ratio NaN\n"),
            "");
}

TEST(MetricsFormat, NamesTheFirstBadLine) {
  EXPECT_EQ(metrics_format_problem("v5_up 1\n9bad 1\n"), "line 2: a sample must start with a "
                                                         "metric name");
  EXPECT_EQ(metrics_format_problem("v5_up{db=main} 1\n"), "line 1: a label value must be quoted");
  EXPECT_EQ(metrics_format_problem("v5_up one\n"), "line 1: the value is not a number");
  EXPECT_EQ(metrics_format_problem("# TYPE v5_up gauges\nv5_up 1\n"),
            "line 1: unknown metric type");
  EXPECT_EQ(metrics_format_problem("# only a comment\n"), "no samples");
}

TEST(BenchEmitter, AddsTheBenchmarkToTheProjectInDependencyOrder) {
  const auto draft = draft_spec("A review belongs to a book. A review has a rating. "
                                "Each book has a title.");
  ASSERT_TRUE(draft.ok());
  const v5store::SystemSpec spec = v5store::parse_spec_string(draft.spec_yaml);
  const v5gen::GenerationContext context{spec, spec.name + ".yaml", draft.spec_yaml,
                                         v5gen::hash_of(draft.spec_yaml)};
  v5gen::FileTree tree;
  EXPECT_THROW(v5gen::emit_bench(context, tree), v5store::Error);
  v5gen::emit_project(context, tree);
  v5gen::emit_bench(context, tree);
  const std::string& lists = tree.at("CMakeLists.txt");
  EXPECT_NE(lists.find("add_executable(" + spec.name + "_bench bench/crud_bench.cpp)"),
            std::string::npos)
      << lists;
  const std::string& bench = tree.at(fs::path("bench") / "crud_bench.cpp");
  const std::size_t book = bench.find("// --- book ---");
  const std::size_t review = bench.find("// --- review ---");
  ASSERT_NE(book, std::string::npos) << bench;
  ASSERT_NE(review, std::string::npos) << bench;
  EXPECT_LT(book, review);  // the parent row exists before the rows that reference it
  EXPECT_NE(bench.find("review_row.book_id = book_row.id;"), std::string::npos) << bench;
  EXPECT_NE(bench.find("report(\"review\", rounds"), std::string::npos) << bench;
}

TEST(NewCommand, EmptyTextIsAUsageErrorAtStageOne) {
  const fs::path dir = fresh_dir("empty");
  const Output out = run(std::string(V5GEN_PATH) + " new \" \" -o " + dir.string());
  EXPECT_EQ(out.exit_code, 2) << out.text;
  EXPECT_NE(out.text.find("stage 1 (requirements extraction) failed"), std::string::npos)
      << out.text;
  fs::remove_all(dir);
}

TEST(NewCommand, NoEntityFailsStageTwoAndStops) {
  const fs::path dir = fresh_dir("noentity");
  const Output out = run(std::string(V5GEN_PATH) + " new \"Hello there.\" -o " + dir.string());
  EXPECT_EQ(out.exit_code, 1) << out.text;
  EXPECT_NE(out.text.find("[2/10] database requirements: FAILED"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("stage 2 (database requirements) failed"), std::string::npos);
  EXPECT_EQ(out.text.find("[3/10]"), std::string::npos) << out.text;
  EXPECT_FALSE(fs::exists(dir));
}

TEST(NewCommand, RefusesADirectoryItDidNotGenerate) {
  const fs::path dir = fresh_dir("foreign");
  fs::create_directories(dir);
  std::ofstream(dir / "mine.txt") << "keep\n";
  const Output out =
      run(std::string(V5GEN_PATH) + " new \"Each book has a title.\" -o " + dir.string());
  EXPECT_EQ(out.exit_code, 2) << out.text;
  EXPECT_TRUE(fs::exists(dir / "mine.txt"));
  EXPECT_FALSE(fs::exists(dir / "CMakeLists.txt"));
  fs::remove_all(dir);
}

// Stages 1 to 7 run for real (the project is written, its deploy files parsed); stage 8 stops
// on a prefix without the package, with exit code 2.
TEST(NewCommand, WritesTheProjectThenNeedsAnInstalledPackage) {
  const fs::path dir = fresh_dir("noprefix");
  const Output out = run(std::string(V5GEN_PATH) +
                         " new \"Each book has a title and a price. A review belongs to a book. "
                         "A review has a rating.\" -o " +
                         dir.string() + " --prefix " + (dir / "nowhere").string());
  EXPECT_EQ(out.exit_code, 2) << out.text;
  for (const char* stage : {"[1/10] requirements extraction: ok", "[2/10] database requirements: ok",
                            "[3/10] architecture: ok", "[4/10] component glue generation: ok",
                            "[5/10] system scaffold: ok", "[6/10] schema and migrations: ok",
                            "[7/10] deployment configuration: ok",
                            "[8/10] integration test: FAILED"}) {
    EXPECT_NE(out.text.find(stage), std::string::npos) << stage << "\n" << out.text;
  }
  EXPECT_NE(out.text.find("2 store components: books (book on main), reviews (review on main)"),
            std::string::npos)
      << out.text;
  EXPECT_NE(out.text.find("no installed v5store under"), std::string::npos) << out.text;
  EXPECT_EQ(out.text.find("[9/10]"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "CMakeLists.txt"));
  EXPECT_TRUE(fs::exists(dir / "bench" / "crud_bench.cpp"));
  EXPECT_TRUE(fs::exists(dir / "deploy" / "docker-compose.yml"));
  EXPECT_TRUE(fs::exists(dir / "migrations" / "V1__initial.sqlite.sql"));
  fs::remove_all(dir);
}

}  // namespace
