// YAML output by hand: flow maps per field keep one field per line, with its reason beside it.
#include "words/spec_writer.hpp"

#include <cmath>
#include <sstream>

#include "words/sentences.hpp"

namespace v5gen::words {

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  if (std::floor(v) == v) return std::to_string(static_cast<long long>(v));
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string field_map(const DraftField& f) {
  std::string out = "{ type: " + f.type;
  if (f.primary_key) out += ", primary_key: true";
  if (f.generated) out += ", generated: true";
  if (f.nullable) out += ", nullable: true";
  if (f.unique) out += ", unique: true";
  if (f.max_length) out += ", max_length: " + std::to_string(*f.max_length);
  if (f.min) out += ", min: " + number(*f.min);
  if (f.pattern) out += ", pattern: " + quote(*f.pattern);
  if (!f.values.empty()) {
    out += ", values: [";
    for (std::size_t i = 0; i < f.values.size(); ++i) out += (i ? ", " : "") + quote(f.values[i]);
    out += "]";
  }
  if (f.default_value) {
    out += ", default: " + (f.type == "enum" ? quote(*f.default_value) : *f.default_value);
  }
  if (f.precision > 0) {
    out += ", precision: " + std::to_string(f.precision) + ", scale: " + std::to_string(f.scale);
  }
  if (!f.references.empty()) {
    out += ", references: " + f.references + ", on_delete: " + f.on_delete;
  }
  return out + " }";
}

std::string env_name(const std::string& system) {
  std::string out;
  for (char c : system) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out + "_DB";
}

std::string dsn(const Draft& d) {
  const std::string var = env_name(d.system_name);
  if (d.backend == "postgresql") {
    return "${" + var + ":-host=127.0.0.1 dbname=" + d.system_name + " user=postgres}";
  }
  if (d.backend == "mysql") {
    return "${" + var + ":-host=127.0.0.1 db=" + d.system_name + " user=root}";
  }
  return "${" + var + ":-" + d.system_name + ".db}";
}

void comment_block(std::ostringstream& os, const std::string& text, const std::string& indent) {
  std::string line;
  for (const std::string& word : split_words(text)) {
    if (!line.empty() && line.size() + word.size() + 1 > 90) {
      os << "#" << indent << line << "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) os << "#" << indent << line << "\n";
}

}  // namespace

std::string write_spec(const Draft& d) {
  std::ostringstream os;
  os << "# Drafted by `v5gen draft` from this description:\n";
  comment_block(os, d.source_text, "   ");
  os << "#\n# Assumptions (" << d.assumptions.size() << "):\n";
  for (const std::string& a : d.assumptions) comment_block(os, "- " + a, "   ");
  os << "#\n# Not used (" << d.unused.size() << "):\n";
  for (const UnusedText& u : d.unused)
    comment_block(os, "- \"" + u.text + "\": " + u.reason, "   ");
  os << "schema_version: 1\n";
  os << "system:\n";
  os << "  name: " << d.system_name << "\n";
  os << "  version: 1\n";
  os << "  description: " << quote(normalise(d.source_text).substr(0, 500)) << "\n";
  os << "databases:\n";
  os << "  main:\n";
  os << "    backend: " << d.backend << "\n";
  os << "    dsn: " << quote(dsn(d)) << "  # set " << env_name(d.system_name)
     << " to point elsewhere\n";
  os << "    pool: { max_size: 4, min_idle: 1, acquire_timeout_ms: 2000 }\n";
  os << "entities:\n";
  for (const DraftEntity& e : d.entities) {
    os << "  " << e.name << ":\n";
    os << "    table: " << e.table << "\n";
    os << "    fields:\n";
    for (const DraftField& f : e.fields) {
      os << "      " << f.name << ": " << field_map(f) << "  # " << f.reason << "\n";
    }
    if (!e.indexed_fields.empty()) {
      os << "    indexes:\n";
      for (const std::string& field : e.indexed_fields) {
        os << "      - { fields: [" << field << "] }  # foreign key lookups\n";
      }
    }
  }
  os << "components:  # one store per entity, and the JSON API over them (docs/api.md)\n";
  std::string stores;
  bool api_name_taken = false;
  for (const DraftEntity& e : d.entities) {
    os << "  - { name: " << e.table << ", type: store, entity: " << e.name
       << ", database: main }\n";
    stores += (stores.empty() ? "" : ", ") + e.table;
    api_name_taken = api_name_taken || e.table == "api";
  }
  if (!d.entities.empty()) {
    os << "  - name: " << (api_name_taken ? "rest_api" : "api") << "\n";
    os << "    type: api\n";
    os << "    stores: [" << stores << "]\n";
    os << "    listen: \"127.0.0.1:8080\"  # add auth: { bearer_token: \"${API_TOKEN}\" } "
          "before listening beyond loopback\n";
  }
  os << "monitoring: { listen: \"127.0.0.1:9464\", health_interval_ms: 1000 }\n";
  os << "migrations: { mode: declarative }\n";
  return os.str();
}

}  // namespace v5gen::words
