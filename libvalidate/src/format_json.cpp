#include <string>

#include <fmt/format.h>

#include "text_escape.hpp"
#include "v5validate/format.hpp"

namespace v5validate {

std::string format_json(const Report& report) {
  using detail::json_quote;
  std::string out = fmt::format("{{\"valid\": {}, \"findings\": [", report.valid());
  bool first = true;
  for (const Finding& f : report.findings()) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += fmt::format(
        "{{\"level\": {}, \"code\": {}, \"severity\": {}, \"path\": {}, \"message\": {}, "
        "\"hint\": {}, \"file\": {}, \"line\": {}, \"column\": {}}}",
        f.level, json_quote(f.code), json_quote(to_string(f.severity)), json_quote(f.path),
        json_quote(f.message), json_quote(f.hint), json_quote(f.file), f.line, f.column);
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

}  // namespace v5validate
