// Sink: how a check reports a finding. Level and severity come from the code catalogue, the
// place in the file from the YAML tree when the check gives only a path.
#pragma once

#include <string>
#include <string_view>

#include "v5store/spec.hpp"
#include "v5validate/report.hpp"
#include "yaml_tree.hpp"

namespace v5validate::detail {

class Sink {
 public:
  Sink(Report& report, std::string file, const YamlNode* root)
      : report_(report), file_(std::move(file)), root_(root) {}

  // Reports `code` at `path`, placed where the path resolves in the file.
  void add(std::string_view code, std::string path, std::string message, std::string hint = {});

  // Reports `code` at `path`, placed at `node` (or at the path when node is null).
  void add_at(const YamlNode* node, std::string_view code, std::string path, std::string message,
              std::string hint = {});

  // Reports `code` at an explicit line and column (1-based; 0 for none).
  void add_at_line(int line, int column, std::string_view code, std::string path,
                   std::string message, std::string hint = {});

  const std::string& file() const noexcept { return file_; }

 private:
  Report& report_;
  std::string file_;
  const YamlNode* root_;
};

// The path of a field's findings: "entities.<entity>.fields.<field>".
std::string field_path(const v5store::EntitySpec& entity, const v5store::FieldSpec& field);

}  // namespace v5validate::detail
