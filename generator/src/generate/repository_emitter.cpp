// Emits one repository header per store component and include/<system>/system.hpp, which
// opens the record API of every database and holds every repository.
#include <fmt/format.h>

#include "generate/emitters.hpp"
#include "generate/escape.hpp"
#include "generate/finders.hpp"
#include "generate/naming.hpp"

namespace v5gen {

namespace {

std::string key_expression(const v5store::EntitySpec& entity) {
  std::vector<std::string> parts;
  for (const auto* f : entity.primary_key()) {
    parts.push_back(fmt::format("v5store::value_codec<{}>::to_value({})",
                                value_type(entity, *f), cpp_identifier(f->name)));
  }
  if (parts.size() == 1) return fmt::format("v5store::Key({})", parts.front());
  return fmt::format("v5store::Key{{{}}}", fmt::join(parts, ", "));
}

std::string key_parameters(const v5store::EntitySpec& entity) {
  std::vector<std::string> params;
  for (const auto* f : entity.primary_key()) {
    params.push_back(parameter_type(entity, *f) + " " + cpp_identifier(f->name));
  }
  return fmt::format("{}", fmt::join(params, ", "));
}

std::string repository_header(const GenerationContext& context,
                              const v5store::ComponentSpec& component,
                              const v5store::EntitySpec& entity) {
  const std::string& ns = context.spec.name;
  const std::string type = pascal_case(entity.name);
  const std::string repo = pascal_case(component.name) + "Repository";
  std::string inputs = fmt::format("component={};entity={};read_only={};", component.name,
                                   entity.name, entity.read_only);
  for (const auto& f : entity.fields) {
    inputs += fmt::format("{}:{}:{}:{}|", f.name, v5store::to_string(f.type), f.unique,
                          f.primary_key);
  }
  for (const auto& index : entity.indexes) {
    inputs += fmt::format("ix:{}:{}|", fmt::join(index.fields, ","), index.unique);
  }
  std::string out = generated_header("//", context, hash_of(inputs));
  out += fmt::format(
      "#pragma once\n\n#include <cstdint>\n#include <optional>\n#include <utility>\n"
      "#include <vector>\n\n#include <v5store/records.hpp>\n\n"
      "#include \"{0}/entities/{1}.hpp\"\n\nnamespace {0} {{\n\n",
      ns, entity.name);
  out += fmt::format(
      "// Typed access to store component `{0}` (entity `{1}`, database `{2}`) through `Api`:\n"
      "// v5store::Records& (auto-commit; {3}) or v5store::RecordSession (inside a\n"
      "// transaction; {3}::on(tx)). Every write is validated by the schema registry first.\n"
      "template <class Api>\n"
      "class Basic{3} {{\n public:\n"
      "  // `records` is the record API of database `{2}` (or a session on it); a reference\n"
      "  // must outlive the repository, a session is kept by it.\n"
      "  explicit Basic{3}(Api records) noexcept : records_(std::forward<Api>(records)) {{}}\n\n",
      component.name, entity.name, component.database, repo);
  out += fmt::format(
      "  // Validates and inserts `row`; sets its generated key and the defaults it left empty.\n"
      "  // Throws v5store::Error (validation naming {0}.<field>, unique_violation, ...).\n"
      "  void insert({1}& row) {{ records_.insert(row); }}\n\n",
      entity.name, type);
  if (!entity.primary_key().empty()) {
    out += fmt::format(
        "  // The row with this key, or std::nullopt. Throws v5store::Error on database errors.\n"
        "  std::optional<{0}> get({1}) {{ return records_.template get<{0}>({2}); }}\n\n",
        type, key_parameters(entity), key_expression(entity));
  }
  if (!entity.read_only) {
    out += fmt::format(
        "  // Writes every field of `row` to the row with its key; false when there is none.\n"
        "  bool update(const {0}& row) {{ return records_.update(row); }}\n\n"
        "  // Deletes the row with this key; false when there was none.\n"
        "  bool remove({1}) {{ return records_.template remove<{0}>({2}); }}\n\n",
        type, key_parameters(entity), key_expression(entity));
  }
  out += fmt::format(
      "  // Every row, ordered and limited by `options`.\n"
      "  std::vector<{0}> find_all(const v5store::FindOptions& options = {{}}) {{\n"
      "    return records_.template find<{0}>({{}}, options);\n  }}\n\n"
      "  // The number of rows.\n"
      "  std::int64_t count() {{ return records_.template count<{0}>(); }}\n",
      type);
  for (const Finder& finder : finders_of(entity)) {
    std::vector<std::string> names, params, sets;
    for (const auto* f : finder.fields) {
      const std::string id = cpp_identifier(f->name);
      names.push_back(f->name);
      params.push_back(parameter_type(entity, *f) + " " + id);
      sets.push_back(fmt::format("{{{}, v5store::value_codec<{}>::to_value({})}}",
                                 cpp_string_literal(f->name), value_type(entity, *f), id));
    }
    const std::string name = fmt::format("find_by_{}", fmt::join(names, "_and_"));
    const std::string where = fmt::format("v5store::Record{{{}}}", fmt::join(sets, ", "));
    if (finder.unique) {
      out += fmt::format(
          "\n  // The row whose {1} equals the given value (unique), or std::nullopt.\n"
          "  std::optional<{0}> {2}({3}) {{\n"
          "    v5store::FindOptions first;\n    first.limit = 1;\n"
          "    auto rows = records_.template find<{0}>({4}, first);\n"
          "    if (rows.empty()) return std::nullopt;\n    return std::move(rows.front());\n  }}\n",
          type, fmt::join(names, " and "), name, fmt::join(params, ", "), where);
    } else {
      out += fmt::format(
          "\n  // The rows whose {1} equal the given values (indexed).\n"
          "  std::vector<{0}> {2}({3}, const v5store::FindOptions& options = {{}}) {{\n"
          "    return records_.template find<{0}>({4}, options);\n  }}\n",
          type, fmt::join(names, " and "), name, fmt::join(params, ", "), where);
    }
  }
  out += fmt::format(
      "\n protected:\n  Api records_;\n}};\n\n"
      "// The repository of component `{0}` in auto-commit mode. Thread-safe like\n"
      "// v5store::Records: one repository may be shared by every thread.\n"
      "class {1} : public Basic{1}<v5store::Records&> {{\n public:\n"
      "  // The same members inside a transaction, e.g. `system.{0}.on(tx).insert(row)`.\n"
      "  using InTransaction = Basic{1}<v5store::RecordSession>;\n\n"
      "  explicit {1}(v5store::Records& records) noexcept : Basic{1}(records) {{}}\n\n"
      "  // A repository whose calls run inside `tx` (reads see its uncommitted writes; the\n"
      "  // read cache is bypassed). Used by one thread; `tx` must outlive it.\n"
      "  InTransaction on(v5store::Transaction& tx) {{ return InTransaction(records_.on(tx)); }}\n"
      "}};\n\n}}  // namespace {2}\n",
      cpp_identifier(component.name), repo, ns);
  return out;
}

std::string system_header(const GenerationContext& context) {
  const auto& spec = context.spec;
  const std::string& ns = spec.name;
  std::string inputs = "system=" + ns + ";";
  for (const auto& c : spec.components) inputs += c.name + ":" + c.entity + ":" + c.database + "|";
  std::string out = generated_header("//", context, hash_of(inputs));
  out +=
      "#pragma once\n\n#include <string>\n\n"
      "#include <v5store/records.hpp>\n#include <v5store/schema.hpp>\n"
      "#include <v5store/store.hpp>\n\n";
  for (const auto& c : spec.components) {
    if (c.type == "store") out += fmt::format("#include \"{}/repositories/{}.hpp\"\n", ns, c.name);
  }
  out += fmt::format(
      "\nnamespace {0} {{\n\n"
      "// Every repository of system `{0}`, over the record API of an open store. Thread-safe\n"
      "// once constructed. The store must outlive it.\n"
      "class System {{\n public:\n"
      "  // Binds each repository to store.records() of its component's database (the\n"
      "  // store's read caches and metrics). Throws what store.records() throws:\n"
      "  // v5store::Error(not_found) when a database of the glue is not in the store's spec.\n"
      "  explicit System(v5store::V5EnhancedStore& store)\n"
      "      : store_(store)",
      ns);
  for (const auto& c : spec.components) {
    if (c.type != "store") continue;
    out += fmt::format(",\n        {}(store.records({}))", cpp_identifier(c.name),
                       cpp_string_literal(c.database));
  }
  out +=
      " {}\n\n"
      "  // The record API of `database`: store.records(database). Throws\n"
      "  // v5store::Error(not_found) for an unknown name.\n"
      "  v5store::Records& records(const std::string& database) {\n"
      "    return store_.records(database);\n"
      "  }\n"
      "  // The store's schema registry.\n"
      "  const v5store::SchemaRegistry& registry() const noexcept { return store_.schema(); }\n\n"
      " private:\n"
      "  v5store::V5EnhancedStore& store_;\n\n"
      " public:\n";
  for (const auto& c : spec.components) {
    if (c.type != "store") continue;
    out += fmt::format("  {}Repository {};\n", pascal_case(c.name), cpp_identifier(c.name));
  }
  out += fmt::format("}};\n\n}}  // namespace {}\n", ns);
  return out;
}

}  // namespace

void emit_repositories(const GenerationContext& context, FileTree& tree) {
  const auto& spec = context.spec;
  for (const auto& component : spec.components) {
    if (component.type != "store") continue;
    const v5store::EntitySpec* entity = spec.find_entity(component.entity);
    if (entity == nullptr) continue;
    tree[std::filesystem::path("include") / spec.name / "repositories" /
         (component.name + ".hpp")] = repository_header(context, component, *entity);
  }
  tree[std::filesystem::path("include") / spec.name / "system.hpp"] = system_header(context);
}

}  // namespace v5gen
