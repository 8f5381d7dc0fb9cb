// One record through the engine: JSON text in, decisions JSON out. Shared by
// entitle_evaluate and entitle_evaluate_many.
#pragma once

#include <string>
#include <string_view>

#include "capi/ruleset.hpp"

namespace entitle::capi {

// Reads `record` as `entity` into the scratch, evaluates it at `as_of` with
// scratch.options, and appends the decisions JSON to `out`. Throws RecordError,
// EvaluationError and the like.
void evaluate_record(EvalScratch& scratch, uint32_t entity, std::string_view record, Date as_of,
                     std::string& out);

}  // namespace entitle::capi
