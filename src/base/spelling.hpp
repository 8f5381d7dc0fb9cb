// "Did you mean" suggestions for misspelt keys, names and enum values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace entitle {

// The candidate closest to `word` by edit distance, if close enough to be a plausible typo;
// empty otherwise.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace entitle
