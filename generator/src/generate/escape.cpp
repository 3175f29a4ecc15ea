#include "generate/escape.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "v5store/error.hpp"

namespace v5gen {

namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The code point starting at text[i] and its length in bytes; kInvalid (length 1) for a byte
// that does not start a valid, shortest-form UTF-8 sequence.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, minimum = 0x10000;
  } else {
    return {kInvalid, 1};
  }
  if (i + length > text.size()) return {kInvalid, 1};
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {kInvalid, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kInvalid, 1};
  return {cp, length};
}

bool is_line_break_or_control(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
}

constexpr std::string_view kYamlString = "!v5gen-string";
constexpr std::string_view kYamlBlock = "!v5gen-block";

// True when `text` is a plain scalar of YAML 1.1 and 1.2 made of [A-Za-z0-9_./+-] only (a
// leading '-' only before a digit): no indicator, space, quote or line break.
bool plain_charset(std::string_view text) {
  if (text.empty() || text.size() > 200) return false;
  if (text.front() == '-' && (text.size() < 2 || text[1] < '0' || text[1] > '9')) return false;
  if (text.front() == '+') return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '/' || c == '-' || c == '+';
  });
}

// True when `text` written plain is read back as this string (not a boolean, null or number).
bool plain_string(std::string_view text) {
  if (!plain_charset(text)) return false;
  const char first = text.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '.') return false;
  std::string lower(text);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  static constexpr std::string_view kSpecial[] = {"y",   "n",    "yes",   "no",  "on",
                                                  "off", "true", "false", "null"};
  return std::find(std::begin(kSpecial), std::end(kSpecial), lower) == std::end(kSpecial);
}

// True when a literal block scalar denotes exactly `text`.
bool literal_block(std::string_view text) {
  if (text.size() < 2 || text.back() != '\n' || text[text.size() - 2] == '\n') return false;
  if (text.front() == ' ' || text.front() == '\n') return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == '\n' || (c >= 0x20 && c < 0x7F); });
}

// The style of a scalar: a literal block for yaml_block() text that allows it; plain for
// yaml_string() text that reads back as that string, for scalars the generator built itself
// (numbers, booleans) and for scalars a loaded spec had plain, when their characters allow it;
// double-quoted, with every control and non-ASCII character escaped, otherwise.
void emit_scalar(const YAML::Node& node, YAML::Emitter& out) {
  const std::string& text = node.Scalar();
  const std::string& tag = node.Tag();
  bool plain = false;
  if (tag == kYamlBlock) {
    if (literal_block(text)) {
      out << YAML::Literal << text;
      return;
    }
  } else if (tag == kYamlString) {
    plain = plain_string(text);
  } else if (tag.empty() || tag == "?") {
    plain = plain_charset(text);
  }
  if (plain) {
    out << text;
  } else {
    out << YAML::DoubleQuoted << text;
  }
}

void emit_yaml(const YAML::Node& node, YAML::Emitter& out) {
  const bool flow = node.Style() == YAML::EmitterStyle::Flow;
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out << (flow ? YAML::Flow : YAML::Block) << YAML::BeginMap;
      for (const auto& entry : node) {
        out << YAML::Key;
        emit_scalar(entry.first, out);
        out << YAML::Value;
        emit_yaml(entry.second, out);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Sequence:
      out << (flow ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
      for (const auto& item : node) emit_yaml(item, out);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Scalar:
      emit_scalar(node, out);
      break;
    default:
      out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
      break;
  }
}

}  // namespace

std::string cpp_string_literal(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7F) {
      out += fmt::format("\\{:03o}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string comment_text(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode(text, i);
    if (cp == kInvalid) {
      out += kReplacement;
    } else if (is_line_break_or_control(cp)) {
      out += ' ';
    } else if ((cp == '/' && !out.empty() && out.back() == '*') ||
               (cp == '?' && !out.empty() && out.back() == '?')) {
      out += ' ';
      out += static_cast<char>(cp);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\\')) out.pop_back();
  return out;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto [cp, length] = decode(text, i);
    if (cp == kInvalid) {
      out += "\\ufffd";
    } else if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out + "\"";
}

std::string shell_word(std::string_view text) {
  const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_./:=@%+-").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(text);
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string safe_file_name(std::string_view name) {
  if (name.empty()) return "spec.yaml";
  std::string out;
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    out += keep ? c : '_';
  }
  if (out.front() == '.' || out.front() == '-') out.front() = '_';
  return out;
}

YAML::Node yaml_string(std::string_view text) {
  YAML::Node node(std::string{text});
  node.SetTag(std::string(kYamlString));
  return node;
}

YAML::Node yaml_block(std::string_view text) {
  YAML::Node node(std::string{text});
  node.SetTag(std::string(kYamlBlock));
  return node;
}

std::string yaml_document(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetOutputCharset(YAML::EscapeNonAscii);
  out.SetIndent(2);
  emit_yaml(node, out);
  if (!out.good()) {
    throw v5store::Error(v5store::ErrorCode::config,
                         "v5gen: the YAML emitter refused a document: " + out.GetLastError());
  }
  return std::string(out.c_str()) + "\n";
}

}  // namespace v5gen
