#include "generated_names.hpp"

#include <map>

#include <fmt/format.h>

#include "v5validate/cpp_names.hpp"

namespace v5validate::detail {

namespace {

// One scope of the generated code: the first spec name (and its path) of each C++ name.
class Scope {
 public:
  Scope(Sink& sink, std::string what) : sink_(sink), what_(std::move(what)) {}

  // Reserves a C++ name the generator itself declares in this scope.
  void reserve(const std::string& cpp, std::string origin) {
    taken_.emplace(cpp, Origin{std::move(origin), ""});
  }

  // Declares `cpp`, derived from `origin` at `path`; V224 when the scope already holds it.
  void declare(const std::string& cpp, std::string origin, std::string path) {
    auto [it, inserted] = taken_.emplace(cpp, Origin{origin, path});
    if (inserted) return;
    sink_.add("V224", path,
              fmt::format("{} and {} both become the C++ {} `{}` in the generated code", origin,
                          it->second.origin, what_, cpp),
              it->second.path.empty()
                  ? fmt::format("rename {}", origin)
                  : fmt::format("rename one of them (the other is at {})", it->second.path));
  }

 private:
  struct Origin {
    std::string origin;
    std::string path;
  };
  Sink& sink_;
  std::string what_;
  std::map<std::string, Origin> taken_;
};

void check_system_name(const v5store::SystemSpec& spec, Sink& sink) {
  if (cpp_identifier(spec.name) == spec.name && spec.name != "std" && spec.name != "v5store") {
    return;
  }
  sink.add("V224", "system.name",
           fmt::format("system name `{}` cannot be the C++ namespace of the generated code (a "
                       "keyword, a C library macro or a namespace the code uses)",
                       spec.name),
           fmt::format("rename the system, e.g. `{}_app`", spec.name));
}

void check_members(const v5store::EntitySpec& entity, Sink& sink) {
  Scope members(sink, fmt::format("member of struct {}", pascal_case(entity.name)));
  for (const auto& field : entity.fields) {
    members.declare(cpp_identifier(field.name), fmt::format("field `{}`", field.name),
                    field_path(entity, field));
  }
}

void check_namespace(const v5store::SystemSpec& spec, Sink& sink) {
  Scope types(sink, fmt::format("type in namespace {}", spec.name));
  types.reserve("System", "the generated class System");
  Scope parsers(sink, fmt::format("function in namespace {}", spec.name));
  for (const auto& entity : spec.entities) {
    const std::string path = fmt::format("entities.{}", entity.name);
    types.declare(pascal_case(entity.name), fmt::format("entity `{}`", entity.name), path);
    for (const auto& field : entity.fields) {
      if (field.type != v5store::FieldType::enumeration) continue;
      const std::string origin = fmt::format("enum field `{}.{}`", entity.name, field.name);
      types.declare(enum_type_name(entity.name, field.name), origin, field_path(entity, field));
      parsers.declare(entity.name + "_" + field.name + "_from_string", origin,
                      field_path(entity, field));
    }
  }
  Scope repositories(sink, "member of class System");
  for (const char* member : {"records", "registry", "store_"}) {
    repositories.reserve(member, fmt::format("System::{}", member));
  }
  for (std::size_t i = 0; i < spec.components.size(); ++i) {
    const auto& component = spec.components[i];
    if (component.type != "store") continue;
    const std::string path = fmt::format("components[{}].name", i);
    const std::string origin = fmt::format("component `{}`", component.name);
    types.declare(pascal_case(component.name) + "Repository", origin, path);
    repositories.declare(cpp_identifier(component.name), origin, path);
  }
}

}  // namespace

void check_generated_names(const v5store::SystemSpec& spec, Sink& sink) {
  check_system_name(spec, sink);
  for (const auto& entity : spec.entities) check_members(entity, sink);
  check_namespace(spec, sink);
}

}  // namespace v5validate::detail
