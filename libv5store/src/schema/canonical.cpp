// The canonical text of a schema, which the registry's checksum is computed over.
#include "schema/canonical.hpp"

#include <algorithm>
#include <charconv>

namespace v5store::detail {
namespace {

// A quoted string with backslash, quote and control characters escaped.
std::string quote_text(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The shortest text that reads back as the same double.
std::string number(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

std::string_view on_delete_name(OnDelete on_delete) noexcept {
  switch (on_delete) {
    case OnDelete::cascade: return "cascade";
    case OnDelete::restrict: return "restrict";
    case OnDelete::set_null: return "set_null";
    case OnDelete::no_action: break;
  }
  return "no_action";
}

void append_field(std::string& out, const FieldSpec& f) {
  out += "  field " + quote_text(f.name) + " " + std::string(to_string(f.type));
  if (f.nullable) out += " nullable";
  if (f.primary_key) out += " primary_key";
  if (f.generated) out += " generated";
  if (f.unique) out += " unique";
  if (f.default_value) out += " default=" + quote_text(*f.default_value);
  // Keys added for imported databases appear only when set, so older checksums stay.
  if (!f.column.empty() && f.column != f.name) out += " column=" + quote_text(f.column);
  if (!f.sql_type.empty()) out += " sql_type=" + quote_text(f.sql_type);
  if (f.default_sql) out += " default_sql=" + quote_text(*f.default_sql);
  if (f.min) out += " min=" + number(*f.min);
  if (f.max) out += " max=" + number(*f.max);
  if (f.min_length) out += " min_length=" + std::to_string(*f.min_length);
  if (f.max_length) out += " max_length=" + std::to_string(*f.max_length);
  if (f.pattern) out += " pattern=" + quote_text(*f.pattern);
  if (!f.values.empty()) {
    out += " values=[";
    for (std::size_t i = 0; i < f.values.size(); ++i) out += (i ? "," : "") + quote_text(f.values[i]);
    out += "]";
  }
  if (f.references_entity) {
    out += " references=" + quote_text(*f.references_entity) + "." +
           quote_text(f.references_field.value_or(""));
    out += " on_delete=" + std::string(on_delete_name(f.on_delete));
  }
  if (f.type == FieldType::decimal) {
    out += " precision=" + std::to_string(f.precision) + " scale=" + std::to_string(f.scale);
  }
  out += "\n";
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + quote_text(names[i]);
  return out;
}

}  // namespace

std::string canonical_form(const std::vector<EntitySchema>& entities) {
  std::vector<const EntitySchema*> sorted;
  sorted.reserve(entities.size());
  for (const EntitySchema& entity : entities) sorted.push_back(&entity);
  std::sort(sorted.begin(), sorted.end(),
            [](const EntitySchema* a, const EntitySchema* b) { return a->name() < b->name(); });
  std::string out = "v5store-schema 1\n";
  for (const EntitySchema* entity : sorted) {
    out += "entity " + quote_text(entity->name()) + " table " + quote_text(entity->table()) +
           (entity->read_only() ? " read_only" : "") + "\n";
    for (const FieldSchema& field : entity->fields()) append_field(out, field.spec());
    for (const IndexSpec& index : entity->indexes()) {
      out += "  index " + quote_text(index.name) + (index.unique ? " unique" : "") + " (" +
             quoted_list(index.fields) + ")\n";
    }
    for (const ForeignKeySpec& fk : entity->foreign_keys()) {
      out += "  foreign_key (" + quoted_list(fk.fields) + ") references " +
             quote_text(fk.references) + " (" + quoted_list(fk.referenced_fields) +
             ") on_delete=" + std::string(on_delete_name(fk.on_delete)) + "\n";
    }
  }
  return out;
}

}  // namespace v5store::detail
