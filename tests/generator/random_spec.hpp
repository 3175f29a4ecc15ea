// Random system specs for the property tests of the generator: every field type, key shape
// and rule, with values drawn so that many specs validate and some do not (validation decides,
// never the drawing). Each spec lists the kinds it uses, so a sample can be chosen to cover
// every kind.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <rapidcheck.h>

namespace v5test {

struct RandomSpec {
  std::string yaml;
  std::set<std::string> kinds;  // "type:decimal", "key:composite", "rule:pattern", ...
};

// Every kind a spec can use: what a covering sample must include.
inline std::set<std::string> all_kinds() {
  std::set<std::string> kinds;
  for (const char* type : {"bool", "int32", "int64", "float64", "decimal", "string", "text",
                           "bytes", "date", "timestamp", "uuid", "json", "enum"}) {
    kinds.insert(std::string("type:") + type);
  }
  for (const char* key : {"generated", "natural", "uuid", "composite"}) {
    kinds.insert(std::string("key:") + key);
  }
  for (const char* rule : {"min", "max", "min_length", "max_length", "pattern", "example",
                           "default", "values", "precision", "nullable", "unique", "references",
                           "index", "unique_index"}) {
    kinds.insert(std::string("rule:") + rule);
  }
  return kinds;
}

namespace random_spec_detail {

// One of `choices`, drawn.
inline std::string pick(std::initializer_list<const char*> choices) {
  return *rc::gen::elementOf(std::vector<std::string>(choices.begin(), choices.end()));
}

// Patterns as published by validators (phone, postcode, dates, slugs, semver, colours ...).
inline const std::vector<std::string>& published_patterns() {
  static const std::vector<std::string> patterns = {
      R"(^\+?[1-9]\d{1,14}$)",
      R"(^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$)",
      R"(^\d{5}(?:[-\s]\d{4})?$)",
      R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)",
      R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)",
      R"(^[a-z0-9]+(?:-[a-z0-9]+)*$)",
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$)",
      R"(^#(?:[0-9a-fA-F]{3}){1,2}$)",
      R"(^[0-9]{8,16}$)",
      R"(^[A-Za-z][A-Za-z0-9_]{2,15}$)",
      R"(^(?=.*[a-z])(?=.*\d)[a-z\d]{6,}$)",
      R"(^([01]\d|2[0-3]):[0-5]\d$)",
      R"(\d)",
  };
  return patterns;
}

// The body of a regular expression of the accepted subset, up to `depth` nested groups.
inline std::string regex_body(int depth) {
  const int terms = *rc::gen::inRange(1, 4);
  std::string out;
  for (int i = 0; i < terms; ++i) {
    std::string atom;
    switch (*rc::gen::inRange(0, depth > 0 ? 10 : 9)) {
      case 0: atom = std::string(1, *rc::gen::elementOf(std::string("abxz019-_ "))); break;
      case 1: atom = "[a-f]"; break;
      case 2: atom = "[^@\\s]"; break;
      case 3: atom = "\\d"; break;
      case 4: atom = "\\w"; break;
      case 5: atom = "[A-Z0-9]"; break;
      case 6: atom = "."; break;
      case 7: atom = "\\."; break;
      case 8: atom = "[[:alpha:]]"; break;
      default:
        atom = std::string(*rc::gen::element(true, false) ? "(?:" : "(") + regex_body(depth - 1) +
               "|" + regex_body(depth - 1) + ")";
        break;
    }
    out += atom + pick({"", "", "?", "*", "+", "{2}", "{1,3}", "{2,}"});
  }
  return out;
}

inline std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct Field {
  std::string name;
  std::string type;
  std::string props;  // ", key: value" pairs after the type
  bool single_key = false;
};

// One non-key field of type `type` with drawn rules.
inline Field draw_field(const std::string& name, const std::string& type,
                        std::set<std::string>& kinds) {
  Field field{name, type, "", false};
  const auto maybe = [](int percent) { return *rc::gen::inRange(0, 100) < percent; };
  const auto add = [&](const std::string& key, const std::string& value) {
    field.props += ", " + key + ": " + value;
    kinds.insert("rule:" + key);
  };
  if (type == "int32" || type == "int64") {
    if (maybe(40)) add("min", pick({"-5", "0", "1", "100", "0.5"}));
    if (maybe(40)) add("max", pick({"3", "10", "1000", "0.75", "7"}));
    if (maybe(20)) add("default", pick({"0", "5", "42"}));
  } else if (type == "float64") {
    if (maybe(40)) add("min", pick({"-1.5", "0", "0.25", "10"}));
    if (maybe(40)) add("max", pick({"0.5", "1", "3.75", "1e6"}));
    if (maybe(20)) add("default", pick({"0.5", "2"}));
  } else if (type == "decimal") {
    const int precision = *rc::gen::inRange(1, 13);
    const int scale = *rc::gen::inRange(0, std::min(precision, 4) + 1);
    add("precision", std::to_string(precision));
    field.props += ", scale: " + std::to_string(scale);
    if (maybe(30)) add("min", pick({"0", "0.3", "1", "20"}));
    if (maybe(30)) add("max", pick({"0.3", "5", "99.5", "100000"}));
  } else if (type == "string" || type == "text") {
    if (maybe(50)) add("max_length", std::to_string(*rc::gen::inRange(1, 41)));
    if (maybe(30)) add("min_length", std::to_string(*rc::gen::inRange(0, 13)));
    if (maybe(50)) {
      const std::string pattern =
          maybe(50) ? *rc::gen::elementOf(published_patterns())
                    : std::string(maybe(60) ? "^" : "") + regex_body(2) + (maybe(60) ? "$" : "");
      add("pattern", quoted(pattern));
    }
    if (maybe(15)) {
      add("example", quoted(pick({"abc", "A1", "2024-01-15",
                                                           "hello world", "+15551234567"})));
    }
    if (maybe(10)) add("default", quoted(pick({"x", "none", "12345"})));
  } else if (type == "bytes") {
    if (maybe(40)) add("min_length", std::to_string(*rc::gen::inRange(0, 20)));
    if (maybe(40)) add("max_length", std::to_string(*rc::gen::inRange(1, 40)));
  } else if (type == "enum") {
    const auto values = *rc::gen::elementOf(std::vector<std::vector<std::string>>{
        {"new", "paid"}, {"red"}, {"small", "medium", "large"}, {"a1", "b2", "c3", "d4"}});
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ", ") + v;
    add("values", "[" + list + "]");
    if (maybe(30)) add("default", values.back());
    if (maybe(15)) add("example", values.front());
  } else if (type == "bool") {
    if (maybe(30)) add("default", pick({"true", "false"}));
  } else if (type == "date" || type == "timestamp") {
    if (maybe(30)) add("default", "now");
    if (maybe(15)) add("example", type == "date" ? "\"2023-11-30\"" : "\"2023-11-30 08:15:00\"");
  }
  if (maybe(20)) add("nullable", "true");
  if (maybe(15) && type != "json" && type != "text" && type != "bytes") add("unique", "true");
  return field;
}

