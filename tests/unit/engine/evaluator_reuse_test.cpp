// A warm Evaluator reuses the previous record's decisions, memos and explanations instead of
// rebuilding them; nothing of one record may leak into the next. Each test runs a reused
// evaluator through a sequence of records whose missing inputs, problems, explanations, rule
// selections and dates differ from one call to the next, and compares every decision with a
// fresh evaluation (RuleSet::evaluate builds a new evaluator per call).
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"
#include "values/compare.hpp"

namespace entitle {
namespace {

constexpr const char* kRules = R"(
ruleset: {name: reuse, version: '1'}
entities:
  person:
    fields:
      age: {type: int}
      local: {type: bool}
      wage: {type: money}
      name: {type: string}
parameters:
  grant:
    type: money
    values:
      - {from: 2024-01-01, value: "100.00"}
  rate:
    type: decimal
    values:
      - {from: 2020-01-01, value: 0.5}
rules:
  - id: grant.local
    title: local grant
    citation: {document: test}
    entity: person
    effective: {from: 2024-01-01}
    when:
      all:
        - adult: age >= 18
        - local: local
    outputs:
      amount: grant
      pay: wage * rate
      greeting: name
    otherwise:
      amount: 0
  - id: senior
    title: senior
    citation: {document: test}
    entity: person
    effective: {from: 2024-06-01}
    when:
      any:
        - old: age >= 60
        - not_local: not local
    outputs:
      label: name
tables:
  - id: band
    title: band
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    hit: unique
    inputs: {age: age}
    outputs: [rate]
    rows:
      - ['[50, 60)', 0.1]
      - ['[55, 65)', 0.2]
)";

std::shared_ptr<const RuleSet> ruleset() {
  static auto rs = [] {
    LoadResult r = RuleSet::load_documents({{"rules.yaml", kRules}});
    EXPECT_TRUE(r) << r.diagnostics.to_string();
    return r.ruleset;
  }();
  return rs;
}

bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  return a.is_missing() || values_equal(a, b);
}

// Every field of two decisions, explanation included; "" when they agree.
std::string difference(const Decision& a, const Decision& b) {
  if (a.rule != b.rule) return "rule";
  if (a.status != b.status) return "status";
  if (a.outputs.size() != b.outputs.size()) return "output count";
  for (size_t o = 0; o < a.outputs.size(); ++o)
    if (!same_value(a.outputs[o], b.outputs[o])) return "output " + std::to_string(o);
  if (a.missing_fields != b.missing_fields) return "missing_fields";
  if (a.missing_parameters != b.missing_parameters) return "missing_parameters";
  if (a.problem != b.problem) return "problem";
  if (a.explanation.has_value() != b.explanation.has_value()) return "explanation presence";
  if (!a.explanation) return "";
  const Explanation& x = *a.explanation;
  const Explanation& y = *b.explanation;
  if (x.conditions.size() != y.conditions.size()) return "condition count";
  for (size_t c = 0; c < x.conditions.size(); ++c) {
    const ConditionTrace& s = x.conditions[c];
    const ConditionTrace& t = y.conditions[c];
    if (s.name != t.name || s.kind != t.kind || s.value != t.value || s.depth != t.depth)
      return "condition " + std::to_string(c);
    if (s.reads.size() != t.reads.size()) return "reads of condition " + std::to_string(c);
    for (size_t r = 0; r < s.reads.size(); ++r)
      if (!same_value(s.reads[r].value, t.reads[r].value))
        return "read " + std::to_string(r) + " of condition " + std::to_string(c);
  }
  if (x.table.has_value() != y.table.has_value()) return "table presence";
  if (x.table && (x.table->matched_rows != y.table->matched_rows ||
                  x.table->inputs.size() != y.table->inputs.size()))
    return "table trace";
  return "";
}

struct Tally {
  size_t missing_fields = 0, missing_parameters = 0, problems = 0, explanations = 0,
         not_applicable = 0, strings = 0;
};

