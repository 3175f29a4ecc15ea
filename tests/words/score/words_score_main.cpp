// `words_score GOLD_DIR [--details] [--split dev|heldout]`: scores `v5gen draft` on GOLD_DIR/dev
// and GOLD_DIR/heldout (docs/words.md, "Measured on a gold corpus"). Exit 0, or 2 on a usage or
// file error.
#include <cstdio>
#include <exception>
#include <string>

#include "gold_score.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: words_score GOLD_DIR [--details]\n");
    return 2;
  }
  const std::string dir = argv[1];
  bool details = false;
  std::string only;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--details") details = true;
    if (arg == "--split" && i + 1 < argc) only = argv[++i];
  }
  try {
    for (const char* split : {"dev", "heldout"}) {
      if (!only.empty() && only != split) continue;
      const auto score = v5gen::words::score::score_split(dir + "/" + split, split);
      const std::string text = v5gen::words::score::format_score(score, details);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "words_score: %s\n", e.what());
    return 2;
  }
  return 0;
}
