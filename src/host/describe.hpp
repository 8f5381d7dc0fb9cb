// What a loaded rule set holds, as the JSON entitle_ruleset_describe returns (name, version,
// hash, entity schemas, rules with citations and effective periods, parameters, warnings).
// Shared with the REST service's GET /v1/rules.
#pragma once

#include <string>

namespace entitle::host {

struct LoadedRuleSet;

std::string describe_ruleset(const LoadedRuleSet& loaded);

}  // namespace entitle::host
