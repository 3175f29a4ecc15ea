// Emits the service project: CMakeLists.txt (find_package(v5store)), src/main.cpp (the
// <system>_service), tests/smoke_test.cpp (insert, get, update, find, remove per entity) and
// the spec itself under spec/.
#include <set>

#include <fmt/format.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "generate/finders.hpp"
#include "generate/naming.hpp"
#include "generate/sample_values.hpp"
#include "generate/store_program.hpp"

namespace v5gen {

namespace {

// The inputs of the files that depend only on the system's name and spec file name.
std::string naming_hash(const GenerationContext& context) {
  return hash_of("system=" + context.spec.name + ";spec=" + context.spec_file_name);
}

std::string cmake_lists(const GenerationContext& context) {
  const auto& spec = context.spec;
  return generated_header("#", context, naming_hash(context)) +
         fmt::format(R"v5(cmake_minimum_required(VERSION 3.25)
project({0}_service LANGUAGES CXX)

find_package(v5store 0.1 REQUIRED)

# The typed glue of system `{0}`: entity structs, entity_traits, repositories.
add_library({0}_glue INTERFACE)
target_include_directories({0}_glue INTERFACE ${{CMAKE_CURRENT_SOURCE_DIR}}/include)
target_link_libraries({0}_glue INTERFACE v5store::v5store)
target_compile_features({0}_glue INTERFACE cxx_std_20)
target_compile_definitions({0}_glue INTERFACE
  {1}_SPEC_FILE="${{CMAKE_CURRENT_SOURCE_DIR}}/spec/{2}")

add_executable({0}_service src/main.cpp)
target_link_libraries({0}_service PRIVATE {0}_glue)

include(CTest)
if(BUILD_TESTING)
  add_executable({0}_smoke_test tests/smoke_test.cpp)
  target_link_libraries({0}_smoke_test PRIVATE {0}_glue)
  # On SQLite by default; `{0}_smoke_test postgresql "<dsn>" ["<migration dsn>"]` runs it on a
  # server (the migration DSN: straight to the server when <dsn> goes through the spec's pooler).
  add_test(NAME {0}_smoke_sqlite COMMAND {0}_smoke_test sqlite)
endif()
)v5",
                     spec.name, macro_prefix(spec), context.spec_file_name);
}

std::string service_main(const GenerationContext& context) {
  const auto& spec = context.spec;
  return generated_header("//", context, naming_hash(context)) +
         fmt::format(R"v5(// {0}_service: opens the store from the spec, applies its migrations, serves
// the monitoring endpoint (/metrics, /health, /health/live, /health/ready) and stops cleanly
// on SIGTERM or SIGINT, and the JSON API of each `type: api` component (docs/api.md).
// Usage: {0}_service [SPEC]. V5_MONITORING_LISTEN overrides monitoring.listen (containers
// listen on 0.0.0.0), V5_MONITORING_TOKEN monitoring.bearer_token; V5_API_LISTEN and
// V5_API_TOKEN the listen and auth.bearer_token of the api components (a spec with one).
#include <pthread.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>

#include <v5store/v5store.hpp>

#include "{0}/system.hpp"

namespace {{

// One line per event on stderr: UTC time, the service, the message.
void log_event(const std::string& message) {{
  const std::time_t now = std::time(nullptr);
  std::tm utc{{}};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::fprintf(stderr, "%s {0}_service %s\n", stamp, message.c_str());
}}

}}  // namespace

int main(int argc, char** argv) {{
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // every thread inherits the mask

  const std::string spec_file = argc > 1 ? argv[1] : {1}_SPEC_FILE;
  try {{
    v5store::SystemSpec spec = v5store::parse_spec_file(spec_file);
    if (const char* listen = std::getenv("V5_MONITORING_LISTEN"); listen != nullptr && *listen) {{
      spec.monitoring.listen = listen;
    }}
    if (const char* token = std::getenv("V5_MONITORING_TOKEN"); token != nullptr && *token) {{
      spec.monitoring.bearer_token = token;
    }}
    for (v5store::ApiSpec& api : spec.apis) {{
      if (const char* listen = std::getenv("V5_API_LISTEN"); listen != nullptr && *listen) {{
        api.listen = listen;
      }}
      if (const char* token = std::getenv("V5_API_TOKEN"); token != nullptr && *token) {{
        api.bearer_token = token;
      }}
    }}
    log_event("starting: spec " + spec_file + ", system " + spec.name + " version " +
              std::to_string(spec.version));
    for (const auto& database : spec.databases) {{
      v5store::Migrator migrator(spec, database.name);
      const v5store::MigrationResult result = migrator.up();
      log_event("database " + database.name + ": " +
                (result.adopted ? "adopted at version " + result.applied.front()
                                : std::to_string(result.applied.size()) +
                                      " migration(s) applied"));
    }}

    // The store runs the health monitor and serves /metrics and /health* itself; `required`:
    // an address that cannot be bound stops the service at start-up.
    v5store::StoreOptions options;
    options.endpoint = v5store::MonitoringEndpoint::required;
    options.api = v5store::MonitoringEndpoint::required;
    v5store::V5EnhancedStore store(spec, options);
    {0}::System system(store);
    log_event("store open: " + std::to_string(spec.databases.size()) + " database(s)");
    log_event("monitoring on " + store.monitoring_server()->url() +
              " (/metrics /health /health/live /health/ready)");
    for (const v5store::ApiSpec& api : spec.apis) {{
      log_event("api " + api.name + " on " + store.api_server(api.name)->url() + api.base_path +
                " (" + api.base_path + "/openapi.json)");
    }}

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    log_event(std::string("stopping on ") + (signal_number == SIGTERM ? "SIGTERM" : "SIGINT"));
    store.shutdown();
    log_event("stopped");
    return 0;
  }} catch (const std::exception& e) {{
    log_event(std::string("fatal: ") + e.what());
    return 1;
  }}
}}
)v5",
                     spec.name, macro_prefix(spec));
}

