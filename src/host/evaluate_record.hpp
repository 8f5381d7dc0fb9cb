// One record through the engine: JSON text in, decisions JSON out. Shared by
// entitle_evaluate, entitle_evaluate_many and the REST evaluate routes.
#pragma once

#include <string>
#include <string_view>

#include "host/loaded_ruleset.hpp"

namespace entitle::host {

// Reads `record` as `entity` into the scratch, evaluates it at `as_of` with
// scratch.options, and appends the decisions JSON to `out`. Throws RecordError,
// EvaluationError and the like.
void evaluate_record(EvalScratch& scratch, uint32_t entity, std::string_view record, Date as_of,
                     std::string& out);

}  // namespace entitle::host
