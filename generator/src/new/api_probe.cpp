// The API probe of `v5gen new`: one POST and one GET against the new service.
#include "new/api_probe.hpp"

#include <optional>

#include <fmt/format.h>

#include "generate/escape.hpp"
#include "new/process.hpp"
#include "v5validate/sample_values.hpp"

namespace v5gen::words {

namespace {

// `field`'s sample value as a JSON value the API takes (docs/api.md); nothing for a field
// whose JSON form needs an encoding (bytes travel as base64).
std::optional<std::string> json_value(const v5store::FieldSpec& field) {
  const v5validate::SampleValue sample = v5validate::sample_value(field);
  if (!sample.text) return std::nullopt;
  const std::string& text = *sample.text;
  switch (field.type) {
    case v5store::FieldType::boolean:
    case v5store::FieldType::int32:
    case v5store::FieldType::int64:
    case v5store::FieldType::float64:
    case v5store::FieldType::json:
      return text;
    case v5store::FieldType::timestamp: {
      std::string rfc3339 = text;  // "YYYY-MM-DD HH:MM:SS.ffffff" -> RFC 3339 UTC
      if (rfc3339.size() > 10 && rfc3339[10] == ' ') rfc3339[10] = 'T';
      return v5gen::json_string(rfc3339 + "Z");
    }
    case v5store::FieldType::bytes:
      return std::nullopt;
    default:
      return v5gen::json_string(text);
  }
}

// The JSON object of a new row of `entity` (the fields the database does not fill in), or
// nothing when the entity references another (the row would need one first) or a field has
// no JSON sample.
std::optional<std::string> new_row(const v5store::EntitySpec& entity) {
  std::string body;
  for (const v5store::FieldSpec& field : entity.fields) {
    if (field.references_entity) return std::nullopt;
    if (field.generated || field.default_value || field.default_sql) continue;
    if (field.nullable) continue;
    const auto value = json_value(field);
    if (!value) return std::nullopt;
    body += fmt::format("{}{}:{}", body.empty() ? "{" : ",", v5gen::json_string(field.name),
                        *value);
  }
  return body.empty() ? "{}" : body + "}";
}

// The first 200 characters of a body, for a note.
std::string shown(const std::string& body) {
  return body.size() <= 200 ? body : body.substr(0, 200) + "...";
}

}  // namespace

ApiProbe probe_api(const v5store::SystemSpec& spec, int port, std::chrono::milliseconds timeout) {
  ApiProbe probe;
  if (spec.apis.empty() || spec.apis.front().stores.empty()) {
    probe.lines.push_back("the spec has no api component");
    return probe;
  }
  const v5store::ApiSpec& api = spec.apis.front();
  for (const std::string& store : api.stores) {
    const v5store::ComponentSpec* component = spec.find_component(store);
    const v5store::EntitySpec* entity =
        component == nullptr ? nullptr : spec.find_entity(component->entity);
    if (entity == nullptr) continue;
    const auto row = new_row(*entity);
    if (!row) continue;
    const std::string collection = api.base_path + "/" + store;
    const HttpResponse created = http_request(port, "POST", collection, *row, timeout);
    probe.lines.push_back(fmt::format("POST {} {} -> {} {}", collection, *row, created.status,
                                      created.location));
    if (created.status != 201 || created.location.empty()) {
      probe.lines.push_back("  " + shown(created.body));
      return probe;
    }
    const HttpResponse read = http_get(port, created.location, timeout);
    probe.lines.push_back(
        fmt::format("GET {} -> {} {}", created.location, read.status, shown(read.body)));
    probe.ok = read.status == 200;
    return probe;
  }
  // No entity the probe can fill in alone: the list of the first store answers instead.
  const std::string collection = api.base_path + "/" + api.stores.front();
  const HttpResponse listed = http_get(port, collection, timeout);
  probe.lines.push_back(
      fmt::format("GET {} -> {} {}", collection, listed.status, shown(listed.body)));
  probe.ok = listed.status == 200;
  return probe;
}

}  // namespace v5gen::words
