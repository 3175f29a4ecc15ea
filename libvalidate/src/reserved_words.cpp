#include "reserved_words.hpp"

#include <array>
#include <set>
#include <string>

namespace v5validate::detail {

namespace {

std::set<std::string, std::less<>> load(v5store::BackendKind backend) {
  std::set<std::string, std::less<>> words;
  std::string_view text = reserved_words_text(backend);
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') words.emplace(line);
  }
  return words;
}

}  // namespace

bool is_reserved_word(v5store::BackendKind backend, std::string_view word) {
  static const std::array<std::set<std::string, std::less<>>, 3> kWords = {
      load(v5store::BackendKind::sqlite), load(v5store::BackendKind::postgresql),
      load(v5store::BackendKind::mysql)};
  return kWords[static_cast<std::size_t>(backend)].count(word) > 0;
}

}  // namespace v5validate::detail
