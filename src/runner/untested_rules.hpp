// For `entitle check`: a warning for each rule of a rule set that no test case names.
#pragma once

#include <string>

#include "entitle/ruleset.hpp"

namespace entitle::runner {

// Adds "rule 'x' has no test case" (at the rule's id) for every rule defined in `dir`'s own
// files (not in a rule set it extends) that no test file under `dir`/tests names under
// `expect:`.
void warn_untested_rules(const RuleSet& rs, const std::string& dir, Diagnostics& out);

// True when `file` lies directly in the rule-set folder `dir`: a definition made there, not
// in a rule set `dir` extends (whose own tests cover it).
bool defined_in_folder(const std::string& file, const std::string& dir);

}  // namespace entitle::runner
