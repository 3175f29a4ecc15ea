// expect_error: the one way a test checks that a call throws v5store::Error with a given code
// (and, optionally, a message that contains a given text), as fmt's gtest-extra.h does with
// EXPECT_THROW_MSG. It returns the message, for further checks.
//
// Example:
//   const std::string message = v5test::expect_error(
//       [&] { records.insert("order", row); }, v5store::ErrorCode::validation, "order.total");
//   EXPECT_EQ(message.find("secret"), std::string::npos);
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "v5store/error.hpp"

namespace v5test {

// Runs `call`. Records a failure when it returns normally, throws something other than
// v5store::Error, throws an Error whose code is not `code`, or whose message does not contain
// `text`. Returns the message ("" when nothing matching was thrown).
template <class Call>
std::string expect_error(Call&& call, v5store::ErrorCode code, std::string_view text = {}) {
  try {
    call();
  } catch (const v5store::Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.code(), code) << message;
    EXPECT_NE(message.find(text), std::string::npos)
        << "the message does not contain \"" << text << "\": " << message;
    return message;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected v5store::Error, got another exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected v5store::Error, nothing was thrown";
  return {};
}

// Runs `call` and returns the v5store::Error it throws, for checks of its details (code,
// constraint, table, field). Records a failure and returns Error(unknown, "none") when it
// throws none.
template <class Call>
v5store::Error error_of(Call&& call) {
  try {
    call();
  } catch (const v5store::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return v5store::Error(v5store::ErrorCode::unknown, "none");
}

}  // namespace v5test
