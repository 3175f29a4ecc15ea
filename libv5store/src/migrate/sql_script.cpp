// Statement splitting and checksums of SQL scripts.
#include "migrate/sql_script.hpp"

#include <array>
#include <cctype>

namespace v5store::detail {

namespace {

// The offset of the first character that is neither whitespace nor inside a comment.
std::size_t skip_comments_and_space(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    } else if (text.substr(i, 2) == "--") {
      const auto end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
    } else if (text.substr(i, 2) == "/*") {
      const auto end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

std::string trimmed(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])) != 0) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
  return std::string(text.substr(begin, end - begin));
}

// The dollar-quote tag starting at `i` ("$$", "$body$"), or empty when there is none.
std::string_view dollar_tag(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  while (j < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '_')) {
    ++j;
  }
  if (j < text.size() && text[j] == '$') return text.substr(i, j - i + 1);
  return {};
}

}  // namespace

std::vector<std::string> split_statements(std::string_view script) {
  std::vector<std::string> out;
  std::size_t start = 0;
  std::size_t i = 0;
  const auto flush = [&](std::size_t end) {
    std::string_view piece = script.substr(start, end - start);
    piece.remove_prefix(skip_comments_and_space(piece));
    if (!piece.empty()) out.push_back(trimmed(piece));
    start = end + 1;
  };
  while (i < script.size()) {
    const char c = script[i];
    if (c == '\'' || c == '"' || c == '`') {
      std::size_t j = i + 1;
      while (j < script.size()) {
        if (script[j] == c) {
          if (j + 1 < script.size() && script[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      i = j + 1;
    } else if (script.substr(i, 2) == "--") {
      const auto end = script.find('\n', i);
      i = end == std::string_view::npos ? script.size() : end + 1;
    } else if (script.substr(i, 2) == "/*") {
      const auto end = script.find("*/", i + 2);
      i = end == std::string_view::npos ? script.size() : end + 2;
    } else if (c == '$' && !dollar_tag(script, i).empty()) {
      const std::string_view tag = dollar_tag(script, i);
      const auto end = script.find(tag, i + tag.size());
      i = end == std::string_view::npos ? script.size() : end + tag.size();
    } else if (c == ';') {
      flush(i);
      ++i;
    } else {
      ++i;
    }
  }
  if (start < script.size()) flush(script.size());
  return out;
}

std::int64_t script_checksum(std::string_view text) {
  static const std::array<std::uint32_t, 256> kTable = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[n] = c;
    }
    return table;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : text) {
    if (ch == '\r') continue;
    crc = kTable[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  }
  return static_cast<std::int64_t>(crc ^ 0xFFFFFFFFu);
}

}  // namespace v5store::detail
