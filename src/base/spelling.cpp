#include "base/spelling.hpp"

#include <algorithm>

namespace entitle {

namespace {

// Edit distance of a and b if it is at most `bound`, else bound + 1. Only the band of
// width 2 * bound + 1 around the diagonal can stay within the bound, and a row whose every
// cell is past it ends the search: the cost is O(length * bound), not O(length^2).
size_t bounded_distance(std::string_view a, std::string_view b, size_t bound) {
  const size_t past = bound + 1;
  const size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > bound) return past;
  std::vector<size_t> row(b.size() + 1, past);
  for (size_t j = 0; j <= std::min(b.size(), bound); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    const size_t lo = i > bound ? i - bound : 1;
    const size_t hi = std::min(b.size(), i + bound);
    size_t diagonal = row[lo - 1];
    row[lo - 1] = lo == 1 && i <= bound ? i : past;
    size_t row_min = row[lo - 1];
    for (size_t j = lo; j <= hi; ++j) {
      const size_t above = row[j];
      const size_t cell =
          std::min({above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1), past});
      row[j] = cell;
      row_min = std::min(row_min, cell);
      diagonal = above;
    }
    if (hi < b.size()) row[hi + 1] = past;
    if (row_min > bound) return past;
  }
  return std::min(row[b.size()], past);
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A third of the word's length (at least 1, at most 3) is still a typo, not another word.
  const size_t allowed = std::clamp<size_t>(word.size() / 3, 1, 3);
  // As compilers do: a long word is not a typo of a name, and only so many names are tried,
  // so a hostile file cannot make one diagnostic cost more than a few hundred thousand steps.
  if (word.size() > kMaxSuggestedLength) return {};
  std::string best;
  size_t best_distance = allowed + 1;
  size_t tried = 0;
  for (const auto& c : candidates) {
    if (c.size() > kMaxSuggestedLength + allowed) continue;
    if (++tried > kMaxSuggestionCandidates) break;
    const size_t d = bounded_distance(word, c, best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
      if (d == 0) break;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string m = closest_match(word, candidates);
  return m.empty() ? std::string() : " (did you mean '" + m + "'?)";
}

}  // namespace entitle
