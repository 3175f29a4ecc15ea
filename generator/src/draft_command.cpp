// `v5gen draft "TEXT" [-o SPEC] [--name NAME]`: plain English to a commented spec draft that
// passes validation levels 1, 2 and 4. Prints every assumption and every unused sentence.
// Exit codes: 0 a valid draft, 1 no entity found or the draft does not validate, 2 usage or an
// unwritable output file.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "command.hpp"
#include "v5validate/format.hpp"
#include "words/drafter.hpp"

namespace v5gen {

namespace {

struct DraftArgs {
  std::string text;
  std::string output;
  std::string name;
};

int run_draft(const DraftArgs& args) {
  words::DraftOptions options;
  options.system_name = args.name;
  const words::DraftResult result = words::draft_spec(args.text, options);
  const words::Draft& d = result.draft;

  std::fprintf(stderr, "Assumptions (%zu):\n", d.assumptions.size());
  for (const std::string& a : d.assumptions) std::fprintf(stderr, "  - %s\n", a.c_str());
  std::fprintf(stderr, "Not used (%zu):\n", d.unused.size());
  for (const words::UnusedText& u : d.unused) {
    std::fprintf(stderr, "  - \"%s\": %s\n", u.text.c_str(), u.reason.c_str());
  }
  if (d.entities.empty()) {
    std::fprintf(stderr, "v5gen draft: no entity found in the text\n");
    return kExitCheckFailed;
  }
  if (args.output.empty()) {
    std::fwrite(result.spec_yaml.data(), 1, result.spec_yaml.size(), stdout);
  } else {
    std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
    out << result.spec_yaml;
    out.close();
    if (!out) {
      std::fprintf(stderr, "v5gen draft: cannot write %s\n", args.output.c_str());
      return kExitUsage;
    }
    std::fprintf(stderr, "Wrote %s (%zu entities, backend %s)\n", args.output.c_str(),
                 d.entities.size(), d.backend.c_str());
  }
  const std::string report = v5validate::format_text(result.report);
  std::fwrite(report.data(), 1, report.size(), stderr);
  return result.ok() ? kExitOk : kExitCheckFailed;
}

std::function<int()> setup_draft(CLI::App& sub) {
  auto args = std::make_shared<DraftArgs>();
  sub.add_option("TEXT", args->text, "The system described in plain English (docs/words.md)")
      ->required();
  sub.add_option("-o,--output", args->output, "Write the spec here instead of stdout");
  sub.add_option("--name", args->name, "The system name (default: from the text)");
  return [args] { return run_draft(*args); };
}

}  // namespace

V5GEN_COMMAND("draft", "Draft a spec from a plain English description", setup_draft);

}  // namespace v5gen
