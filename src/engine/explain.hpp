// After a rule is decided: which inputs an undetermined decision still needs, and (when
// asked) the explanation: every condition with its truth value and the values it read.
#pragma once

#include "engine/evaluation.hpp"

namespace entitle::engine {

// Fills d.missing_fields and d.missing_parameters for an undetermined decision.
void collect_missing(Evaluation& ev, const Rule& rule, Decision& d);

// Fills d.explanation. Values are copied into `store` so they outlive the evaluation.
void explain(Evaluation& ev, const Rule& rule, Decision& d, ValueStore& store);

}  // namespace entitle::engine
