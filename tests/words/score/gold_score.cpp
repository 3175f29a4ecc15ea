// The gold-corpus scorer: drafts each description and compares sets of items.
#include "gold_score.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "words/drafter.hpp"

namespace v5gen::words::score {

namespace {

using Bag = std::multiset<std::string>;

// Adds the matches between `drafted` and `expected` to `tally`, and the differences to `miss`.
void compare(const Bag& drafted, const Bag& expected, Tally& tally, Miss& miss) {
  Bag common;
  std::set_intersection(drafted.begin(), drafted.end(), expected.begin(), expected.end(),
                        std::inserter(common, common.begin()));
  tally.matched += static_cast<int>(common.size());
  tally.drafted += static_cast<int>(drafted.size());
  tally.expected += static_cast<int>(expected.size());
  std::set_difference(expected.begin(), expected.end(), common.begin(), common.end(),
                      std::back_inserter(miss.missing));
  std::set_difference(drafted.begin(), drafted.end(), common.begin(), common.end(),
                      std::back_inserter(miss.extra));
}

// "a.b_id: c" entries of a gold `references` list (a sequence of one-key maps or a map).
Bag gold_references(const YAML::Node& node) {
  Bag out;
  auto add = [&](const YAML::Node& key, const YAML::Node& value) {
    const std::string from = key.as<std::string>();
    out.insert("fk " + from.substr(0, from.find('.')) + " -> " + value.as<std::string>());
  };
  if (node.IsMap()) {
    for (const auto& kv : node) add(kv.first, kv.second);
  } else {
    for (const auto& item : node) {
      for (const auto& kv : item) add(kv.first, kv.second);
    }
  }
  return out;
}

}  // namespace

double Tally::precision() const { return drafted == 0 ? 1.0 : double(matched) / drafted; }
double Tally::recall() const { return expected == 0 ? 1.0 : double(matched) / expected; }
double Tally::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

SplitScore score_split(const std::string& dir, const std::string& split) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  SplitScore score;
  score.split = split;
  for (const auto& path : files) {
    const YAML::Node gold = YAML::LoadFile(path.string());
    if (!gold["text"]) throw std::runtime_error(path.string() + ": no text");
    const DraftResult result = draft_spec(gold["text"].as<std::string>());
    const Draft& d = result.draft;
    Miss miss;
    miss.file = path.filename().string();
    ++score.descriptions;

    Bag want_entities, want_fields, got_entities, got_fields, got_fks;
    for (const auto& e : gold["entities"]) {
      const std::string entity = e.first.as<std::string>();
      want_entities.insert("entity " + entity);
      for (const auto& f : e.second) {
        want_fields.insert("field " + entity + "." + f.first.as<std::string>() + ":" +
                           f.second.as<std::string>());
      }
    }
    for (const DraftEntity& e : d.entities) {
      got_entities.insert("entity " + e.name);
      if (want_entities.count("entity " + e.name) == 0 &&
          std::count(e.name.begin(), e.name.end(), '_') >= 2) {
        ++score.phrase_entities;
      }
      for (const DraftField& f : e.fields) {
        if (f.primary_key) continue;
        if (!f.references.empty()) {
          got_fks.insert("fk " + e.name + " -> " + f.references.substr(0, f.references.find('.')));
        } else {
          got_fields.insert("field " + e.name + "." + f.name + ":" + f.type);
        }
      }
    }
    compare(got_entities, want_entities, score.entities, miss);
    compare(got_fields, want_fields, score.fields, miss);
    compare(got_fks, gold_references(gold["references"]), score.foreign_keys, miss);
    const std::string backend = gold["backend"] ? gold["backend"].as<std::string>() : "sqlite";
    if (d.backend == backend) {
      ++score.backends_right;
    } else {
      miss.missing.push_back("backend " + backend);
      miss.extra.push_back("backend " + d.backend);
    }
    if (!result.ok()) miss.extra.push_back("(the draft does not validate)");
    if (!miss.missing.empty() || !miss.extra.empty()) score.misses.push_back(std::move(miss));
  }
  return score;
}

std::string format_score(const SplitScore& score, bool details) {
  std::string out = fmt::format("{} ({} descriptions)\n", score.split, score.descriptions);
  auto line = [&](const char* what, const Tally& t) {
    out += fmt::format("  {:<13} P {:.3f}  R {:.3f}  F1 {:.3f}  ({} of {} drafted, {} expected)\n",
                       what, t.precision(), t.recall(), t.f1(), t.matched, t.drafted, t.expected);
  };
  line("entities", score.entities);
  line("fields", score.fields);
  line("foreign keys", score.foreign_keys);
  out += fmt::format("  {:<13} {} of {} right ({:.0f} %)\n", "backend", score.backends_right,
                     score.descriptions,
                     score.descriptions == 0 ? 100.0 : 100.0 * score.backends_right / score.descriptions);
  out += fmt::format("  {:<13} {} phrase entity names\n", "phrases", score.phrase_entities);
  if (!details) return out;
  for (const Miss& m : score.misses) {
    out += "  " + m.file + "\n";
    for (const std::string& s : m.missing) out += "    - " + s + "\n";
    for (const std::string& s : m.extra) out += "    + " + s + "\n";
  }
  return out;
}

}  // namespace v5gen::words::score
