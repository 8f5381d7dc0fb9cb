// Echoing what a client sent back in an error message. Input is not trusted: a key or cell
// may be a megabyte long, so a message shows a readable start of it, and "did you mean" is
// asked only of the candidates a typo could reach (edit distance costs |word| × |candidate|).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/spelling.hpp"

namespace entitle {

inline constexpr size_t kEchoedBytes = 60;

// `text` cut to about `max_bytes` without splitting a UTF-8 character, "…" marking the cut.
inline std::string echoed(std::string_view text, size_t max_bytes = kEchoedBytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

// did_you_mean(word, candidates), the same answer, without the candidates whose length
// alone puts them beyond a typo: closest_match accepts a distance of at most 3, and the
// distance is at least the difference in length. So a long hostile word costs one pass
// per candidate of about its length (there are none in a rule set), not |word| × all.
inline std::string did_you_mean_near(std::string_view word,
                                     const std::vector<std::string>& candidates) {
  constexpr size_t kMaxTypo = 3;
  std::vector<std::string> near;
  for (const std::string& c : candidates) {
    const size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap <= kMaxTypo) near.push_back(c);
  }
  return near.empty() ? std::string() : did_you_mean(word, near);
}

}  // namespace entitle
