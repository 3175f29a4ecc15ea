// The OpenAPI 3.1 document of an API: one schema per exposed entity, the collection and item
// routes with their parameters, and the problem responses.
#include <nlohmann/json.hpp>

#include "api/router.hpp"

namespace v5store::detail {
namespace {

using nlohmann::json;

json field_schema(const FieldSchema& field) {
  const FieldSpec& spec = field.spec();
  json schema;
  switch (field.type()) {
    case FieldType::boolean: schema = {{"type", "boolean"}}; break;
    case FieldType::int32: schema = {{"type", "integer"}, {"format", "int32"}}; break;
    case FieldType::int64: schema = {{"type", "integer"}, {"format", "int64"}}; break;
    case FieldType::float64: schema = {{"type", "number"}, {"format", "double"}}; break;
    case FieldType::decimal:
      schema = {{"type", "string"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}};
      break;
    case FieldType::bytes: schema = {{"type", "string"}, {"contentEncoding", "base64"}}; break;
    case FieldType::date: schema = {{"type", "string"}, {"format", "date"}}; break;
    case FieldType::timestamp: schema = {{"type", "string"}, {"format", "date-time"}}; break;
    case FieldType::uuid: schema = {{"type", "string"}, {"format", "uuid"}}; break;
    case FieldType::json: schema = json::object(); break;
    case FieldType::enumeration: schema = {{"type", "string"}, {"enum", spec.values}}; break;
    default: schema = {{"type", "string"}}; break;
  }
  if (spec.max_length) schema["maxLength"] = *spec.max_length;
  if (spec.min_length) schema["minLength"] = *spec.min_length;
  if (spec.pattern) schema["pattern"] = *spec.pattern;
  if (spec.min) schema["minimum"] = *spec.min;
  if (spec.max) schema["maximum"] = *spec.max;
  if (!spec.description.empty()) schema["description"] = spec.description;
  if (field.nullable() && schema.contains("type")) {
    schema["type"] = json::array({schema["type"], "null"});
  }
  return schema;
}

json entity_schema(const EntitySchema& entity) {
  json properties = json::object();
  json required = json::array();
  for (const FieldSchema& field : entity.fields()) {
    properties[field.name()] = field_schema(field);
    if (field.required()) required.push_back(field.name());
  }
  json schema = {{"type", "object"}, {"properties", properties}, {"required", required}};
  if (!entity.description().empty()) schema["description"] = entity.description();
  return schema;
}

json problem_ref(const char* description) {
  return {{"description", description},
          {"content",
           {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

json problem_schema() {
  json error = {{"type", "object"},
                {"properties",
                 {{"field", {{"type", "string"}}},
                  {"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}}}}};
  return {{"type", "object"},
          {"required", json::array({"status", "title"})},
          {"properties",
           {{"type", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"title", {{"type", "string"}}},
            {"detail", {{"type", "string"}}},
            {"errors", {{"type", "array"}, {"items", error}}}}}};
}

json row_content(const std::string& entity) {
  return {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + entity}}}}}};
}

json errors(std::initializer_list<const char*> statuses) {
  json out = json::object();
  for (const char* status : statuses) {
    const std::string s(status);
    out[s] = problem_ref(s == "400"   ? "Malformed query or body"
                         : s == "401" ? "Missing or wrong bearer token"
                         : s == "404" ? "No such row"
                         : s == "409" ? "Unique or foreign-key conflict"
                         : s == "413" ? "Body too large"
                         : s == "415" ? "Body is not JSON"
                         : s == "422" ? "The row breaks the schema's rules"
                                      : "Database unavailable (see Retry-After)");
  }
  return out;
}

json collection_path(const ApiRouter::Exposed& exposed) {
  const std::string& entity = exposed.entity->name();
  json parameters = json::array();
  for (const char* name : {"order", "limit", "select", "after"}) {
    parameters.push_back({{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}}}});
  }
  for (const FieldSchema& field : exposed.entity->fields()) {
    parameters.push_back({{"name", field.name()},
                          {"in", "query"},
                          {"description", "operator.value: eq neq lt lte gt gte like ilike "
                                          "in.(a,b) is.null, each negated by not."},
                          {"schema", {{"type", "string"}}}});
  }
  json list_ok = {
      {"description", "The rows; the next page in the Link header"},
      {"headers", {{"Link", {{"schema", {{"type", "string"}}}}}}},
      {"content",
       {{"application/json",
         {{"schema",
           {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/" + entity}}}}}}}}}};
  json list_responses = errors({"400", "401", "503"});
  list_responses["200"] = list_ok;
  json create_responses = errors({"400", "401", "409", "413", "415", "422", "503"});
  create_responses["201"] = {{"description", "The stored row"},
                             {"headers", {{"Location", {{"schema", {{"type", "string"}}}}}}},
                             {"content", row_content(entity)}};
  return {{"get",
           {{"operationId", "list_" + exposed.store.name},
            {"summary", "List " + entity + " rows"},
            {"parameters", parameters},
            {"responses", list_responses}}},
          {"post",
           {{"operationId", "create_" + exposed.store.name},
            {"summary", "Create a " + entity},
            {"requestBody", {{"required", true}, {"content", row_content(entity)}}},
            {"responses", create_responses}}}};
}

json item_path(const ApiRouter::Exposed& exposed) {
  const std::string& entity = exposed.entity->name();
  json parameters = json::array();
  for (std::size_t index : exposed.entity->primary_key()) {
    const FieldSchema& field = exposed.entity->fields()[index];
    parameters.push_back({{"name", field.name()},
                          {"in", "path"},
                          {"required", true},
                          {"schema", field_schema(field)}});
  }
  json read = errors({"400", "401", "404", "503"});
  read["200"] = {{"description", "The row"}, {"content", row_content(entity)}};
  json write = errors({"400", "401", "404", "409", "413", "415", "422", "503"});
  write["200"] = read["200"];
  json removed = errors({"400", "401", "404", "409", "503"});
  removed["204"] = {{"description", "Deleted"}};
  const auto operation = [&](const std::string& verb, const json& responses, bool body) {
    json op = {{"operationId", verb + "_" + exposed.store.name + "_by_key"},
               {"summary", verb + " a " + entity + " by key"},
               {"responses", responses}};
    if (body) op["requestBody"] = {{"required", true}, {"content", row_content(entity)}};
    return op;
  };
  return {{"parameters", parameters},
          {"get", operation("get", read, false)},
          {"put", operation("replace", write, true)},
          {"patch", operation("patch", write, true)},
          {"delete", operation("delete", removed, false)}};
}

}  // namespace

std::string openapi_document(const ApiServerOptions& options,
                             const std::vector<ApiRouter::Exposed>& stores) {
  json paths = json::object();
  json schemas = {{"Problem", problem_schema()}};
  for (const ApiRouter::Exposed& exposed : stores) {
    const std::string collection = options.base_path + "/" + exposed.store.name;
    std::string item = collection;
    for (std::size_t index : exposed.entity->primary_key()) {
      item += "/{" + exposed.entity->fields()[index].name() + "}";
    }
    paths[collection] = collection_path(exposed);
    paths[item] = item_path(exposed);
    schemas[exposed.entity->name()] = entity_schema(*exposed.entity);
  }
  // The paths hold the base path; the server is the one that serves the document.
  json document = {{"openapi", "3.1.0"},
                   {"info", {{"title", options.component + " API"}, {"version", "1"}}},
                   {"servers", json::array({{{"url", "/"}}})},
                   {"paths", paths},
                   {"components", {{"schemas", schemas}}}};
  if (!options.bearer_token.empty()) {
    document["components"]["securitySchemes"] = {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}};
    document["security"] = json::array({{{"bearer", json::array()}}});
  } else {
    document["security"] = json::array();  // no auth: said, not left out
  }
  return document.dump(2);
}

}  // namespace v5store::detail
