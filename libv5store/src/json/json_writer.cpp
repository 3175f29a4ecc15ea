// JsonWriter over RapidJSON's SAX writer.
#include "json/json_writer.hpp"

#include <cmath>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace v5store::detail {
namespace {

using Buffer = rapidjson::StringBuffer;
using Sax = rapidjson::Writer<Buffer>;

// The length of the valid UTF-8 sequence at `text[at]`, 0 when it is not one (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

// `text` with U+FFFD in place of every byte that does not start a valid sequence; empty
// when `text` is valid (the common case costs one scan and no copy).
std::string replaced_invalid_utf8(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) ++at;
  while (at < text.size()) {
    const std::size_t length = utf8_length(text, at);
    if (length == 0 && out.empty()) out.assign(text.substr(0, at));
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++at;
      continue;
    }
    if (!out.empty()) out.append(text.substr(at, length));
    at += length;
  }
  return out;
}

}  // namespace

struct JsonWriter::Impl {
  Buffer buffer;
  Sax sax{buffer};
};

JsonWriter::JsonWriter() : impl_(std::make_unique<Impl>()) {}
JsonWriter::~JsonWriter() = default;

void JsonWriter::start_object() { impl_->sax.StartObject(); }
void JsonWriter::end_object() { impl_->sax.EndObject(); }
void JsonWriter::start_array() { impl_->sax.StartArray(); }
void JsonWriter::end_array() { impl_->sax.EndArray(); }

void JsonWriter::key(std::string_view name) {
  impl_->sax.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

void JsonWriter::string(std::string_view text) {
  const std::string replaced = replaced_invalid_utf8(text);
  const std::string_view valid = replaced.empty() ? text : std::string_view(replaced);
  impl_->sax.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void JsonWriter::integer(std::int64_t n) { impl_->sax.Int64(n); }

void JsonWriter::number(double d) {
  if (std::isfinite(d)) {
    impl_->sax.Double(d);
  } else {
    impl_->sax.Null();
  }
}

void JsonWriter::boolean(bool b) { impl_->sax.Bool(b); }
void JsonWriter::null() { impl_->sax.Null(); }

void JsonWriter::embed(std::string_view json) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseFullPrecisionFlag>(json.data(), json.size());
  if (document.HasParseError() || !replaced_invalid_utf8(json).empty()) return string(json);
  document.Accept(impl_->sax);
}

std::string JsonWriter::text() const {
  return {impl_->buffer.GetString(), impl_->buffer.GetSize()};
}

}  // namespace v5store::detail
