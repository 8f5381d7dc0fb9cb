// What the fuzz targets share: the rule sets they read and evaluate against, loaded once.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <string_view>

#include "io/json_decisions.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle::fuzz {

// A rule set that must load; the target cannot run without it.
inline std::shared_ptr<const RuleSet> must_load(LoadResult loaded, const char* what) {
  if (!loaded) {
    std::fprintf(stderr, "fuzz: %s does not load:\n%s\n", what,
                 loaded.diagnostics.to_string().c_str());
    std::abort();
  }
  return loaded.ruleset;
}

// rules/screening-2024, the bundled example (entity `person`).
inline const RuleSet& screening() {
  static auto rs =
      must_load(RuleSet::load(ENTITLE_SOURCE_DIR "/rules/screening-2024"), "rules/screening-2024");
  return *rs;
}

// A one-entity model holding a field of every type (the record and expression targets):
// bool, int, decimal, money, date, month, string, enums (one with a default), lists of
// scalars and enums, a list of records, and one required field. The names are those
// tests/golden/expressions.txt uses most, so its cases seed the expression target. `derived` is
// appended to the document under `derived: e:` (e.g. "    v: ...\n"), with `rules` after it.
inline std::string all_types_document(const std::string& derived = "",
                                      const std::string& rules = "") {
  std::string y =
      "ruleset: {name: fuzz, version: '1'}\n"
      "enums:\n"
      "  group: {values: [registered_poor, dibao, tekun, wubao]}\n"
      "  scheme: {values: [employee, resident, flexible]}\n"
      "  sex: {values: [M, F]}\n"
      "records:\n"
      "  contribution:\n"
      "    fields:\n"
      "      scheme: {type: scheme}\n"
      "      months: {type: int}\n"
      "      base: {type: money}\n"
      "      start: {type: month}\n"
      "parameters:\n"
      "  pension_rate:\n"
      "    type: decimal\n"
      "    values: [{from: 2000-01-01, value: 0.08}, {from: 2024-07-01, value: 0.16}]\n"
      "  hardship_groups:\n"
      "    type: list<group>\n"
      "    values: [{from: 2000-01-01, value: [dibao, tekun]}]\n"
      "  minimum_wage:\n"
      "    type: money\n"
      "    values: [{from: 2000-01-01, value: '1900.00'}]\n"
      "entities:\n"
      "  e:\n"
      "    fields:\n"
      "      id: {type: string, required: true}\n"
      "      m: {type: bool}\n"
      "      c: {type: bool}\n"
      "      x: {type: int}\n"
      "      y: {type: int}\n"
      "      months: {type: int}\n"
      "      age: {type: int}\n"
      "      rate: {type: decimal}\n"
      "      w: {type: money, default: '0.00'}\n"
      "      w2: {type: money}\n"
      "      birth: {type: date}\n"
      "      d: {type: date}\n"
      "      d1: {type: date}\n"
      "      d2: {type: date}\n"
      "      since: {type: month}\n"
      "      s: {type: string}\n"
      "      group: {type: group}\n"
      "      sex: {type: sex, default: F}\n"
      "      groups: {type: list<group>, default: []}\n"
      "      xs: {type: list<int>}\n"
      "      ys: {type: list<int>}\n"
      "      ws: {type: list<money>}\n"
      "      rates: {type: list<decimal>}\n"
      "      ds: {type: list<date>}\n"
      "      history: {type: list<contribution>}\n";
  if (!derived.empty()) y += "derived:\n  e:\n" + derived;
  y += rules;
  return y;
}

inline const RuleSet& all_types() {
  static auto rs = must_load(RuleSet::load_documents({{"fuzz.yaml", all_types_document()}}),
                             "the all-types model");
  return *rs;
}

// ENTITLE_FUZZ_VERBOSE=1 prints each input's load diagnostics (to see how far inputs get).
inline void show(const LoadResult& loaded) {
  static const bool verbose = std::getenv("ENTITLE_FUZZ_VERBOSE") != nullptr;
  if (verbose)
    std::fprintf(stderr, "%s\n%s", loaded ? "loaded" : "not loaded",
                 loaded.diagnostics.to_string().c_str());
}

// Evaluates `record_json` against every entity of `rs`, with explanations, at a date inside
// and at both ends of the supported years (1400..9999), and writes the decisions JSON. Only the
// documented errors (a record that does not fit, an expression failing at run time) are
// expected; anything else escapes and is a finding.
inline void evaluate_everywhere(const RuleSet& rs, std::string_view record_json) {
  const Model& m = rs.model();
  for (uint32_t entity = 0; entity < m.schemas.size(); ++entity) {
    if (!m.schemas[entity].is_entity) continue;
    Record record;
    try {
      record = rs.parse_record(record_json, entity);
    } catch (const RecordError&) {
      continue;
    }
    for (const char* date : {"2024-07-01", "1400-01-01", "9999-12-31"}) {
      EvalOptions options;
      options.explain = true;
      try {
        Decisions d = rs.evaluate(record, *Date::parse(date), options);
        std::string json = decisions_to_json(m, d, options);
        if (json.empty()) std::abort();
      } catch (const EvaluationError&) {}
    }
  }
}

}  // namespace entitle::fuzz