// Evaluates `calls` (record, date, options) triples with one evaluator, checking each result
// against a fresh evaluation.
void check_sequence(const std::vector<std::string>& people, const std::vector<Date>& dates,
                    const std::vector<EvalOptions>& variants, size_t calls, Tally& seen) {
  auto rs = ruleset();
  const uint32_t person = *rs->entity("person");
  std::vector<Record> records;
  for (const auto& p : people) records.push_back(rs->parse_record(p, person));
  Evaluator reused(rs);
  for (size_t k = 0; k < calls; ++k) {
    const size_t r = k % records.size();
    const Date as_of = dates[(k / records.size() + k) % dates.size()];
    const EvalOptions& options = variants[(k * 7 / 3) % variants.size()];
    const Decisions& got = reused.evaluate(records[r], as_of, options);
    const Decisions want = rs->evaluate(records[r], as_of, options);
    const std::string where = "call " + std::to_string(k) + ", person " + people[r] + ", " +
                              as_of.to_string() + (options.explain ? ", explained" : "");
    ASSERT_EQ(got.items.size(), want.items.size()) << where;
    for (size_t i = 0; i < got.items.size(); ++i) {
      const std::string diff = difference(got.items[i], want.items[i]);
      ASSERT_EQ(diff, "") << where << ", decision " << i;
      const Decision& d = got.items[i];
      seen.missing_fields += !d.missing_fields.empty();
      seen.missing_parameters += !d.missing_parameters.empty();
      seen.problems += !d.problem.empty();
      seen.explanations += d.explanation.has_value();
      seen.not_applicable += d.status == Status::not_applicable;
      for (const Value& v : d.outputs) seen.strings += v.kind == ValueKind::string;
    }
  }
}

const std::vector<std::string> kPeople = {
    R"({"age": 30, "local": true, "wage": "1000.00", "name": "Li"})",  // eligible, all there
    R"({"age": 30, "local": true, "name": "Wang"})",                   // no wage: output gap
    R"({"local": true, "wage": "10.00"})",                             // no age: undetermined
    R"({"age": 57, "local": false, "wage": "5.00", "name": "Zhao"})",  // band: two rows match
    R"({"age": 52, "local": true, "wage": "7.00", "name": "Sun"})",    // band: one row
    R"({"age": 70, "name": "Zhou"})",                                  // no local
    R"({"age": 12, "local": true, "wage": "1.00", "name": "Wu"})",     // not eligible
};

TEST(EvaluatorReuse, GivesTheDecisionsOfAFreshEvaluatorWhateverCameBefore) {
  std::vector<EvalOptions> variants(3);
  variants[1].explain = true;
  // An override without a value leaves `amount` missing when the rule holds.
  variants[2].parameter_overrides = {{*ruleset()->parameter("grant"), Value::missing()}};
  // Before 2024 `grant.local` is not in force, before June `senior` is not.
  const std::vector<Date> dates = {Date::from_ymd(2023, 7, 1), Date::from_ymd(2024, 3, 1),
                                   Date::from_ymd(2024, 7, 1)};
  Tally seen;
  check_sequence(kPeople, dates, variants, 200, seen);
  // The sequence exercised every kind of state a decision carries over.
  EXPECT_GT(seen.missing_fields, 0u);
  EXPECT_GT(seen.missing_parameters, 0u);
  EXPECT_GT(seen.problems, 0u);
  EXPECT_GT(seen.explanations, 0u);
  EXPECT_GT(seen.not_applicable, 0u);
  EXPECT_GT(seen.strings, 0u);
}

TEST(EvaluatorReuse, GivesTheDecisionsOfAFreshEvaluatorWhenTheRulesAskedChange) {
  // Selections of other lengths and orders shrink, grow and reorder the reused decisions.
  std::vector<EvalOptions> variants(5);
  variants[1].rules = {"band"};
  variants[2].rules = {"senior", "grant.local"};
  variants[2].explain = true;
  variants[3].rules = {"band", "band", "senior"};
  variants[4].explain = true;
  const std::vector<Date> dates = {Date::from_ymd(2023, 7, 1), Date::from_ymd(2024, 7, 1)};
  Tally seen;
  check_sequence(kPeople, dates, variants, 300, seen);
  EXPECT_GT(seen.missing_fields, 0u);
  EXPECT_GT(seen.problems, 0u);
  EXPECT_GT(seen.explanations, 0u);
}

TEST(EvaluatorReuse, GivesTheDecisionsOfAFreshEvaluatorWithParameterOverrides) {
  auto rs = ruleset();
  const uint32_t grant = *rs->parameter("grant");
  std::vector<EvalOptions> variants(3);
  variants[1].parameter_overrides = {{grant, Value::of_decimal(*Decimal::parse("5"))}};
  variants[2].parameter_overrides = {{grant, Value::missing()}};
  variants[2].explain = true;
  const std::vector<Date> dates = {Date::from_ymd(2023, 7, 1), Date::from_ymd(2024, 7, 1)};
  Tally seen;
  check_sequence(kPeople, dates, variants, 150, seen);
  EXPECT_GT(seen.missing_parameters, 0u);
}

}  // namespace
}  // namespace entitle
