// The drafter against the gold corpus (tests/words/gold): the held-out split must meet the
// targets of docs/words.md ("Measured on a gold corpus"); the dev split must not fall below them.
#include <filesystem>

#include <gtest/gtest.h>

#include "gold_score.hpp"

namespace {

using v5gen::words::score::format_score;
using v5gen::words::score::score_split;
using v5gen::words::score::SplitScore;

std::size_t yaml_files(const std::string& dir) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    n += entry.path().extension() == ".yaml" ? 1 : 0;
  }
  return n;
}

void expect_targets(const SplitScore& s) {
  EXPECT_GE(s.entities.f1(), 0.95) << format_score(s, true);
  EXPECT_GE(s.foreign_keys.f1(), 0.90) << format_score(s, true);
  EXPECT_GE(s.fields.f1(), 0.85) << format_score(s, true);
  EXPECT_EQ(s.backends_right, s.descriptions) << format_score(s, true);
  EXPECT_EQ(s.phrase_entities, 0) << format_score(s, true);
}

TEST(GoldCorpus, HasEightyDescriptionsAndTwentyHeldOut) {
  const std::size_t heldout = yaml_files(V5_WORDS_GOLD_DIR "/heldout");
  EXPECT_GE(heldout, 20u);
  EXPECT_GE(heldout + yaml_files(V5_WORDS_GOLD_DIR "/dev"), 80u);
}

TEST(GoldCorpus, HeldOutMeetsTheTargets) {
  const SplitScore s = score_split(V5_WORDS_GOLD_DIR "/heldout", "heldout");
  std::printf("%s", format_score(s, false).c_str());
  expect_targets(s);
}

TEST(GoldCorpus, DevMeetsTheTargets) {
  const SplitScore s = score_split(V5_WORDS_GOLD_DIR "/dev", "dev");
  std::printf("%s", format_score(s, false).c_str());
  expect_targets(s);
}

}  // namespace
