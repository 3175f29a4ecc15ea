// The API's rows, pages and key segments as JSON.
#include "api/json_rows.hpp"

#include "base64.hpp"

namespace v5store::detail {
namespace {

std::string rfc3339(Timestamp t) {
  std::string text = format_timestamp(t);  // "YYYY-MM-DD HH:MM:SS.ffffff"
  text[10] = 'T';
  text += 'Z';
  return text;
}

std::string bytes_text(const Bytes& bytes) {
  return base64_encode(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
      Base64::standard);
}

// The text of a value JSON carries as a string (bytes, date, timestamp, string kinds).
std::string string_of(const Value& value) {
  if (const auto* bytes = std::get_if<Bytes>(&value)) return bytes_text(*bytes);
  if (const auto* date = std::get_if<Date>(&value)) return format_date(*date);
  if (const auto* t = std::get_if<Timestamp>(&value)) return rfc3339(*t);
  return std::get<std::string>(value);
}

}  // namespace

void write_value(JsonWriter& out, const FieldSchema& field, const Value& value) {
  if (is_null(value)) return out.null();
  if (const auto* b = std::get_if<bool>(&value)) return out.boolean(*b);
  if (const auto* i = std::get_if<std::int64_t>(&value)) return out.integer(*i);
  if (const auto* d = std::get_if<double>(&value)) return out.number(*d);
  if (field.type() == FieldType::json && std::holds_alternative<std::string>(value)) {
    return out.embed(std::get<std::string>(value));
  }
  out.string(string_of(value));
}

void write_row(JsonWriter& out, const EntitySchema& entity, const Record& row,
               const std::vector<std::size_t>& only) {
  out.start_object();
  const auto put = [&](const FieldSchema& field) {
    if (const Value* value = row.find(field.name())) {
      out.key(field.name());
      write_value(out, field, *value);
    }
  };
  if (only.empty()) {
    for (const FieldSchema& field : entity.fields()) put(field);
  } else {
    for (std::size_t index : only) put(entity.fields()[index]);
  }
  out.end_object();
}

std::string row_json(const EntitySchema& entity, const Record& row) {
  JsonWriter out;
  write_row(out, entity, row);
  return out.text();
}

std::string rows_json(const EntitySchema& entity, std::span<const Record> rows,
                      const std::vector<std::size_t>& only) {
  JsonWriter out;
  out.start_array();
  for (const Record& row : rows) write_row(out, entity, row, only);
  out.end_array();
  return out.text();
}

std::string value_text(const FieldSchema& field, const Value& value) {
  const bool carried_as_string =
      std::holds_alternative<std::string>(value) || std::holds_alternative<Bytes>(value) ||
      std::holds_alternative<Date>(value) || std::holds_alternative<Timestamp>(value);
  if (carried_as_string && field.type() != FieldType::json) return string_of(value);
  JsonWriter out;
  write_value(out, field, value);
  return out.text();
}

}  // namespace v5store::detail
