// The fast reader of rule files (libyaml) against the general one (yaml-cpp), on one text:
// the fast reader must decline, or give exactly the tree yaml-cpp gives without a diagnostic.
// Used by the unit tests, the yaml_readers tool (over the bad-input corpus) and the
// yaml_readers fuzz target.
#pragma once

#include <string>
#include <string_view>

#include "load/yaml_tree.hpp"

namespace entitle::yaml {

struct ReaderComparison {
  bool fast_accepted = false;  // the fast reader gave a tree (else it declined)
  std::string divergence;      // empty when the readers agree; else what differs, and where
};

ReaderComparison compare_readers(std::string_view text, const Limits& limits = {});

}  // namespace entitle::yaml
