// EnvGuard: sets or unsets one environment variable for a scope and restores what it was, so
// a test that fails half-way leaves no variable behind for the next one.
//
// Example:
//   EnvGuard backend("INV_BACKEND", "postgresql");   // set for this scope
//   EnvGuard token("V5_TOKEN", std::nullopt);        // unset for this scope
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

namespace v5test {

class EnvGuard {
 public:
  // Sets `name` to `value`, or unsets it when `value` is nullopt. Not thread-safe (setenv).
  EnvGuard(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) previous_ = old;
    if (value) {
      ::setenv(name_.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

  // Restores the value the variable had before, or unsets it if it had none.
  ~EnvGuard() {
    if (previous_) {
      ::setenv(name_.c_str(), previous_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

}  // namespace v5test
