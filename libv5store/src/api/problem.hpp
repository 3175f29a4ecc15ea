// API errors as RFC 9457 problem documents (application/problem+json): the ApiProblem a
// route throws, and the mapping of v5store::Error onto statuses. A problem names the request
// parameter, the field or the constraint; never SQL text or a bound value.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http/status.hpp>

#include "http/types.hpp"
#include "v5store/error.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

// One broken rule of a 422 answer: {"field": "member.email", "code": "pattern", "message"}.
struct FieldProblem {
  std::string field;
  std::string code;
  std::string message;
};

// A request the API answers with an error status.
class ApiProblem : public std::runtime_error {
 public:
  ApiProblem(boost::beast::http::status status, std::string detail)
      : std::runtime_error(detail), status_(status), detail_(std::move(detail)) {}

  // 422 with every broken rule.
  static ApiProblem invalid(std::vector<FieldProblem> errors);

  boost::beast::http::status status() const noexcept { return status_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<FieldProblem>& errors() const noexcept { return errors_; }

  // Response headers it carries (Allow of a 405).
  ApiProblem& header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  const std::vector<std::pair<std::string, std::string>>& headers() const noexcept {
    return headers_;
  }

 private:
  boost::beast::http::status status_;
  std::string detail_;
  std::vector<FieldProblem> errors_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// The problem+json response of `problem`. Thread-safe.
HttpResponse problem_response(const ApiProblem& problem, unsigned version);

// The problem for an error of the record API: 409 for a unique or foreign-key conflict
// (naming entity.field and the constraint), 422 for a NOT NULL / CHECK violation or a
// validation error, 404 not_found, 503 (Retry-After) when the database is unavailable, 500
// otherwise. The error's message is never copied (it may name values).
ApiProblem problem_of(const Error& error, const EntitySchema& entity);

}  // namespace v5store::detail
