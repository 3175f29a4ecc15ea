#include "identifiers.hpp"

#include <algorithm>

namespace v5validate::detail {

bool is_identifier(std::string_view name) noexcept {
  if (name.empty()) return false;
  const auto lower_or_underscore = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  if (!lower_or_underscore(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return lower_or_underscore(c) || (c >= '0' && c <= '9'); });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  if (word.size() > 64) return {};
  std::string best;
  std::size_t best_distance = 0;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    const std::size_t allowed =
        std::max<std::size_t>(1, std::min<std::size_t>(3, candidate.size() / 3));
    if (distance <= allowed && (best.empty() || distance < best_distance)) {
      best = std::string(candidate);
      best_distance = distance;
    }
  }
  return best;
}

std::string suggestion_hint(std::string_view word,
                            const std::vector<std::string_view>& candidates) {
  std::string best = closest_match(word, candidates);
  if (!best.empty()) return "did you mean `" + best + "`?";
  std::string all;
  for (std::string_view candidate : candidates) {
    all += all.empty() ? "" : ", ";
    all += candidate;
  }
  return "expected one of: " + all;
}

}  // namespace v5validate::detail
