// Drafts every description of tests/words/descriptions and checks the entities, fields, types,
// relations, enums and unused-sentence count its file expects, on the spec as the library
// parses it; every draft must pass validation levels 1, 2 and 4.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "v5store/spec.hpp"
#include "v5validate/format.hpp"
#include "v5validate/orchestrator.hpp"
#include "words/drafter.hpp"

namespace {

std::vector<std::string> description_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(V5_WORDS_DIR)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().stem().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "entity.field" -> the parsed field, or nullptr.
const v5store::FieldSpec* field_at(const v5store::SystemSpec& spec, const std::string& path) {
  const auto dot = path.find('.');
  const v5store::EntitySpec* e = spec.find_entity(path.substr(0, dot));
  return e == nullptr ? nullptr : e->find_field(path.substr(dot + 1));
}

// The words of the comment lines of `yaml` (or of a plain string), joined by single spaces.
std::string comment_words(const std::string& text) {
  std::string out;
  std::string word;
  bool in_comment = text.empty() || text[0] != '#' ? text.find('\n') == std::string::npos : true;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : '\n';
    if (c == '\n' || c == ' ') {
      if (in_comment && !word.empty() && word != "#") out += (out.empty() ? "" : " ") + word;
      word.clear();
      if (c == '\n') in_comment = i + 1 < text.size() && text[i + 1] == '#';
      continue;
    }
    word += c;
  }
  return out;
}

class DraftDescription : public ::testing::TestWithParam<std::string> {};

TEST_P(DraftDescription, DraftsTheExpectedSpec) {
  const YAML::Node expect = YAML::LoadFile(std::string(V5_WORDS_DIR) + "/" + GetParam() + ".yaml");
  const auto result = v5gen::words::draft_spec(expect["text"].as<std::string>());
  ASSERT_TRUE(result.ok()) << result.spec_yaml << v5validate::format_text(result.report);

  // Levels 1, 2 and 4 on the text as written, independently of the drafter's own run.
  v5validate::Options options;
  options.max_level = 4;
  const v5validate::Report report = v5validate::Orchestrator::run_text(result.spec_yaml, options);
  EXPECT_TRUE(report.valid()) << v5validate::format_text(report);
  for (int level : {1, 2, 4}) EXPECT_FALSE(report.has_error_at(level));
  EXPECT_TRUE(report.findings().empty()) << v5validate::format_text(report);

  const v5store::SystemSpec spec = v5store::parse_spec_string(result.spec_yaml);
  EXPECT_EQ(spec.name, expect["system"].as<std::string>());
  ASSERT_EQ(spec.databases.size(), 1u);
  EXPECT_EQ(v5store::to_string(spec.databases[0].backend), expect["backend"].as<std::string>());

  std::set<std::string> expected_entities;
  for (const auto& e : expect["entities"]) {
    const std::string entity = e.first.as<std::string>();
    expected_entities.insert(entity);
    const v5store::EntitySpec* parsed = spec.find_entity(entity);
    ASSERT_NE(parsed, nullptr) << "no entity " << entity << "\n" << result.spec_yaml;
    std::map<std::string, std::string> expected_fields;
    for (const auto& f : e.second) {
      expected_fields[f.first.as<std::string>()] = f.second.as<std::string>();
    }
    std::map<std::string, std::string> drafted_fields;
    for (const auto& f : parsed->fields) {
      drafted_fields[f.name] = std::string(v5store::to_string(f.type));
    }
    EXPECT_EQ(drafted_fields, expected_fields) << entity << "\n" << result.spec_yaml;
    ASSERT_EQ(parsed->primary_key().size(), 1u);
    EXPECT_EQ(parsed->primary_key()[0]->name, "id");
    // One store component per entity.
    EXPECT_TRUE(std::any_of(spec.components.begin(), spec.components.end(),
                            [&](const auto& c) { return c.entity == entity; }));
  }
  std::set<std::string> drafted_entities;
  for (const auto& e : spec.entities) drafted_entities.insert(e.name);
  EXPECT_EQ(drafted_entities, expected_entities) << result.spec_yaml;

  for (const char* key : {"unique", "nullable"}) {
    std::set<std::string> expected;
    for (const auto& n : expect[key]) expected.insert(n.as<std::string>());
    std::set<std::string> drafted;
    for (const auto& e : spec.entities) {
      for (const auto& f : e.fields) {
        if (std::string(key) == "unique" ? f.unique : f.nullable)
          drafted.insert(e.name + "." + f.name);
      }
    }
    EXPECT_EQ(drafted, expected) << key << "\n" << result.spec_yaml;
  }

  std::map<std::string, std::string> expected_refs;
  for (const auto& r : expect["references"]) {
    expected_refs[r.first.as<std::string>()] = r.second.as<std::string>();
  }
  std::map<std::string, std::string> drafted_refs;
  for (const auto& e : spec.entities) {
    for (const auto& f : e.fields) {
      if (!f.references_entity) continue;
      drafted_refs[e.name + "." + f.name] = *f.references_entity + "." + *f.references_field;
      // Every foreign key has an index starting with it.
      EXPECT_TRUE(std::any_of(
          e.indexes.begin(), e.indexes.end(),
          [&](const auto& idx) { return !idx.fields.empty() && idx.fields[0] == f.name; }))
          << e.name << "." << f.name;
    }
  }
  EXPECT_EQ(drafted_refs, expected_refs) << result.spec_yaml;

  for (const auto& v : expect["values"]) {
    const v5store::FieldSpec* f = field_at(spec, v.first.as<std::string>());
    ASSERT_NE(f, nullptr) << v.first.as<std::string>();
    EXPECT_EQ(f->values, v.second.as<std::vector<std::string>>());
  }

  EXPECT_EQ(result.draft.unused.size(), expect["unused"].as<std::size_t>()) << result.spec_yaml;
  // Every assumption and unused sentence is written into the spec's header.
  const std::string header = comment_words(result.spec_yaml);
  for (const auto& u : result.draft.unused) {
    EXPECT_NE(header.find(comment_words(u.reason)), std::string::npos) << u.reason;
  }
  for (const auto& a : result.draft.assumptions) {
    EXPECT_NE(header.find(comment_words(a)), std::string::npos) << a;
  }
  EXPECT_FALSE(result.draft.assumptions.empty());
}

INSTANTIATE_TEST_SUITE_P(Words, DraftDescription, ::testing::ValuesIn(description_files()),
                         [](const auto& info) { return info.param; });

TEST(DraftDescriptions, AtLeastFifteen) { EXPECT_GE(description_files().size(), 15u); }

}  // namespace
