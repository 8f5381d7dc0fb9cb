// The body of POST /v1/evaluate and /v1/evaluate/batch, read and checked against the rule
// set serving the request:
//   {"as_of":"2024-07-01",           required, YYYY-MM-DD
//    "entity":"person",              optional when the rule set has one entity
//    "record":{…}  | "records":[…],  one (evaluate) or a list (batch)
//    "rules":["id",…],               optional: only these rules, in this order
//    "explain":false, "lang":"zh"}   optional
// Unknown or repeated members are errors (a typo must not silently change the answer).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "io/batch_split.hpp"
#include "entitle/ruleset.hpp"

namespace entitle::server {

struct EvaluateRequest {
  Date as_of;
  uint32_t entity = 0;
  EvalOptions options;  // explain, language, rules
  // The record(s) as written in the body, with where each starts in the body.
  std::vector<capi::RecordSpan> records;
};

// Throws ApiError: 400 for malformed or too deeply nested JSON, 422 naming the member for
// anything that does not fit, 413 for more than `max_records` records.
EvaluateRequest read_evaluate_request(std::string_view body, const RuleSet& rs, bool batch,
                                      size_t max_depth, size_t max_records);

}  // namespace entitle::server
