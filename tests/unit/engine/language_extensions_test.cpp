// Language features the policy encodings asked for: a parameter read at a date other than
// as_of, whether another rule holds, whole numbers from decimals; and the load errors that
// keep rules from waiting on each other.
#include <gtest/gtest.h>

#include <string>

#include "io/value_format.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

const char* kHeader = R"(
ruleset: {name: t, version: "1"}
entities:
  person:
    fields:
      retirement_date: date
      wage: money
      poor: bool
parameters:
  minimum_contribution_months:
    type: int
    values:
      - {from: 2011-07-01, value: 180}
      - {from: 2030-01-01, value: 186}
      - {from: 2031-01-01, value: 192}
)";

std::shared_ptr<const RuleSet> load(const std::string& rules) {
  LoadResult r = RuleSet::load_documents({{"rules.yaml", std::string(kHeader) + rules}});
  EXPECT_TRUE(r) << r.diagnostics.to_string();
  return r.ruleset;
}

std::string load_errors(const std::string& rules) {
  LoadResult r = RuleSet::load_documents({{"rules.yaml", std::string(kHeader) + rules}});
  EXPECT_FALSE(r);
  return r.diagnostics.to_string();
}

struct Result {
  std::shared_ptr<const RuleSet> rs;
  Decisions d;
  const Decision& of(const std::string& id) const {
    for (const auto& x : d.items)
      if (rs->model().rules[x.rule].id == id) return x;
    throw std::invalid_argument(id);
  }
  std::string output(const std::string& id, uint32_t o = 0) const {
    const Decision& x = of(id);
    std::string out;
    append_json(out, x.outputs[o], rs->model().rules[x.rule].outputs[o].type, rs->model());
    return out;
  }
};

Result run(const std::shared_ptr<const RuleSet>& rs, const std::string& json,
           const char* as_of = "2024-07-01") {
  Record r = rs->parse_record(json, *rs->entity("person"));
  return {rs, rs->evaluate(r, *Date::parse(as_of))};
}

const char* kRequiredAtRetirement = R"(
rules:
  - id: pension.minimum
    title: t
    citation: {document: 国发〔2024〕14号, section: 第二条}
    entity: person
    effective: {from: 2020-01-01}
    when: {always: "true"}
    outputs:
      required_months: at(minimum_contribution_months, retirement_date)
)";

TEST(ParameterAtADate, GivesTheValueInForceOnThatDateNotOnAsOf) {
  auto rs = load(kRequiredAtRetirement);
  // Evaluated in 2024, for people who retire in 2029, 2030 and 2031.
  EXPECT_EQ(run(rs, R"({"retirement_date":"2029-12-31"})").output("pension.minimum"), "180");
  EXPECT_EQ(run(rs, R"({"retirement_date":"2030-01-01"})").output("pension.minimum"), "186");
  EXPECT_EQ(run(rs, R"({"retirement_date":"2031-06-30"})").output("pension.minimum"), "192");
}

TEST(ParameterAtADate, BeforeTheFirstValueHasNoValueAndNamesNoSilentZero) {
  auto rs = load(kRequiredAtRetirement);
  Result r = run(rs, R"({"retirement_date":"2011-06-30"})");
  EXPECT_EQ(r.output("pension.minimum"), "null");
  EXPECT_EQ(r.of("pension.minimum").status, Status::eligible);
}

TEST(ParameterAtADate, AMissingDateLeavesTheOutputMissingAndNamesTheField) {
  auto rs = load(kRequiredAtRetirement);
  Result r = run(rs, R"({})");
  EXPECT_EQ(r.output("pension.minimum"), "null");
  ASSERT_EQ(r.of("pension.minimum").missing_fields.size(), 1u);
}

TEST(ParameterAtADate, TakesOnlyAParameterOrRuleName) {
  std::string errors = load_errors(R"(
rules:
  - id: r
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {always: "true"}
    outputs:
      x: at(wage, retirement_date)
)");
  EXPECT_NE(errors.find("at takes a parameter, a rule's output or <rule id>.eligible, and a date"),
            std::string::npos)
      << errors;
}

