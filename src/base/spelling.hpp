// "Did you mean" suggestions for misspelt keys, names and enum values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace entitle {

// Words longer than this get no suggestion, and only this many candidates are compared:
// each comparison costs at most (length * 7) steps, so one diagnostic stays cheap whatever
// a rule file holds.
inline constexpr size_t kMaxSuggestedLength = 64;
inline constexpr size_t kMaxSuggestionCandidates = 4096;

// The candidate closest to `word` by edit distance, if close enough to be a plausible typo
// (at most a third of the word's length, 1 to 3 edits); empty otherwise. Ties go to the
// first candidate.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace entitle
