// After a rule is decided: which inputs an undetermined decision still needs, and (when
// asked) the explanation: every condition with its truth value and the values it read.
#pragma once

#include "engine/evaluation.hpp"

namespace entitle::engine {

// Whether output `o` has a value when the rule's status is `s`: always when eligible, and
// when not eligible if the output has an `otherwise`.
bool output_expected(const Rule& rule, uint32_t o, Status s);

// Fills d.missing_fields and d.missing_parameters: the inputs an undetermined decision
// still needs, and those behind any expected output left without a value.
void collect_missing(Evaluation& ev, const Rule& rule, Decision& d);

// Fills d.explanation. Values are copied into `store` so they outlive the evaluation.
void explain(Evaluation& ev, const Rule& rule, Decision& d, ValueStore& store);

}  // namespace entitle::engine
