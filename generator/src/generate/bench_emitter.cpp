// Emits bench/crud_bench.cpp (the <system>_bench executable): a short CRUD benchmark per
// entity through its store component's repository, and appends its target to the project's
// CMakeLists.txt (emit_project must have run first).
#include <fmt/format.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "generate/naming.hpp"
#include "generate/sample_values.hpp"
#include "generate/store_program.hpp"
#include "v5store/error.hpp"

namespace v5gen {

namespace {

// The benchmark of one entity: a prototype row, then timed rounds of insert, get, update and
// remove of a copy of it; afterwards the prototype itself is inserted, as the parent row of the
// entities that reference this one.
std::string entity_block(const v5store::SystemSpec& spec, const v5store::EntitySpec& entity) {
  const v5store::ComponentSpec* store = store_of(spec, entity);
  if (store == nullptr) {
    return fmt::format("  std::printf(\"%s\\n\", {});\n",
                       cpp_string_literal(entity.name + ": skipped (no store component)"));
  }
  const std::string type = spec.name + "::" + pascal_case(entity.name);
  const std::string row = entity.name + "_row";
  const std::string repo = "system." + cpp_identifier(store->name);
  std::string out = fmt::format("\n  // --- {} ---\n  {} {}{{}};\n", entity.name, type, row);
  for (const auto& field : entity.fields) {
    const std::string member = row + "." + cpp_identifier(field.name);
    if (const auto target = referenced_field(spec, entity, field)) {
      if (target->first == entity.name) continue;  // self-reference: left empty
      out += fmt::format("  {} = {}_row.{};\n", member, target->first,
                         cpp_identifier(target->second));
    } else if (auto value = sample_value(spec, entity, field)) {
      out += fmt::format("  {} = {};\n", member, *value);
    }
  }
  if (entity.read_only) {
    // No update or remove: only the parent row is inserted, for the entities referencing it.
    return out + fmt::format("  std::printf(\"%s\\n\", {});\n  {}.insert({});\n",
                             cpp_string_literal(entity.name + ": skipped (read_only)"), repo, row);
  }
  std::string change;
  for (const auto& field : entity.fields) {
    if (auto changed = changed_value(spec, entity, field)) {
      change = fmt::format("    r.{} = {};\n", cpp_identifier(field.name), *changed);
      break;
    }
  }
  std::vector<std::string> key_parts;
  for (const auto* f : entity.primary_key()) key_parts.push_back("r." + cpp_identifier(f->name));
  const std::string key = fmt::format("{}", fmt::join(key_parts, ", "));
  out += fmt::format(
      "  {{\n"
      "    const auto start = Clock::now();\n"
      "    std::int64_t rounds = 0;\n"
      "    do {{\n"
      "      {0} r = {1};\n"
      "      {2}.insert(r);\n"
      "      check({2}.get({3}).has_value(), {5});\n"
      "{4}"
      "      check({2}.update(r), {6});\n"
      "      check({2}.remove({3}), {7});\n"
      "      ++rounds;\n"
      "    }} while (rounds < kMinRounds || Clock::now() - start < budget);\n"
      "    report({8}, rounds, Clock::now() - start);\n"
      "  }}\n"
      "  {2}.insert({1});\n",
      type, row, repo, key, change.empty() ? "" : "  " + change,
      cpp_string_literal(entity.name + " get"), cpp_string_literal(entity.name + " update"),
      cpp_string_literal(entity.name + " remove"), cpp_string_literal(entity.name));
  return out;
}

std::string bench_source(const GenerationContext& context) {
  const auto& spec = context.spec;
  std::string body;
  for (const auto* entity : dependency_order(spec)) body += entity_block(spec, *entity);
  return generated_header("//", context, context.spec_hash) +
         fmt::format(
             R"v5(// CRUD benchmark of system `{0}`: for every entity, rounds of insert, get, update and
// remove through its repository for a time budget, reported as operations per second (four
// operations per round), one line per entity:
//   <entity>: <operations> ops in <seconds> s = <ops/s> ops/s
// Usage: {0}_bench [sqlite|postgresql|mysql] [DSN] [MIGRATION_DSN] [SECONDS_PER_ENTITY]
// Without a DSN it uses a fresh SQLite file in the temp directory; on a server, give it an
// empty database (one parent row per entity stays behind). Exit code 1 when an operation fails.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <v5store/v5store.hpp>

#include "{0}/system.hpp"

namespace {{

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kMinRounds = 20;

void check(bool ok, const char* what) {{
  if (!ok) throw std::runtime_error(std::string(what) + " failed");
}}

void report(const char* entity, std::int64_t rounds, Clock::duration elapsed) {{
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const std::int64_t operations = rounds * 4;
  std::printf("%s: %lld ops in %.3f s = %.0f ops/s\n", entity, static_cast<long long>(operations),
              seconds, static_cast<double>(operations) / seconds);
  std::fflush(stdout);
}}

}}  // namespace

int main(int argc, char** argv) {{
{1}  const auto budget = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(argc > 4 ? std::atof(argv[4]) : 0.25));
  try {{
{3}{2}  }} catch (const std::exception& e) {{
    std::printf("FAIL %s\n", e.what());
    return 1;
  }}
  return 0;
}}
)v5",
             spec.name, backend_and_dsn_from_args(spec, "bench"), body, open_migrated_store(spec));
}

}  // namespace

void emit_bench(const GenerationContext& context, FileTree& tree) {
  const auto lists = tree.find("CMakeLists.txt");
  if (lists == tree.end()) {
    throw v5store::Error(v5store::ErrorCode::config,
                         "emit_bench: the project's CMakeLists.txt is not generated yet");
  }
  const std::string& name = context.spec.name;
  tree[std::filesystem::path("bench") / "crud_bench.cpp"] = bench_source(context);
  lists->second += fmt::format(
      "\n# The CRUD benchmark per entity (v5gen new, stage 9): {0}_bench [backend] [dsn] [s]\n"
      "add_executable({0}_bench bench/crud_bench.cpp)\n"
      "target_link_libraries({0}_bench PRIVATE {0}_glue)\n",
      name);
}

}  // namespace v5gen