// The statements of the smoke test for one entity, through its repository when a store
// component has it, else through the record API of its database.
struct EntityAccess {
  std::string insert, get, update, remove, find_all;
};

EntityAccess access_for(const v5store::SystemSpec& spec, const v5store::EntitySpec& entity,
                        const std::string& row, const std::string& key_args) {
  const std::string type = spec.name + "::" + pascal_case(entity.name);
  if (const v5store::ComponentSpec* store = store_of(spec, entity)) {
    const std::string repo = "system." + cpp_identifier(store->name);
    return {repo + ".insert(" + row + ")", repo + ".get(" + key_args + ")",
            repo + ".update(" + row + ")", repo + ".remove(" + key_args + ")",
            repo + ".find_all()"};
  }
  const std::string records =
      "system.records(" +
      cpp_string_literal(spec.databases.empty() ? std::string() : spec.databases[0].name) + ")";
  const std::string key = "v5store::Key{" + key_args + "}";
  return {records + ".insert(" + row + ")", records + ".get<" + type + ">(" + key + ")",
          records + ".update(" + row + ")", records + ".remove<" + type + ">(" + key + ")",
          records + ".find<" + type + ">()"};
}

// Checks that every finder of the entity's repository returns the row just inserted.
std::string finder_checks(const v5store::SystemSpec& spec, const v5store::EntitySpec& entity,
                          const std::string& row) {
  const v5store::ComponentSpec* store = store_of(spec, entity);
  if (store == nullptr) return "";
  std::string out;
  for (const Finder& finder : finders_of(entity)) {
    std::vector<std::string> names, args;
    for (const auto* f : finder.fields) {
      names.push_back(f->name);
      const bool optional = member_type(entity, *f).starts_with("std::optional<");
      args.push_back((optional ? "*" : "") + row + "." + cpp_identifier(f->name));
    }
    const std::string call = fmt::format("system.{}.find_by_{}({})", cpp_identifier(store->name),
                                         fmt::join(names, "_and_"), fmt::join(args, ", "));
    out += finder.unique
               ? fmt::format("  check({} == {}, \"{} find_by_{}\");\n", call, row, entity.name,
                             fmt::join(names, "_and_"))
               : fmt::format("  check(contains({}, {}), \"{} find_by_{}\");\n", call, row,
                             entity.name, fmt::join(names, "_and_"));
  }
  return out;
}

// Checks the repository inside a transaction: get and update through on(tx), then commit.
std::string transaction_checks(const v5store::SystemSpec& spec, const v5store::EntitySpec& entity,
                               const std::string& row, const std::string& key_args) {
  const v5store::ComponentSpec* store = store_of(spec, entity);
  if (store == nullptr) return "";
  return fmt::format(
      "  {{\n"
      "    v5store::Transaction tx = store.begin(\"{0}\");\n"
      "    check(system.{1}.on(tx).get({2}) == {3}, \"{4} get inside a transaction\");\n"
      "    check(system.{1}.on(tx).update({3}), \"{4} update inside a transaction\");\n"
      "    tx.commit();\n"
      "  }}\n",
      store->database, cpp_identifier(store->name), key_args, row, entity.name);
}

