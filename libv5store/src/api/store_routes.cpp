// The record operations of the API routes: JSON bodies (nlohmann-json) to validated records,
// records to JSON (api/json_rows.hpp).
#include "api/store_routes.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/json_rows.hpp"
#include "api/json_values.hpp"
#include "api/list_query.hpp"
#include "api/problem.hpp"
#include "v5store/records.hpp"

namespace v5store::detail {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

Records& records_of(const StoreRoute& route) { return *route.exposed.store.records; }
const EntitySchema& entity_of(const StoreRoute& route) { return *route.exposed.entity; }

// The message of a broken rule, from the rule and the schema only (never the value).
std::string rule_message(const FieldSchema& field, const std::string& rule) {
  const FieldSpec& spec = field.spec();
  if (rule == "min" && spec.min) return fmt::format("{} is below {}", field.path(), *spec.min);
  if (rule == "max" && spec.max) return fmt::format("{} is above {}", field.path(), *spec.max);
  if (rule == "max_length" && spec.max_length) {
    return fmt::format("{} is longer than {} characters", field.path(), *spec.max_length);
  }
  if (rule == "min_length" && spec.min_length) {
    return fmt::format("{} is shorter than {} characters", field.path(), *spec.min_length);
  }
  if (rule == "enum") {
    return fmt::format("{} must be one of {}", field.path(), fmt::join(spec.values, ", "));
  }
  if (rule == "null") return field.path() + " must not be null";
  return fmt::format("{} breaks the rule '{}'", field.path(), rule);
}

json parse_body(const StoreRoute& route) {
  const auto type = route.request[http::field::content_type];
  const std::string_view media(type.data(), type.find(';') == boost::beast::string_view::npos
                                                ? type.size()
                                                : type.find(';'));
  if (media != "application/json") {
    throw ApiProblem(http::status::unsupported_media_type, "the body must be application/json");
  }
  json body = json::parse(route.request.body(), nullptr, false);
  if (body.is_discarded()) throw ApiProblem(http::status::bad_request, "malformed JSON body");
  if (!body.is_object()) {
    throw ApiProblem(http::status::bad_request, "the body must be a JSON object");
  }
  return body;
}

// The body as a record of the entity; every broken rule is collected (422, nothing written).
Record record_of(const EntitySchema& entity, const json& body, std::vector<FieldProblem>& errors) {
  Record record;
  for (const auto& [name, value] : body.items()) {
    const FieldSchema* field = entity.find_field(name);
    if (field == nullptr) {
      errors.push_back({entity.name() + "." + name, "unknown_field",
                        fmt::format("{} has no field '{}'", entity.name(), name)});
      continue;
    }
    std::string why;
    auto converted = value_from_json(*field, value, &why);
    if (!converted) {
      errors.push_back({field->path(), "type", field->path() + ": " + why});
      continue;
    }
    if (auto violation = field->check(*converted)) {
      errors.push_back({field->path(), violation->rule, rule_message(*field, violation->rule)});
      continue;
    }
    record.set(field->name(), std::move(*converted));
  }
  return record;
}

Key key_of(const EntitySchema& entity, std::span<const std::string> segments) {
  std::vector<Value> parts;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const FieldSchema& field = entity.fields()[entity.primary_key()[i]];
    std::string why;
    auto value = value_from_text(field, segments[i], &why);
    if (!value) {
      throw ApiProblem(http::status::bad_request,
                       fmt::format("path segment '{}': {}", field.name(), why));
    }
    parts.push_back(std::move(*value));
  }
  return Key(std::move(parts));
}

// The key of `row` as path segments: "/7/3".
std::string key_path(const EntitySchema& entity, const Record& row) {
  std::string path;
  for (std::size_t field : entity.primary_key()) {
    const FieldSchema& key_field = entity.fields()[field];
    path += "/" + url_encode(value_text(key_field, row.at(key_field.name())));
  }
  return path;
}

HttpResponse row_response(const StoreRoute& route, unsigned status, const Record& row) {
  return json_response(status, route.request.version(), row_json(entity_of(route), row));
}

ApiProblem no_row(const StoreRoute& route) {
  return ApiProblem(http::status::not_found,
                    fmt::format("{} has no row with this key", entity_of(route).name()));
}

}  // namespace

