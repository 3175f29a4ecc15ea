// Problem documents (RFC 9457) and the mapping of record API errors onto them.
#include "api/problem.hpp"

#include <fmt/format.h>

#include "api/json_rows.hpp"

namespace v5store::detail {

namespace http = boost::beast::http;

ApiProblem ApiProblem::invalid(std::vector<FieldProblem> errors) {
  std::string fields;
  for (const FieldProblem& e : errors) fields += (fields.empty() ? "" : ", ") + e.field;
  ApiProblem problem(http::status::unprocessable_entity,
                     "the request breaks the schema's rules at " + fields);
  problem.errors_ = std::move(errors);
  return problem;
}

HttpResponse problem_response(const ApiProblem& problem, unsigned version) {
  JsonWriter body;
  body.start_object();
  body.key("type");
  body.string("about:blank");
  body.key("status");
  body.integer(static_cast<int>(problem.status()));
  body.key("title");
  const auto title = http::obsolete_reason(problem.status());
  body.string({title.data(), title.size()});
  body.key("detail");
  body.string(problem.detail());
  if (!problem.errors().empty()) {
    body.key("errors");
    body.start_array();
    for (const FieldProblem& e : problem.errors()) {
      body.start_object();
      body.key("field");
      body.string(e.field);
      body.key("code");
      body.string(e.code);
      body.key("message");
      body.string(e.message);
      body.end_object();
    }
    body.end_array();
  }
  body.end_object();
  HttpResponse response{problem.status(), version};
  response.set(http::field::server, "v5store");
  response.set(http::field::content_type, "application/problem+json");
  response.set(http::field::cache_control, "no-store");
  for (const auto& [name, value] : problem.headers()) response.set(name, value);
  response.body() = body.text();
  response.prepare_payload();
  return response;
}

namespace {

// Where an error is: the field the backend named, else for a foreign key every reference
// field of the entity (SQLite does not say which), else the entity.
std::string where_of(const Error& error, const EntitySchema& entity) {
  if (!error.field().empty()) return error.field();
  std::string fields;
  if (error.code() == ErrorCode::foreign_key_violation) {
    for (const Reference& reference : entity.references()) {
      fields += (fields.empty() ? "" : " or ") + entity.fields()[reference.field].path();
    }
    for (const ForeignKeySpec& fk : entity.foreign_keys()) {
      std::string names;
      for (const auto& field : fk.fields) names += (names.empty() ? "" : ", ") + field;
      fields += (fields.empty() ? "" : " or ") + entity.name() + ".(" + names + ")";
    }
  }
  return fields.empty() ? entity.name() : fields;
}

}  // namespace

ApiProblem problem_of(const Error& error, const EntitySchema& schema) {
  const std::string& entity = schema.name();
  const std::string where = where_of(error, schema);
  const std::string constraint =
      error.constraint().empty() ? std::string() : " (constraint " + error.constraint() + ")";
  switch (error.code()) {
    case ErrorCode::unique_violation:
      return ApiProblem(http::status::conflict,
                        fmt::format("{} already holds this value{}", where, constraint));
    case ErrorCode::foreign_key_violation:
      return ApiProblem(http::status::conflict,
                        fmt::format("{} references a row that does not exist, or a row "
                                    "references this one{}",
                                    where, constraint));
    case ErrorCode::not_null_violation:
    case ErrorCode::check_violation:
      return ApiProblem::invalid({{where, std::string(to_string(error.code())),
                                   fmt::format("{} breaks a database rule{}", where, constraint)}});
    case ErrorCode::validation:
      return ApiProblem::invalid({{where, "validation", "the row breaks a rule of " + entity}});
    case ErrorCode::not_found:
      return ApiProblem(http::status::not_found, "no such row of " + entity);
    case ErrorCode::connection:
    case ErrorCode::pool_timeout:
    case ErrorCode::circuit_open:
    case ErrorCode::serialization_failure:
    case ErrorCode::deadlock:
    case ErrorCode::cancelled:
      return ApiProblem(http::status::service_unavailable,
                        fmt::format("the database is unavailable ({}); retry later",
                                    to_string(error.code())))
          .header("Retry-After", "1");
    default:
      return ApiProblem(http::status::internal_server_error,
                        fmt::format("internal error ({})", to_string(error.code())));
  }
}

}  // namespace v5store::detail