// The entities whose smoke-test row stays: read-only ones, and (transitively) those a kept
// row references, since removing them would break its foreign key.
std::set<std::string> kept_rows(const v5store::SystemSpec& spec) {
  std::set<std::string> kept;
  for (const auto& entity : spec.entities) {
    if (entity.read_only) kept.insert(entity.name);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& entity : spec.entities) {
      if (kept.count(entity.name) == 0) continue;
      for (const auto& fk : spec.foreign_keys_of(entity)) {
        if (kept.insert(fk.references).second) grew = true;
      }
    }
  }
  return kept;
}

std::string smoke_test(const GenerationContext& context) {
  const auto& spec = context.spec;
  const auto ordered = dependency_order(spec);
  const std::set<std::string> kept = kept_rows(spec);
  std::string body;
  std::string removes;
  for (const auto* entity : ordered) {
    const std::string type = spec.name + "::" + pascal_case(entity->name);
    const std::string row = entity->name + "_row";
    body += fmt::format("\n  // --- {} ---\n  {} {}{{}};\n", entity->name, type, row);
    for (const auto& field : entity->fields) {
      const std::string member = row + "." + cpp_identifier(field.name);
      if (const auto target = referenced_field(spec, *entity, field)) {
        body += fmt::format("  {} = {}_row.{};\n", member, target->first,
                            cpp_identifier(target->second));
      } else if (auto value = sample_value(spec, *entity, field)) {
        body += fmt::format("  {} = {};\n", member, *value);
      }
    }
    std::vector<std::string> key_parts;
    for (const auto* f : entity->primary_key()) {
      key_parts.push_back(row + "." + cpp_identifier(f->name));
    }
    const std::string key_args = fmt::format("{}", fmt::join(key_parts, ", "));
    const EntityAccess access = access_for(spec, *entity, row, key_args);
    body += fmt::format("  {};\n", access.insert);
    const auto what = [&](std::string_view step) {
      return cpp_string_literal(entity->name + " " + std::string(step));
    };
    if (entity->read_only) {
      // No update or remove exists; a row without a key is found by scanning.
      body += finder_checks(spec, *entity, row);
      body += fmt::format("  check(contains({}, {}), {});\n", access.find_all, row, what("find"));
      continue;
    }
    body += fmt::format("  check({} == {}, {});\n", access.get, row, what("insert then get"));
    body += finder_checks(spec, *entity, row);
    for (const auto& field : entity->fields) {
      if (auto changed = changed_value(spec, *entity, field)) {
        body += fmt::format("  {}.{} = {};\n", row, cpp_identifier(field.name), *changed);
        break;
      }
    }
    body += fmt::format("  check({}, {});\n", access.update, what("update"));
    body += fmt::format("  check({} == {}, {});\n", access.get, row, what("update then get"));
    body += fmt::format("  check(contains({}, {}), {});\n", access.find_all, row, what("find"));
    body += transaction_checks(spec, *entity, row, key_args);
    if (kept.count(entity->name) != 0) continue;
    removes = fmt::format("  check({}, {});\n  check(!{}.has_value(), {});\n", access.remove,
                          what("remove"), access.get, what("remove then get")) +
              removes;
  }
  return generated_header("//", context, context.spec_hash) +
         fmt::format(
             R"v5(// Smoke test of system `{0}`: insert, get, update, find and remove for every entity,
// through the generated repositories, on a real database. Usage:
//   {0}_smoke_test [sqlite|postgresql|mysql] [DSN] [MIGRATION_DSN]
// (MIGRATION_DSN: the spec's migration_dsn, straight to the server past a pooler.) Without a DSN it uses a fresh SQLite file in the temp directory. On a server, give it an
// empty database: the test migrates it up and leaves it empty again.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include <v5store/v5store.hpp>

#include "{0}/system.hpp"

namespace {{

int passed = 0;
int failed = 0;

void check(bool ok, const char* what) {{
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  (ok ? passed : failed) += 1;
}}

template <class T>
bool contains(const std::vector<T>& rows, const T& row) {{
  for (const T& r : rows) {{
    if (r == row) return true;
  }}
  return false;
}}

}}  // namespace

int main(int argc, char** argv) {{
{1}  try {{
{4}{2}
{3}  }} catch (const std::exception& e) {{
    std::printf("FAIL %s\n", e.what());
    ++failed;
  }}
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}}
)v5",
             spec.name, backend_and_dsn_from_args(spec, "smoke"), body, removes,
             open_migrated_store(spec));
}

}  // namespace

void emit_project(const GenerationContext& context, FileTree& tree) {
  tree["CMakeLists.txt"] = cmake_lists(context);
  tree[std::filesystem::path("src") / "main.cpp"] = service_main(context);
  tree[std::filesystem::path("tests") / "smoke_test.cpp"] = smoke_test(context);
  tree[std::filesystem::path("spec") / context.spec_file_name] =
      generated_header("#", context, context.spec_hash) + context.spec_text;
}

}  // namespace v5gen
