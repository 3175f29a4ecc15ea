// Merging an import into a spec the user may have edited.
#include "import/merge.hpp"

#include <map>
#include <sstream>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "import/naming.hpp"
#include "import/spec_text.hpp"
#include "generate/escape.hpp"
#include "v5store/error.hpp"

namespace v5gen::import {

namespace {

std::string scalar_or(const YAML::Node& node, const std::string& fallback) {
  return node && node.IsScalar() ? node.Scalar() : fallback;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The merge of one import into the YAML tree of the existing spec.
class Merger {
 public:
  Merger(YAML::Node root, const ImportResult& result) : root_(std::move(root)), result_(result) {}

  std::string run() {
    YAML::Node entities = root_["entities"];
    for (auto it = entities.begin(); it != entities.end(); ++it) {
      const std::string name = it->first.Scalar();
      entity_names_.reserve(name);
      table_entity_[scalar_or(it->second["table"], name)] = name;
    }
    // The merged name of every imported entity and field, before anything is added, so that
    // references in added fields point at the names the user kept.
    for (const auto& entity : result_.spec.entities) map_entity(entity);
    for (const auto& entity : result_.spec.entities) add_entity(entity);
    return changes_;
  }

  YAML::Node root() const { return root_; }

 private:
  void map_entity(const v5store::EntitySpec& entity) {
    const auto found = table_entity_.find(entity.table);
    const bool exists = found != table_entity_.end();
    const std::string name = exists ? found->second : entity_names_.pick(entity.name, entity.table).name;
    entity_name_[entity.name] = name;
    NameScope fields;
    std::map<std::string, std::string> existing_by_column;
    if (exists) {
      const YAML::Node spec_fields = root_["entities"][name]["fields"];
      for (auto it = spec_fields.begin(); it != spec_fields.end(); ++it) {
        const std::string field = it->first.Scalar();
        fields.reserve(field);
        existing_by_column[scalar_or(it->second["column"], field)] = field;
      }
    }
    for (const auto& field : entity.fields) {
      const auto kept = existing_by_column.find(field.column);
      field_name_[entity.name][field.name] = kept != existing_by_column.end()
                                                 ? kept->second
                                                 : fields.pick(field.name, field.column).name;
    }
  }

  void add_entity(const v5store::EntitySpec& entity) {
    const std::string& name = entity_name_.at(entity.name);
    v5store::EntitySpec renamed = entity;
    renamed.name = name;
    for (auto& field : renamed.fields) {
      field.name = field_name_[entity.name][field.name];
      if (field.references_entity) {
        const std::string target = *field.references_entity;
        field.references_entity = entity_name_[target];
        field.references_field = field_name_[target][field.references_field.value_or("")];
      }
    }
    for (auto& index : renamed.indexes) {
      for (auto& field : index.fields) field = field_name_[entity.name][field];
    }
    for (auto& fk : renamed.foreign_keys) {
      for (auto& field : fk.fields) field = field_name_[entity.name][field];
      for (auto& field : fk.referenced_fields) field = field_name_[fk.references][field];
      fk.references = entity_name_[fk.references];
    }
    if (table_entity_.count(entity.table) == 0) {
      v5store::SystemSpec one;
      one.entities.push_back(renamed);
      root_["entities"][name] = spec_tree(one)["entities"][name];
      YAML::Node component;
      component["name"] = name;
      component["type"] = "store";
      component["entity"] = name;
      component["database"] = scalar_or(first_database(), "main");
      root_["components"].push_back(component);
      changes_ += "+ entity " + name + " (table " + comment_text(entity.table) + ")\n";
      return;
    }
    YAML::Node fields = root_["entities"][name]["fields"];
    for (const auto& field : renamed.fields) {
      if (fields[field.name]) continue;
      v5store::SystemSpec one;
      v5store::EntitySpec holder;
      holder.name = name;
      holder.table = entity.table;
      holder.fields.push_back(field);
      one.entities.push_back(holder);
      fields[field.name] = spec_tree(one)["entities"][name]["fields"][field.name];
      changes_ += "+ field " + name + "." + field.name + " (column " +
                  comment_text(field.column) + ")\n";
    }
  }

  YAML::Node first_database() const {
    const YAML::Node databases = root_["databases"];
    if (!databases || !databases.IsMap() || databases.size() == 0) return YAML::Node();
    return databases.begin()->first;
  }

  YAML::Node root_;
  const ImportResult& result_;
  NameScope entity_names_;
  std::map<std::string, std::string> table_entity_;  // table -> existing entity
  std::map<std::string, std::string> entity_name_;   // imported entity -> merged name
  std::map<std::string, std::map<std::string, std::string>> field_name_;
  std::string changes_;
};

}  // namespace

Merged merge_into(const std::string& existing, const std::string& path,
                  const ImportResult& result) {
  YAML::Node root;
  try {
    root = YAML::Load(existing);
  } catch (const YAML::Exception& e) {
    throw v5store::Error(v5store::ErrorCode::config, path + ": not YAML: " + e.what());
  }
  if (!root.IsMap()) {
    throw v5store::Error(v5store::ErrorCode::config, path + ": not a spec (not a mapping)");
  }
  Merger merger(root, result);
  Merged out;
  out.changes = merger.run();
  out.text = header_comment(result) + yaml_document(merger.root());
  if (!out.text.empty() && out.text.back() != '\n') out.text += '\n';
  if (out.changes.empty()) out.changes = "no new tables or columns\n";
  out.changes += line_diff(existing, out.text);
  return out;
}

std::string line_diff(const std::string& before, const std::string& after) {
  const std::vector<std::string> a = lines_of(before);
  const std::vector<std::string> b = lines_of(after);
  // Longest common subsequence table, then one walk emitting "-" and "+" lines.
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;) {
    for (std::size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i;
      ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "+ " + b[j++] + "\n";
    } else {
      out += "- " + a[i++] + "\n";
    }
  }
  return out;
}

}  // namespace v5gen::import
