// JsonWriter: compact JSON text written value by value over RapidJSON's SAX writer, the one
// JSON writer of the library (the API's rows, pages and problems; the monitoring reports;
// detail::json_string). Strings that are not valid UTF-8 are written with U+FFFD in place of
// each bad byte.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace v5store::detail {

// Compact JSON text, built value by value; the caller keeps it well formed (every key in an
// object, every start ended). Not thread-safe: one writer per response.
class JsonWriter {
 public:
  JsonWriter();
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void start_object();
  void end_object();
  void start_array();
  void end_array();
  // `name` must be valid UTF-8 (a field name of the registry, a constant): not checked.
  void key(std::string_view name);
  void string(std::string_view text);
  void integer(std::int64_t n);
  // A finite number; NaN and infinities are written as null.
  void number(double d);
  void boolean(bool b);
  void null();
  // `json` embedded as a value, compacted; as a string when it is not valid JSON.
  void embed(std::string_view json);

  // The text written so far.
  std::string text() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store::detail
