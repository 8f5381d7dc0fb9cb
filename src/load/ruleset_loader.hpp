// Loading a rule set: files → YAML trees → declarations → definitions → linked model.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "entitle/ruleset.hpp"

namespace entitle::load {

LoadResult load_directory(const std::string& dir);
LoadResult load_documents(const std::vector<std::pair<std::string, std::string>>& docs);

}  // namespace entitle::load
