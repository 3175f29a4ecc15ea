// The code catalogue is consistent and docs/validation.md documents every code.
#include "v5validate/codes.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace {

TEST(Codes, UniqueOrderedAndLevelMatchesCode) {
  std::set<std::string_view> seen;
  std::string_view previous;
  for (const auto& info : v5validate::code_catalogue()) {
    EXPECT_TRUE(seen.insert(info.code).second) << info.code;
    EXPECT_LT(previous, info.code);
    previous = info.code;
    EXPECT_EQ(info.code[1] - '0', info.level) << info.code;
    EXPECT_FALSE(info.meaning.empty());
    EXPECT_FALSE(info.fix.empty());
  }
}

TEST(Codes, DocsTableListsEveryCode) {
  std::ifstream in(std::string(V5_DOCS_DIR) + "/validation.md");
  ASSERT_TRUE(in) << "docs/validation.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  std::set<std::string> documented;
  // | code | level | severity | meaning | fix |, each exactly as the catalogue has it.
  const std::regex row(
      R"(\n\| (V[0-9]{3}) \| ([1-4]) \| (error|warning|info) \| ([^\n]*?) \| ([^\n]*) \|(?=\n))");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
       ++it) {
    const std::string code = (*it)[1];
    documented.insert(code);
    const auto* info = v5validate::find_code(code);
    ASSERT_NE(info, nullptr) << code << " is documented but unknown";
    EXPECT_EQ(std::to_string(info->level), (*it)[2].str()) << code;
    EXPECT_EQ(std::string(v5validate::to_string(info->severity)), (*it)[3].str()) << code;
    EXPECT_EQ(std::string(info->meaning), (*it)[4].str()) << code;
    EXPECT_EQ(std::string(info->fix), (*it)[5].str()) << code;
  }
  for (const auto& info : v5validate::code_catalogue()) {
    EXPECT_TRUE(documented.count(std::string(info.code))) << info.code << " is not documented";
  }
}

}  // namespace
