#include "v5store/error.hpp"

#include <utility>

namespace v5store {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::connection:
      return "connection";
    case ErrorCode::pool_timeout:
      return "pool_timeout";
    case ErrorCode::circuit_open:
      return "circuit_open";
    case ErrorCode::unique_violation:
      return "unique_violation";
    case ErrorCode::foreign_key_violation:
      return "foreign_key_violation";
    case ErrorCode::not_null_violation:
      return "not_null_violation";
    case ErrorCode::check_violation:
      return "check_violation";
    case ErrorCode::serialization_failure:
      return "serialization_failure";
    case ErrorCode::deadlock:
      return "deadlock";
    case ErrorCode::commit_unknown:
      return "commit_unknown";
    case ErrorCode::validation:
      return "validation";
    case ErrorCode::schema:
      return "schema";
    case ErrorCode::migration:
      return "migration";
    case ErrorCode::config:
      return "config";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::misuse:
      return "misuse";
    case ErrorCode::cancelled:
      return "cancelled";
    case ErrorCode::unknown:
      return "unknown";
  }
  return "unknown";
}

bool is_constraint_violation(ErrorCode code) noexcept {
  return code == ErrorCode::unique_violation || code == ErrorCode::foreign_key_violation ||
         code == ErrorCode::not_null_violation || code == ErrorCode::check_violation;
}

namespace {

std::string compose(const std::string& message, const std::vector<std::string>& context) {
  if (context.empty()) return message;
  std::string out = message + " (";
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (i > 0) out += "; ";
    out += context[i];
  }
  out += ')';
  return out;
}

}  // namespace

Error::Error(ErrorCode code, std::string message, std::string backend_code)
    : std::runtime_error(message),
      code_(code),
      backend_code_(std::move(backend_code)),
      what_(std::move(message)) {}

bool Error::retryable() const noexcept {
  switch (code_) {
    case ErrorCode::serialization_failure:
    case ErrorCode::deadlock:
    case ErrorCode::pool_timeout:
    case ErrorCode::connection:
      return true;
    default:
      return false;
  }
}

Error& Error::set_details(ErrorDetails details) {
  details_ = std::move(details);
  return *this;
}

Error& Error::add_context(std::string context) {
  context_.push_back(std::move(context));
  what_ = compose(std::runtime_error::what(), context_);
  return *this;
}

const char* Error::what() const noexcept { return what_.c_str(); }

}  // namespace v5store
