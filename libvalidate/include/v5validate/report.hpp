// Findings and the report that collects them: what every validation level produces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace v5validate {

// How serious a finding is. Only errors make a spec invalid and stop the run after their level.
enum class Severity { error, warning, info };

// Returns "error", "warning" or "info". Thread-safe.
std::string_view to_string(Severity severity) noexcept;

// One finding of one check.
struct Finding {
  int level = 0;     // 1 framework, 2 component logic, 3 database, 4 semantic
  std::string code;  // stable code such as "V203" (docs/validation.md)
  Severity severity = Severity::error;
  std::string path;     // where in the spec, e.g. "entities.loan.fields.due_on"; "" for the file
  std::string message;  // what is wrong; never contains a password
  std::string hint;     // how to fix it; may be empty
  std::string file;     // the spec file (or source name); empty when unknown
  int line = 0;         // 1-based; 0 when the finding has no place in the file
  int column = 0;       // 1-based; 0 when unknown
};

// The findings of one run, in the order the checks produced them. Not thread-safe.
class Report {
 public:
  // Appends a finding.
  void add(Finding finding);

  // Every finding, in order.
  const std::vector<Finding>& findings() const noexcept { return findings_; }
  std::vector<Finding>& findings() noexcept { return findings_; }

  // True when no finding is an error.
  bool valid() const noexcept;

  // The number of findings of a severity.
  std::size_t count(Severity severity) const noexcept;

  // True when any finding carries `code`.
  bool has_code(std::string_view code) const noexcept;

  // True when any finding of `level` is an error.
  bool has_error_at(int level) const noexcept;

  // True when a database of the spec could not be reached (level 3, code V301).
  bool database_unreachable() const noexcept { return has_code("V301"); }

  // The levels that ran, in order (a level after the first failing one does not run).
  const std::vector<int>& levels_run() const noexcept { return levels_run_; }
  void mark_level_run(int level) { levels_run_.push_back(level); }

 private:
  std::vector<Finding> findings_;
  std::vector<int> levels_run_;
};

}  // namespace v5validate
