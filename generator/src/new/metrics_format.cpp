// The exposition-format check: one pass over the lines, a small scanner per line.
#include "new/metrics_format.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

namespace v5gen::words {

namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

// Consumes a metric or label name at `pos`; false when there is none.
bool scan_name(std::string_view line, std::size_t& pos, bool label) {
  if (pos >= line.size() || !name_start(line[pos]) || (label && line[pos] == ':')) return false;
  while (pos < line.size() && name_char(line[pos]) && !(label && line[pos] == ':')) ++pos;
  return true;
}

bool is_float(std::string_view token) {
  if (token == "NaN" || token == "+Inf" || token == "-Inf" || token == "Inf") return true;
  const std::string text(token);
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

// The problem with a sample line, or empty.
std::string sample_problem(std::string_view line) {
  std::size_t pos = 0;
  if (!scan_name(line, pos, false)) return "a sample must start with a metric name";
  if (pos < line.size() && line[pos] == '{') {
    ++pos;
    while (pos < line.size() && line[pos] != '}') {
      if (!scan_name(line, pos, true)) return "bad label name";
      if (pos >= line.size() || line[pos] != '=') return "a label needs '='";
      if (++pos >= line.size() || line[pos] != '"') return "a label value must be quoted";
      for (++pos; pos < line.size() && line[pos] != '"'; ++pos) {
        if (line[pos] == '\\') ++pos;
      }
      if (pos >= line.size()) return "unterminated label value";
      ++pos;
      if (pos < line.size() && line[pos] == ',') ++pos;
    }
    if (pos >= line.size()) return "unterminated label set";
    ++pos;
  }
  if (pos >= line.size() || line[pos] != ' ') return "the value must follow one space";
  const std::string_view rest = line.substr(pos + 1);
  const std::size_t space = rest.find(' ');
  if (!is_float(rest.substr(0, space))) return "the value is not a number";
  if (space != std::string_view::npos) {
    const std::string_view stamp = rest.substr(space + 1);
    for (char c : stamp) {
      if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-') return "bad timestamp";
    }
  }
  return {};
}

// The problem with a "# HELP" or "# TYPE" line, or empty.
std::string comment_problem(std::string_view line) {
  const bool help = line.rfind("# HELP ", 0) == 0;
  const bool type = line.rfind("# TYPE ", 0) == 0;
  if (!help && !type) return {};
  std::size_t pos = 7;
  if (!scan_name(line, pos, false)) return "HELP/TYPE needs a metric name";
  if (type) {
    const std::string_view kind = pos < line.size() ? line.substr(pos + 1) : std::string_view{};
    if (kind != "counter" && kind != "gauge" && kind != "histogram" && kind != "summary" &&
        kind != "untyped") {
      return "unknown metric type";
    }
  }
  return {};
}

}  // namespace

std::string metrics_format_problem(std::string_view text) {
  int samples = 0;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    ++number;
    std::string problem;
    if (!line.empty() && line[0] == '#') {
      problem = comment_problem(line);
    } else if (!line.empty()) {
      problem = sample_problem(line);
      ++samples;
    }
    if (!problem.empty()) return "line " + std::to_string(number) + ": " + problem;
    start = end + 1;
  }
  return samples == 0 ? "no samples" : std::string();
}

}  // namespace v5gen::words