// The key fields of an entity in one of four shapes.
inline std::vector<Field> draw_key(std::set<std::string>& kinds) {
  const std::string shape = pick({"generated", "natural", "uuid",
                                                           "composite"});
  kinds.insert("key:" + shape);
  if (shape == "generated") return {{"id", "int64", ", primary_key: true, generated: true", true}};
  if (shape == "uuid") return {{"id", "uuid", ", primary_key: true", true}};
  if (shape == "natural") {
    std::string props = ", max_length: 20, primary_key: true";
    if (*rc::gen::element(true, false)) {
      props += ", pattern: " + quoted(*rc::gen::elementOf(published_patterns()));
      kinds.insert("rule:pattern");
    }
    return {{"code", "string", props, true}};
  }
  return {{"k1", "int32", ", primary_key: true", false},
          {"k2", "string", ", max_length: 12, primary_key: true", false}};
}

}  // namespace random_spec_detail

// A spec of 1 to 3 entities (one store component each) on SQLite: a key of a random shape,
// 1 to 5 fields of random types and rules, a foreign key to an earlier entity with a
// single-field key, and up to two indexes.
inline rc::Gen<RandomSpec> random_spec() {
  using namespace random_spec_detail;
  return rc::gen::exec([] {
    RandomSpec spec;
    std::string entities;
    std::string components;
    std::vector<Field> single_keys;  // the key of each earlier entity with one key field
    std::vector<std::string> single_key_entities;
    const int count = *rc::gen::inRange(1, 4);
    for (int e = 0; e < count; ++e) {
      const std::string entity = "e" + std::to_string(e);
      std::vector<Field> fields = draw_key(spec.kinds);
      const int extra = *rc::gen::inRange(1, 6);
      for (int f = 0; f < extra; ++f) {
        const std::string type = pick({
            "bool", "int32", "int64", "float64", "decimal", "string", "text", "bytes", "date",
            "timestamp", "uuid", "json", "enum"});
        spec.kinds.insert("type:" + type);
        fields.push_back(draw_field("f" + std::to_string(f), type, spec.kinds));
      }
      if (!single_keys.empty() && *rc::gen::inRange(0, 100) < 60) {
        const std::size_t target = *rc::gen::inRange<std::size_t>(0, single_keys.size());
        const Field& key = single_keys[target];
        std::string props = key.props.substr(0, key.props.find(", primary_key"));
        const std::string on_delete =
            pick({"cascade", "restrict", "set_null"});
        props += ", references: " + single_key_entities[target] + "." + key.name +
                 ", on_delete: " + on_delete + (on_delete == "set_null" ? ", nullable: true" : "");
        fields.push_back({"ref_" + single_key_entities[target], key.type, props, false});
        spec.kinds.insert("rule:references");
      }
      entities += "  " + entity + ":\n    table: t_" + entity + "\n    fields:\n";
      for (const Field& field : fields) {
        entities += "      " + field.name + ": { type: " + field.type + field.props + " }\n";
      }
      const int indexes = *rc::gen::inRange(0, 3);
      if (indexes > 0) entities += "    indexes:\n";
      for (int i = 0; i < indexes; ++i) {
        const auto picked = *rc::gen::unique<std::vector<std::size_t>>(
            rc::gen::inRange<std::size_t>(0, fields.size()));
        std::string list;
        for (std::size_t k = 0; k < picked.size() && k < 3; ++k) {
          list += (list.empty() ? "" : ", ") + fields[picked[k]].name;
        }
        if (list.empty()) list = fields.back().name;
        const bool unique = *rc::gen::inRange(0, 100) < 30;
        entities += "      - { fields: [" + list + "]" + (unique ? ", unique: true" : "") + " }\n";
        spec.kinds.insert(unique ? "rule:unique_index" : "rule:index");
      }
      if (fields.front().single_key) {
        single_keys.push_back(fields.front());
        single_key_entities.push_back(entity);
      }
      components += "  - { name: " + entity + "s, type: store, entity: " + entity +
                    ", database: main }\n";
    }
    spec.yaml = "schema_version: 1\nsystem:\n  name: prop\n  version: 1\ndatabases:\n  main:\n"
                "    backend: sqlite\n    dsn: \"prop.db\"\n    pool: { max_size: 2, min_idle: 1 }\n"
                "entities:\n" +
                entities + "components:\n" + components;
    return spec;
  });
}

}  // namespace v5test
