// detail::json_string and detail::json_number, written by the JsonWriter.
#include "v5store/internal/json.hpp"

#include "json/json_writer.hpp"

namespace v5store::detail {

std::string json_string(std::string_view text) {
  JsonWriter out;
  out.string(text);
  return out.text();
}

std::string json_number(std::optional<double> value) {
  if (!value) return "null";
  JsonWriter out;
  out.number(*value);
  return out.text();
}

}  // namespace v5store::detail
