#include "sink.hpp"

#include <fmt/format.h>

#include "v5validate/codes.hpp"

namespace v5validate::detail {

void Sink::add(std::string_view code, std::string path, std::string message, std::string hint) {
  add_at(nullptr, code, std::move(path), std::move(message), std::move(hint));
}

void Sink::add_at(const YamlNode* node, std::string_view code, std::string path,
                  std::string message, std::string hint) {
  if (node == nullptr && root_ != nullptr) node = locate(root_, path);
  add_at_line(node ? node->line : 0, node ? node->column : 0, code, std::move(path),
              std::move(message), std::move(hint));
}

void Sink::add_at_line(int line, int column, std::string_view code, std::string path,
                       std::string message, std::string hint) {
  Finding finding;
  const CodeInfo* info = find_code(code);
  finding.level = info ? info->level : 0;
  finding.severity = info ? info->severity : Severity::error;
  finding.code = std::string(code);
  finding.path = std::move(path);
  finding.message = std::move(message);
  finding.hint = std::move(hint);
  finding.file = file_;
  finding.line = line;
  finding.column = column;
  report_.add(std::move(finding));
}

std::string field_path(const v5store::EntitySpec& entity, const v5store::FieldSpec& field) {
  return fmt::format("entities.{}.fields.{}", entity.name, field.name);
}

}  // namespace v5validate::detail