HttpResponse json_response(unsigned status, unsigned version, std::string body) {
  HttpResponse response{static_cast<http::status>(status), version};
  response.set(http::field::server, "v5store");
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

HttpResponse list_rows(const StoreRoute& route, const ApiServerOptions& options) {
  const EntitySchema& entity = entity_of(route);
  ListRequest list = parse_list_request(
      entity, parse_query_string({route.request.target().data(), route.request.target().size()}),
      options.default_limit, options.max_limit);
  if (!list.keyset && !list.query.cursor().empty()) {
    throw ApiProblem(http::status::bad_request,
                     "query parameter 'after': pages need an order by non-null fields");
  }
  std::vector<Record> rows;
  std::string next;
  try {
    if (list.keyset) {
      Page page = records_of(route).page(list.query);
      rows = std::move(page.rows);
      next = std::move(page.next);
    } else {
      rows = records_of(route).find(list.query);
    }
  } catch (const Error& e) {
    if (e.code() != ErrorCode::validation) throw;
    throw ApiProblem(
        http::status::bad_request,
        list.query.cursor().empty()
            ? fmt::format("a filter does not fit {}", e.field().empty() ? entity.name() : e.field())
            : std::string("query parameter 'after': not a cursor of this order"));
  }
  HttpResponse response =
      json_response(200, route.request.version(), rows_json(entity, rows, list.select));
  if (!next.empty()) {
    response.set(http::field::link,
                 fmt::format("<{}?{}{}after={}>; rel=\"next\"", route.collection_path,
                             list.link_query, list.link_query.empty() ? "" : "&", next));
  }
  return response;
}

HttpResponse create_row(const StoreRoute& route) {
  const EntitySchema& entity = entity_of(route);
  const json body = parse_body(route);
  std::vector<FieldProblem> errors;
  Record record = record_of(entity, body, errors);
  for (const FieldSchema& field : entity.fields()) {
    if (record.contains(field.name()) || body.contains(field.name())) continue;
    if (field.required()) {
      errors.push_back({field.path(), "required", field.path() + " is required"});
    } else if (field.nullable() && !field.has_default()) {
      record.set(field.name(), Value());  // so that a row of only such fields has a field
    }
  }
  if (!errors.empty()) throw ApiProblem::invalid(std::move(errors));
  const Record row = records_of(route).insert_returning(entity.name(), record);
  HttpResponse response = row_response(route, 201, row);
  response.set(http::field::location, route.collection_path + key_path(entity, row));
  return response;
}

HttpResponse read_row(const StoreRoute& route, std::span<const std::string> key) {
  const auto row = records_of(route).get(entity_of(route).name(), key_of(entity_of(route), key));
  if (!row) throw no_row(route);
  return row_response(route, 200, *row);
}

HttpResponse write_row(const StoreRoute& route, std::span<const std::string> segments, bool whole) {
  const EntitySchema& entity = entity_of(route);
  const Key key = key_of(entity, segments);
  const json body = parse_body(route);
  std::vector<FieldProblem> errors;
  Record record = record_of(entity, body, errors);
  for (std::size_t i = 0; i < key.size(); ++i) {
    const FieldSchema& field = entity.fields()[entity.primary_key()[i]];
    const Value* given = record.find(field.name());
    if (given != nullptr && *given != key[i]) {
      errors.push_back({field.path(), "key", field.path() + " is given by the path"});
    }
    record.set(field.name(), key[i]);
  }
  if (whole) {  // PUT: a field left out takes its default, or NULL
    for (const FieldSchema& field : entity.fields()) {
      if (field.primary_key() || record.contains(field.name()) || body.contains(field.name())) {
        continue;
      }
      if (auto fallback = field.default_value()) {
        record.set(field.name(), std::move(*fallback));
      } else if (field.nullable()) {
        record.set(field.name(), Value());
      } else {
        errors.push_back({field.path(), "required", field.path() + " is required"});
      }
    }
  }
  if (!errors.empty()) throw ApiProblem::invalid(std::move(errors));
  if (!records_of(route).update(entity.name(), record)) throw no_row(route);
  return read_row(route, segments);
}

HttpResponse delete_row(const StoreRoute& route, std::span<const std::string> key) {
  if (!records_of(route).remove(entity_of(route).name(), key_of(entity_of(route), key))) {
    throw no_row(route);
  }
  HttpResponse response{http::status::no_content, route.request.version()};
  response.set(http::field::server, "v5store");
  return response;
}

}  // namespace v5store::detail
