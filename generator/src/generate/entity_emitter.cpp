// Emits one header per entity: the struct, an enum class per enum field, entity_traits.
#include <fmt/format.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "generate/naming.hpp"

namespace v5gen {

namespace {

std::string canonical_entity(const v5store::EntitySpec& entity, std::string_view system) {
  std::string text = fmt::format("system={};entity={};table={};", system, entity.name,
                                 entity.table);
  for (const auto& f : entity.fields) {
    text += fmt::format("{}:{}:{}:{}:{}:{}|", f.name, v5store::to_string(f.type), f.nullable,
                        f.primary_key, f.default_value.value_or("~"), fmt::join(f.values, ","));
  }
  return text;
}

std::string member_initializer(const v5store::FieldSpec& field, const std::string& type) {
  if (type.starts_with("std::optional")) return "";
  switch (field.type) {
    case v5store::FieldType::boolean:
      return " = false";
    case v5store::FieldType::int32:
    case v5store::FieldType::int64:
      return " = 0";
    case v5store::FieldType::float64:
      return " = 0.0";
    case v5store::FieldType::enumeration:
      return fmt::format(" = {}::{}", type, enum_members(field.values).front());
    default:
      return "{}";
  }
}

std::string field_comment(const v5store::FieldSpec& f) {
  std::vector<std::string> notes;
  notes.emplace_back(v5store::to_string(f.type));
  if (f.primary_key) notes.emplace_back("primary key");
  if (f.generated) notes.emplace_back("generated");
  if (f.unique) notes.emplace_back("unique");
  if (f.nullable) notes.emplace_back("nullable");
  if (f.default_value) notes.push_back("default " + *f.default_value);
  if (f.references_entity) {
    notes.push_back("references " + *f.references_entity + "." + f.references_field.value_or(""));
  }
  if (!f.description.empty()) notes.push_back(f.description);
  return comment_text(fmt::format("{}", fmt::join(notes, ", ")));
}

void emit_enum(const v5store::EntitySpec& entity, const v5store::FieldSpec& field,
               std::string& out) {
  const std::string type = enum_type_name(entity, field);
  const std::vector<std::string> members = enum_members(field.values);
  out += fmt::format("// {}\nenum class {} {{ {} }};\n\n",
                     comment_text("The values of " + entity.name + "." + field.name + "."), type,
                     fmt::join(members, ", "));
  out += fmt::format("// The spec's text of a {} value.\ninline std::string_view to_string({} v) "
                     "noexcept {{\n  switch (v) {{\n",
                     type, type);
  for (std::size_t i = 0; i < members.size(); ++i) {
    out += fmt::format("    case {}::{}:\n      return {};\n", type, members[i],
                       cpp_string_literal(field.values[i]));
  }
  out += "  }\n  return {};\n}\n\n";
  out += fmt::format(
      "// {1}\n"
      "inline {0} {2}_from_string(std::string_view text) {{\n",
      type,
      comment_text("Parses a " + type + " value. Throws v5store::Error(validation) naming " +
                   entity.name + "." + field.name + " otherwise."),
      entity.name + "_" + field.name);
  for (std::size_t i = 0; i < members.size(); ++i) {
    out += fmt::format("  if (text == {}) return {}::{};\n", cpp_string_literal(field.values[i]),
                       type, members[i]);
  }
  out += fmt::format(
      "  throw v5store::Error(v5store::ErrorCode::validation,\n"
      "                       {} + std::string(text) + {});\n}}\n\n",
      cpp_string_literal(entity.name + "." + field.name + ": '"),
      cpp_string_literal(fmt::format("' is not one of {}", fmt::join(field.values, ", "))));
}

void emit_codec(const std::string& ns, const v5store::EntitySpec& entity,
                const v5store::FieldSpec& field, std::string& out) {
  const std::string type = ns + "::" + enum_type_name(entity, field);
  out += fmt::format(
      "// {0} is stored as its text.\n"
      "template <>\nstruct v5store::value_codec<{0}> {{\n"
      "  static Value to_value({0} v) {{ return std::string({1}::to_string(v)); }}\n"
      "  static void from_value(Value&& v, {0}& out) {{\n"
      "    const std::string* text = std::get_if<std::string>(&v);\n"
      "    if (text == nullptr) detail::throw_codec_mismatch(v, {4});\n"
      "    out = {1}::{2}_{3}_from_string(*text);\n  }}\n}};\n\n",
      type, ns, entity.name, field.name,
      cpp_string_literal(entity.name + "." + field.name + " text"));
}

// The field constants of typed queries: `namespace shop::order_fields { ... total_cents }`, so
// that `order_fields::total_cents > 100` checks the name and the value's type at compile time.
// An enum field compares with the spec's text of its values.
void emit_field_constants(const std::string& ns, const v5store::EntitySpec& entity,
                          std::string& out) {
  const std::string type = pascal_case(entity.name);
  out += fmt::format(
      "\n// Fields of {} for typed queries (v5store/query.hpp).\nnamespace {}::{}_fields {{\n",
      entity.name, ns, entity.name);
  for (const auto& field : entity.fields) {
    std::string value = member_type(entity, field);
    if (value.starts_with("std::optional<")) value = value.substr(14, value.size() - 15);
    if (field.type == v5store::FieldType::enumeration) value = "std::string";
    out += fmt::format("inline constexpr v5store::TypedField<{}::{}, {}> {}{{{}}};\n", ns, type,
                       value, cpp_identifier(field.name), cpp_string_literal(field.name));
  }
  out += fmt::format("}}  // namespace {}::{}_fields\n", ns, entity.name);
}

std::string entity_header(const GenerationContext& context, const v5store::EntitySpec& entity) {
  const std::string& ns = context.spec.name;
  const std::string type = pascal_case(entity.name);
  std::string out = generated_header("//", context, hash_of(canonical_entity(entity, ns)));
  out +=
      "#pragma once\n\n#include <cstdint>\n#include <optional>\n#include <string>\n"
      "#include <string_view>\n#include <tuple>\n\n#include <v5store/entity_traits.hpp>\n"
      "#include <v5store/error.hpp>\n#include <v5store/query.hpp>\n#include <v5store/types.hpp>\n\n";
  out += fmt::format("namespace {} {{\n\n", ns);
  for (const auto& field : entity.fields) {
    if (field.type == v5store::FieldType::enumeration && !field.values.empty()) {
      emit_enum(entity, field, out);
    }
  }
  if (!entity.description.empty()) out += "// " + comment_text(entity.description) + "\n";
  out += fmt::format("// {}\nstruct {} {{\n",
                     comment_text("Entity `" + entity.name + "`, table `" + entity.table + "`."),
                     type);
  for (const auto& field : entity.fields) {
    const std::string mtype = member_type(entity, field);
    out += fmt::format("  {} {}{};  // {}\n", mtype, cpp_identifier(field.name),
                       member_initializer(field, mtype), field_comment(field));
  }
  out += fmt::format("\n  friend bool operator==(const {0}&, const {0}&) = default;\n}};\n\n", type);
  out += fmt::format("}}  // namespace {}\n\n", ns);
  for (const auto& field : entity.fields) {
    if (field.type == v5store::FieldType::enumeration && !field.values.empty()) {
      emit_codec(ns, entity, field, out);
    }
  }
  std::vector<std::string> bindings;
  for (const auto& field : entity.fields) {
    bindings.push_back(fmt::format("v5store::field({}, &{}::{}::{})",
                                   cpp_string_literal(field.name), ns, type,
                                   cpp_identifier(field.name)));
  }
  out += fmt::format(
      "template <>\nstruct v5store::entity_traits<{0}::{1}> {{\n"
      "  static constexpr std::string_view entity = {2};\n"
      "  static constexpr auto fields = std::make_tuple(\n      {3});\n}};\n",
      ns, type, cpp_string_literal(entity.name), fmt::join(bindings, ",\n      "));
  emit_field_constants(ns, entity, out);
  return out;
}

}  // namespace

void emit_entities(const GenerationContext& context, FileTree& tree) {
  for (const auto& entity : context.spec.entities) {
    tree[std::filesystem::path("include") / context.spec.name / "entities" /
         (entity.name + ".hpp")] = entity_header(context, entity);
  }
}

std::vector<const v5store::EntitySpec*> dependency_order(const v5store::SystemSpec& spec) {
  std::vector<const v5store::EntitySpec*> ordered;
  std::vector<bool> placed(spec.entities.size(), false);
  bool progress = true;
  while (ordered.size() < spec.entities.size() && progress) {
    progress = false;
    for (std::size_t i = 0; i < spec.entities.size(); ++i) {
      if (placed[i]) continue;
      bool ready = true;
      for (const auto& fk : spec.foreign_keys_of(spec.entities[i])) {
        if (fk.references == spec.entities[i].name) continue;
        for (std::size_t j = 0; j < spec.entities.size(); ++j) {
          if (!placed[j] && spec.entities[j].name == fk.references) ready = false;
        }
      }
      if (ready) {
        placed[i] = true;
        ordered.push_back(&spec.entities[i]);
        progress = true;
      }
    }
  }
  for (std::size_t i = 0; i < spec.entities.size(); ++i) {
    if (!placed[i]) ordered.push_back(&spec.entities[i]);
  }
  return ordered;
}

}  // namespace v5gen
