// Decisions as one line of compact JSON, keys in a fixed order (docs/decisions.md).
//
// {"ruleset":{"name":..,"version":..,"hash":..},"as_of":"2024-07-01","entity":"person",
//  "decisions":[{"rule":"<id>","status":"eligible","title":"<title in options.language>",
//   "citation":{"document":..,"section":..[,"url":..]},
//   "outputs":{"<name>":<value>,..},
//   "missing":["field",..]            only when non-empty: entity fields still needed
//   "missing_parameters":["name",..]  only when non-empty
//   "problem":".."                    only when non-empty
//   "explanation":{..}                only when the decision carries one
//  },..]}
//
// Values follow append_json (value_format.hpp): ints as JSON numbers, decimals and money as
// exact strings, dates as "YYYY-MM-DD".
//
// An explanation is
//   {"conditions":[{"depth":0,"kind":"all","name":"","value":true|false|null,"title":"..",
//                   "expression":"age >= 60" (leaf conditions only),
//                   "reads":[{"kind":"field|derived|parameter|output","name":"age",
//                             "value":..,"effective_from":"2019-12-20" (parameters only)}]}],
//    "table":{"matched_rows":[0,2],"inputs":[..]} (decision tables only)}
// Outputs read from other rules are named "<rule id>.<output name>".
#pragma once

#include <string>

#include "entitle/decision.hpp"

namespace entitle {

struct Model;

std::string decisions_to_json(const Model& m, const Decisions& d, const EvalOptions& options);
// The same, appended to `out` (lets a caller writing many records reuse one buffer).
void append_decisions_json(std::string& out, const Model& m, const Decisions& d,
                           const EvalOptions& options);

}  // namespace entitle