const char* kTwoRules = R"(
rules:
  - id: hardship
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {poor: poor}
  - id: subsidy
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {in_hardship: hardship.eligible}
)";

TEST(RuleEligibleReference, FollowsTheOtherRulesStatusWithoutRepeatingItsConditions) {
  auto rs = load(kTwoRules);
  EXPECT_EQ(run(rs, R"({"poor":true})").of("subsidy").status, Status::eligible);
  EXPECT_EQ(run(rs, R"({"poor":false})").of("subsidy").status, Status::not_eligible);
}

TEST(RuleEligibleReference, AnUndeterminedRuleLeavesTheReaderUndetermined) {
  auto rs = load(kTwoRules);
  EXPECT_EQ(run(rs, R"({})").of("subsidy").status, Status::undetermined);
}

TEST(RuleEligibleReference, ARuleNotInForceCountsAsNotHolding) {
  auto rs = load(R"(
rules:
  - id: hardship
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2025-01-01}
    when: {poor: poor}
  - id: subsidy
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {in_hardship: hardship.eligible}
)");
  Result r = run(rs, R"({"poor":true})", "2024-07-01");
  EXPECT_EQ(r.of("hardship").status, Status::not_applicable);
  EXPECT_EQ(r.of("subsidy").status, Status::not_eligible);
}

TEST(RuleDependencies, RulesWaitingOnEachOtherAreALoadError) {
  std::string errors = load_errors(R"(
rules:
  - id: a
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {b_holds: b.eligible}
  - id: b
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {a_holds: a.eligible}
)");
  EXPECT_NE(errors.find("rules depend on each other: a -> b -> a"), std::string::npos) << errors;
}

TEST(RuleDependencies, ConditionsReadingTheirOwnRulesOutputsAreALoadError) {
  std::string errors = load_errors(R"(
rules:
  - id: a
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {big: a.amount > 100}
    outputs:
      amount: wage
)");
  EXPECT_NE(errors.find("rule 'a' decides on its own outputs or status"), std::string::npos)
      << errors;
}

TEST(RuleDependencies, AnOutputMayReadAnEarlierOutputOfItsRuleButNotALaterOne) {
  auto rs = load(R"(
rules:
  - id: a
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {always: "true"}
    outputs:
      base: {expr: wage, type: money}
      doubled: {expr: a.base * 2, type: money}
)");
  EXPECT_EQ(run(rs, R"({"wage":"100.50"})").output("a", 1), "\"201.00\"");
  std::string errors = load_errors(R"(
rules:
  - id: a
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {always: "true"}
    outputs:
      doubled: {expr: a.base * 2, type: money}
      base: {expr: wage, type: money}
)");
  EXPECT_NE(errors.find("output 'doubled' reads output 'base', which is computed after it"),
            std::string::npos)
      << errors;
}

TEST(ToInt, RoundsToAWholeNumberWithTheNamedModeAndTypesItInt) {
  auto rs = load(R"(
rules:
  - id: r
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {always: "true"}
    outputs:
      years_floor: to_int(wage / 12, floor)
      years_half_up: to_int(wage / 12, half_up)
      negative_half_up: to_int(-wage / 12, half_up)
)");
  Result r = run(rs, R"({"wage":"90"})");  // 90 / 12 = 7.5
  EXPECT_EQ(r.output("r", 0), "7");
  EXPECT_EQ(r.output("r", 1), "8");
  EXPECT_EQ(r.output("r", 2), "-8");
  // Typed int: usable where a whole number is required.
  EXPECT_EQ(rs->model().rules[0].outputs[0].type.kind, TypeKind::integer);
}

TEST(ToInt, NamesItsRoundingModeExplicitly) {
  std::string errors = load_errors(R"(
rules:
  - id: r
    title: t
    citation: {document: d}
    entity: person
    effective: {from: 2020-01-01}
    when: {always: "true"}
    outputs:
      x: to_int(wage, nearest)
)");
  EXPECT_NE(errors.find("the rounding mode must be one of"), std::string::npos) << errors;
}

}  // namespace
}  // namespace entitle
