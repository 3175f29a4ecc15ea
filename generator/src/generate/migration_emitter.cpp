// Emits migrations/V1__initial.<backend>.sql for every backend of the spec, in the backend's
// own dialect (the library's DDL; no SQL is written here), for users of versioned mode.
#include <set>

#include <fmt/format.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "v5store/internal/backend.hpp"

namespace v5gen {

void emit_migrations(const GenerationContext& context, FileTree& tree) {
  std::set<v5store::BackendKind> backends;
  for (const auto& database : context.spec.databases) backends.insert(database.backend);
  const auto ordered = dependency_order(context.spec);
  for (v5store::BackendKind kind : backends) {
    const auto& backend = v5store::detail::backend_for(kind);
    std::string body;
    for (const auto* entity : ordered) {
      body += backend.create_table(context.spec, *entity) + ";\n";
      for (const auto& index : entity->indexes) {
        body += backend.create_index(*entity, index) + ";\n";
      }
      body += "\n";
    }
    const std::string name = fmt::format("V1__initial.{}.sql", v5store::to_string(kind));
    tree[std::filesystem::path("migrations") / name] =
        generated_header("--", context, hash_of(body)) +
        "-- " +
        comment_text(fmt::format("The schema of system `{}` version {} on {}, from empty.",
                                 context.spec.name, context.spec.version,
                                 v5store::to_string(kind))) +
        "\n\n" +
        body;
  }
}

}  // namespace v5gen
