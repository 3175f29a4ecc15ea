// libFuzzer target: a spec file through libvalidate levels 1, 2 and 4 (what `v5gen generate`
// runs); a spec that validates then goes through every emitter of the generator, in memory.
// Any input must end in a report, never a crash or an escaped exception, and no generated C++,
// YAML or JSON file may hold verbatim a string of the spec that holds a line break (CR, LF, VT,
// FF, NEL, U+2028, U+2029), the one thing that leaves every context v5gen writes (a `//`
// comment, a string literal, a YAML or JSON scalar): spec text is data (docs/generator.md,
// "Escaping"). v5gen writes no /* */ comments, so "*/" inside a literal is harmless. Building the generated
// code is ctest generator.attacks's job (too slow per input).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "generate/emitters.hpp"
#include "v5store/error.hpp"
#include "v5validate/orchestrator.hpp"

namespace {

// The spec's free-text strings that would break out of a C++ comment or literal, or a YAML or
// JSON scalar, if pasted as they are: those holding a line break.
std::vector<std::string> dangerous_strings(const v5store::SystemSpec& spec) {
  std::vector<std::string> texts = {spec.description};
  for (const auto& entity : spec.entities) {
    texts.push_back(entity.description);
    for (const auto& field : entity.fields) {
      texts.push_back(field.description);
      if (field.default_value) texts.push_back(*field.default_value);
      texts.insert(texts.end(), field.values.begin(), field.values.end());
    }
  }
  std::vector<std::string> dangerous;
  for (auto& text : texts) {
    if (text.find_first_of("\r\n\v\f") != std::string::npos ||
        text.find("\xE2\x80\xA8") != std::string::npos ||
        text.find("\xE2\x80\xA9") != std::string::npos || text.find("\xC2\x85") != std::string::npos) {
      dangerous.push_back(std::move(text));
    }
  }
  return dangerous;
}

// The generated files whose every byte v5gen composes: not the spec's own copies (spec/, the
// ConfigMap) and not the migrations (SQL literals are the library's dialect).
bool composed_by_v5gen(const std::filesystem::path& path) {
  const std::string p = path.generic_string();
  return !p.starts_with("spec/") && !p.starts_with("migrations/") &&
         p != "deploy/k8s/configmap.yaml";
}

void generate_and_check(const std::string& text) {
  v5store::SystemSpec spec;
  try {
    spec = v5store::parse_spec_string(text, "fuzz.yaml");
  } catch (const v5store::Error&) {
    return;  // validation passed but the model refused: V190's territory, checked elsewhere
  }
  const v5gen::GenerationContext context{spec, "fuzz.yaml", text, v5gen::hash_of(text)};
  v5gen::FileTree tree;
  try {
    v5gen::emit_entities(context, tree);
    v5gen::emit_repositories(context, tree);
    v5gen::emit_migrations(context, tree);
    v5gen::emit_project(context, tree);
    v5gen::emit_bench(context, tree);
    v5gen::emit_deploy(context, tree);
  } catch (const v5store::Error&) {
    return;  // a documented refusal (e.g. no smoke-test value satisfies a pattern)
  }
  const auto dangerous = dangerous_strings(spec);
  for (const auto& [path, content] : tree) {
    if (!composed_by_v5gen(path)) continue;
    for (const auto& raw : dangerous) {
      if (content.find(raw) != std::string::npos) std::abort();  // spec text pasted unescaped
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto path = std::filesystem::temp_directory_path() /
                           ("v5_spec_fuzz_" + std::to_string(::getpid()) + ".yaml");
  const std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  v5validate::Options options;
  options.max_level = 4;
  options.live = false;
  options.server_cores = 4;
  if (v5validate::Orchestrator::run(path, options).valid()) generate_and_check(text);
  return 0;
}
