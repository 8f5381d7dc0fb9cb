// Decisions for people: one block per rule, eligible or not, the amounts, and for a rule
// that does not hold (or cannot be decided) the conditions that failed in plain language,
// with the values read and the citation:
//   不符合：年满60周岁 — 年龄 59 < 60（滕人社发〔2019〕24号 四(二)4）
#pragma once

#include <string>

#include "entitle/decision.hpp"
#include "entitle/ruleset.hpp"

namespace entitle::runner {

std::string decisions_to_text(const RuleSet& rs, const Decisions& d, Language lang);
// The failing (or unknown) conditions of one decision, one line each, indented by `indent`.
std::string failing_conditions_text(const RuleSet& rs, const Decision& d, Language lang,
                                    const std::string& indent);

}  // namespace entitle::runner
