// Loading a rule set: files → YAML trees → declarations → definitions → linked model.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "entitle/ruleset.hpp"

namespace entitle::load {

struct LoadOptions {
  // Reuse the trees of files parsed by an earlier load in this process when their bytes are
  // unchanged (load/parsed_file_cache.hpp). Off: every file is parsed afresh.
  bool reuse_parsed_files = true;
};

LoadResult load_directory(const std::string& dir, const LoadOptions& options = {});

// Empties the process's parsed-file cache (benchmarks measure cold loads with it).
void clear_parsed_file_cache();
LoadResult load_documents(const std::vector<std::pair<std::string, std::string>>& docs);

}  // namespace entitle::load
