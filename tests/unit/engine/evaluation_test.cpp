// Evaluation semantics through the public API: statuses, outputs, dated parameters, rules
// reading rules, decision tables, lists of records, explanations, rule sets building on
// others, content hashes, and evaluators on many threads over one shared rule set.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/json_decisions.hpp"
#include "io/value_format.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

namespace fs = std::filesystem;

// ---- helpers ---------------------------------------------------------------------------

std::shared_ptr<const RuleSet> load_yaml(const std::string& yaml) {
  LoadResult r = RuleSet::load_documents({{"rules.yaml", yaml}});
  EXPECT_TRUE(r) << r.diagnostics.to_string();
  return r.ruleset;
}

Date day(std::string_view text) {
  auto d = Date::parse(text);
  if (!d) throw std::invalid_argument("bad test date " + std::string(text));
  return *d;
}

// One evaluation of one record, with lookups by rule id and output name.
struct Outcome {
  std::shared_ptr<const RuleSet> rs;
  Decisions decisions;

  const Decision& of(std::string_view rule_id) const {
    auto slot = rs->model().find_rule(rule_id);
    if (!slot) throw std::invalid_argument("no rule " + std::string(rule_id));
    for (const auto& d : decisions.items)
      if (d.rule == *slot) return d;
    throw std::invalid_argument("no decision for " + std::string(rule_id));
  }
  Status status(std::string_view rule_id) const { return of(rule_id).status; }
  // The output as decisions JSON writes it: ints bare, money "0.00", null when missing.
  std::string output(std::string_view rule_id, const std::string& name) const {
    const Decision& d = of(rule_id);
    const Rule& rule = rs->model().rules[d.rule];
    auto index = rule.output_index(name);
    if (!index) throw std::invalid_argument("no output " + name);
    std::string out;
    append_json(out, d.outputs[*index], rule.outputs[*index].type, rs->model());
    return out;
  }
  std::vector<std::string> missing(std::string_view rule_id) const {
    std::vector<std::string> names;
    const auto& fields = rs->model().schemas[decisions.entity].fields;
    for (uint32_t slot : of(rule_id).missing_fields) names.push_back(fields[slot].name);
    return names;
  }
  std::string json(const EvalOptions& options = {}) const {
    return decisions_to_json(rs->model(), decisions, options);
  }
};

Outcome evaluate(const std::shared_ptr<const RuleSet>& rs, std::string_view json,
                 std::string_view as_of, const EvalOptions& options = {},
                 std::string_view entity = "person") {
  Record record = rs->parse_record(json, *rs->entity(entity));
  return Outcome{rs, rs->evaluate(record, day(as_of), options)};
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

// ---- the design.md example -------------------------------------------------------------

constexpr const char* kHardshipSchema = R"(
ruleset: {name: hardship, version: '2024.1'}
enums:
  group: {values: [registered_poor, dibao, tekun, wubao]}
entities:
  person:
    fields:
      birth_date: {type: date}
      hukou_local: {type: bool}
      receiving_pension: {type: bool}
      groups: {type: list<group>, default: []}
parameters:
  hardship_60_groups:
    type: list<group>
    values:
      - {from: 2019-12-20, value: [registered_poor, dibao, wubao]}
      - {from: 2024-01-01, value: [registered_poor, dibao, tekun, wubao]}
derived:
  person:
    age: years_between(birth_date, as_of)
)";

// The rule exactly as docs/design.md sketches it.
constexpr const char* kDesignExampleRule = R"(
rules:
  - id: resident_pension.hardship_60
    title: {zh: 困难群体年满60周岁按月领取居民基本养老保险待遇, en: Hardship groups aged 60+ draw the resident pension}
    citation: {document: 滕人社发〔2019〕24号, section: 四(二)4}
    entity: person
    effective: {from: 2019-12-20}
    when:
      all:
        - aged_60: age >= 60
        - local_hukou: hukou_local
        - not_drawing: not receiving_pension
        - hardship_group: any_in(groups, hardship_60_groups)
    outputs:
      start_month: first_of_month(add_months(birthday(birth_date, 60), 1))
)";

constexpr const char* kHardshipRule = "resident_pension.hardship_60";

std::shared_ptr<const RuleSet> hardship() {
  static auto rs = load_yaml(std::string(kHardshipSchema) + kDesignExampleRule);
  return rs;
}

constexpr const char* kEligiblePerson =
    R"({"birth_date": "1964-03-15", "hukou_local": true, "receiving_pension": false,
        "groups": ["dibao"]})";

TEST(DesignExample, LoadsWithoutDiagnosticsAndDrawsThePensionFromTheMonthAfterTheBirthday) {
  LoadResult r =
      RuleSet::load_documents({{"design.yaml", std::string(kHardshipSchema) + kDesignExampleRule}});
  ASSERT_TRUE(r) << r.diagnostics.to_string();
  EXPECT_TRUE(r.diagnostics.items().empty()) << r.diagnostics.to_string();

  Outcome o = evaluate(hardship(), kEligiblePerson, "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::eligible);
  EXPECT_EQ(o.output(kHardshipRule, "start_month"), "\"2024-04-01\"");
}

TEST(DesignExample, TurnsSixtyOnTheBirthdayItself) {
  const char* person = R"({"birth_date": "1964-07-01", "hukou_local": true,
                           "receiving_pension": false, "groups": ["wubao"]})";
  EXPECT_EQ(evaluate(hardship(), person, "2024-06-30").status(kHardshipRule), Status::not_eligible);
  Outcome on = evaluate(hardship(), person, "2024-07-01");
  EXPECT_EQ(on.status(kHardshipRule), Status::eligible);
  EXPECT_EQ(on.output(kHardshipRule, "start_month"), "\"2024-08-01\"");
}

// ---- statuses --------------------------------------------------------------------------

constexpr const char* kPeriodRule = R"(
rules:
  - id: hardship.transitional
    title: {zh: 过渡期困难群体, en: Transitional hardship rule}
    citation: {document: 滕人社发〔2019〕24号}
    entity: person
    effective: {from: 2019-12-20, until: 2025-12-31}
    when:
      all:
        - aged_60: age >= 60
        - local_hukou: hukou_local
        - not_drawing: not receiving_pension
)";

std::shared_ptr<const RuleSet> transitional() {
  static auto rs = load_yaml(std::string(kHardshipSchema) + kPeriodRule);
  return rs;
}

TEST(Status, EligibleWhenEveryConditionHolds) {
  Outcome o = evaluate(hardship(), kEligiblePerson, "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::eligible);
  EXPECT_TRUE(o.missing(kHardshipRule).empty());
  EXPECT_TRUE(o.of(kHardshipRule).problem.empty());
}

TEST(Status, NotEligibleWhenAConditionFailsAndThenHasNoOutputs) {
  Outcome o = evaluate(hardship(),
                       R"({"birth_date": "1964-03-15", "hukou_local": true,
                           "receiving_pension": true, "groups": ["dibao"]})",
                       "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::not_eligible);
  EXPECT_EQ(o.output(kHardshipRule, "start_month"), "null");
}

TEST(Status, NotApplicableBeforeTheRuleTakesEffect) {
  EXPECT_EQ(evaluate(transitional(), kEligiblePerson, "2019-12-19").status("hardship.transitional"),
            Status::not_applicable);
  EXPECT_EQ(evaluate(transitional(), kEligiblePerson, "2019-12-20").status("hardship.transitional"),
            Status::not_eligible);  // 55 years old then
  EXPECT_EQ(evaluate(hardship(), kEligiblePerson, "2019-12-19").status(kHardshipRule),
            Status::not_applicable);
}

TEST(Status, NotApplicableAfterTheRuleLapses) {
  EXPECT_EQ(evaluate(transitional(), kEligiblePerson, "2025-12-31").status("hardship.transitional"),
            Status::eligible);
  EXPECT_EQ(evaluate(transitional(), kEligiblePerson, "2026-01-01").status("hardship.transitional"),
            Status::not_applicable);
}

TEST(Status, NotApplicableDecisionsCarryNoOutputsEvenWhenInputsAreMissing) {
  Outcome o = evaluate(hardship(), "{}", "2019-01-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::not_applicable);
  EXPECT_EQ(o.output(kHardshipRule, "start_month"), "null");
  EXPECT_TRUE(o.missing(kHardshipRule).empty());
}

TEST(Status, UndeterminedWhenAnInputItNeedsIsMissingAndNamesTheFields) {
  Outcome o =
      evaluate(hardship(), R"({"birth_date": "1964-03-15", "groups": ["dibao"]})", "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::undetermined);
  EXPECT_EQ(o.missing(kHardshipRule),
            (std::vector<std::string>{"hukou_local", "receiving_pension"}));
  EXPECT_EQ(o.output(kHardshipRule, "start_month"), "null");
  EXPECT_NE(o.json().find(R"("status":"undetermined")"), std::string::npos);
  EXPECT_NE(o.json().find(R"("missing":["hukou_local","receiving_pension"])"), std::string::npos)
      << o.json();
}

TEST(Status, UndeterminedNamesTheFieldBehindADerivedValue) {
  Outcome o = evaluate(hardship(), R"({"hukou_local": true, "receiving_pension": false,
                                       "groups": ["dibao"]})",
                       "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::undetermined);
  EXPECT_EQ(o.missing(kHardshipRule), std::vector<std::string>{"birth_date"});
}

TEST(Status, AFailedConditionDecidesEvenWhenOthersAreUnknown) {
  // Too young: the rule does not hold whatever the missing hukou and pension say.
  Outcome o =
      evaluate(hardship(), R"({"birth_date": "1990-01-01", "groups": ["dibao"]})", "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::not_eligible);
  EXPECT_TRUE(o.missing(kHardshipRule).empty());
}

TEST(Status, AFieldWithADefaultIsNeverMissing) {
  // groups defaults to []: no hardship group, so not eligible rather than undetermined.
  Outcome o = evaluate(hardship(), R"({"birth_date": "1964-03-15", "hukou_local": true,
                                       "receiving_pension": false})",
                       "2024-07-01");
  EXPECT_EQ(o.status(kHardshipRule), Status::not_eligible);
}

constexpr const char* kTwoEntities = R"(
ruleset: {name: two-entities, version: '1'}
entities:
  person:
    fields:
      age: {type: int}
  employer:
    fields:
      staff: {type: int}
rules:
  - id: person.adult
    title: adult
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    when: [adult: age >= 18]
  - id: employer.large
    title: large employer
    citation: {document: test}
    entity: employer
    effective: {from: 2000-01-01}
    when: [large: staff >= 100]
)";

TEST(Status, RulesForAnotherEntityGiveNoDecision) {
  auto rs = load_yaml(kTwoEntities);
  EXPECT_FALSE(rs->default_entity());
  Outcome person = evaluate(rs, R"({"age": 30})", "2024-07-01", {}, "person");
  ASSERT_EQ(person.decisions.items.size(), 1u);
  EXPECT_EQ(person.status("person.adult"), Status::eligible);
  EXPECT_NE(person.json().find(R"("entity":"person")"), std::string::npos);
  Outcome employer = evaluate(rs, R"({"staff": 30})", "2024-07-01", {}, "employer");
  ASSERT_EQ(employer.decisions.items.size(), 1u);
  EXPECT_EQ(employer.status("employer.large"), Status::not_eligible);
  EXPECT_THROW(rs->parse_record(R"({"staff": 30})", *rs->entity("person")), RecordError);
}

// ---- any / not groups ------------------------------------------------------------------

constexpr const char* kGroupsRule = R"(
ruleset: {name: groups, version: '1'}
entities:
  person:
    fields:
      a: {type: bool}
      b: {type: bool}
      c: {type: bool}
rules:
  - id: nested
    title: nested groups
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    when:
      all:
        - first: a
        - either:
            any:
              - second: b
              - not:
                  third: c
)";

TEST(Status, CombinesAllAnyAndNotGroupsWithThreeValuedLogic) {
  auto rs = load_yaml(kGroupsRule);
  auto status = [&](const char* json) { return evaluate(rs, json, "2024-07-01").status("nested"); };
  EXPECT_EQ(status(R"({"a": true, "b": true})"), Status::eligible);
  EXPECT_EQ(status(R"({"a": true, "b": false, "c": false})"), Status::eligible);
  EXPECT_EQ(status(R"({"a": true, "b": false, "c": true})"), Status::not_eligible);
  EXPECT_EQ(status(R"({"a": false})"), Status::not_eligible);
  EXPECT_EQ(status(R"({"a": true, "b": false})"), Status::undetermined);
  EXPECT_EQ(status(R"({"b": true})"), Status::undetermined);
  Outcome o = evaluate(rs, R"({"a": true, "b": false})", "2024-07-01");
  EXPECT_EQ(o.missing("nested"), std::vector<std::string>{"c"});
}

// ---- otherwise, and rules reading rules ------------------------------------------------

constexpr const char* kContributionRules = R"(
ruleset: {name: contributions, version: '1'}
entities:
  person:
    fields:
      employed: {type: bool}
      enrolled: {type: bool}
      wage: {type: money}
      contribution_months: {type: int}
      age: {type: int}
rules:
  # Reads the output of a rule defined after it: file order does not matter.
  - id: contribution.amount
    title: {zh: 个人缴费额, en: Personal contribution}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - has_base: contribution.base.base > 0
    outputs:
      amount: {expr: 'round(contribution.base.base * 0.08, 2, half_up)', type: money}

  - id: contribution.base
    title: {zh: 缴费基数, en: Contribution base}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - covered: employed
    outputs:
      base: {expr: 'clamp(wage, 3000, 15000)', type: money}
    otherwise:
      base: 0

  - id: pension.backpay
    title: {zh: 补缴, en: Back-payment}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - aged_60: age >= 60
        - not_enrolled: not enrolled
    outputs:
      backpay_months: max(0, 180 - contribution_months)
    otherwise:
      backpay_months: 0
)";

std::shared_ptr<const RuleSet> contributions() {
  static auto rs = load_yaml(kContributionRules);
  return rs;
}

TEST(Otherwise, GivesItsValueWhenTheRuleDoesNotHold) {
  Outcome o = evaluate(contributions(), R"({"age": 50, "enrolled": false})", "2024-07-01");
  EXPECT_EQ(o.status("pension.backpay"), Status::not_eligible);
  EXPECT_EQ(o.output("pension.backpay", "backpay_months"), "0");
}

TEST(Otherwise, IsNotUsedWhenTheRuleHolds) {
  Outcome o = evaluate(contributions(), R"({"age": 62, "enrolled": false,
                                            "contribution_months": 100})",
                       "2024-07-01");
  EXPECT_EQ(o.status("pension.backpay"), Status::eligible);
  EXPECT_EQ(o.output("pension.backpay", "backpay_months"), "80");
}

TEST(Otherwise, IsNotUsedWhenTheDecisionIsUndetermined) {
  Outcome o = evaluate(contributions(), R"({"age": 62})", "2024-07-01");
  EXPECT_EQ(o.status("pension.backpay"), Status::undetermined);
  EXPECT_EQ(o.output("pension.backpay", "backpay_months"), "null");
}

TEST(Otherwise, TakesTheOutputsDeclaredType) {
  Outcome o = evaluate(contributions(), R"({"employed": false})", "2024-07-01");
  EXPECT_EQ(o.status("contribution.base"), Status::not_eligible);
  EXPECT_EQ(o.output("contribution.base", "base"), "\"0.00\"");
}

TEST(RuleOutputs, AreReadByAnotherRuleWhateverTheOrderOfTheFile) {
  Outcome o = evaluate(contributions(), R"({"employed": true, "wage": "2000.00"})", "2024-07-01");
  EXPECT_EQ(o.output("contribution.base", "base"), "\"3000.00\"");
  EXPECT_EQ(o.status("contribution.amount"), Status::eligible);
  EXPECT_EQ(o.output("contribution.amount", "amount"), "\"240.00\"");

  Outcome high =
      evaluate(contributions(), R"({"employed": true, "wage": "20000.55"})", "2024-07-01");
  EXPECT_EQ(high.output("contribution.amount", "amount"), "\"1200.00\"");
  Outcome mid = evaluate(contributions(), R"({"employed": true, "wage": "5432.19"})", "2024-07-01");
  EXPECT_EQ(mid.output("contribution.amount", "amount"), "\"434.58\"");  // 434.5752
}

TEST(RuleOutputs, OfARuleThatDoesNotHoldAreItsOtherwiseValues) {
  Outcome o = evaluate(contributions(), R"({"employed": false})", "2024-07-01");
  EXPECT_EQ(o.status("contribution.amount"), Status::not_eligible);
  EXPECT_EQ(o.output("contribution.amount", "amount"), "null");
}

TEST(RuleOutputs, OfAnUndeterminedRuleLeaveTheReaderUndeterminedToo) {
  Outcome o = evaluate(contributions(), R"({"wage": "5000.00"})", "2024-07-01");
  EXPECT_EQ(o.status("contribution.base"), Status::undetermined);
  EXPECT_EQ(o.status("contribution.amount"), Status::undetermined);
  EXPECT_EQ(o.missing("contribution.amount"), std::vector<std::string>{"employed"});
}

TEST(RuleOutputs, AreEvaluatedOnlyForTheRulesAsked) {
  auto rs = contributions();
  Record r = rs->parse_record(R"({"employed": true, "wage": "4000.00"})", *rs->entity("person"));
  EvalOptions only;
  only.rules = {"contribution.amount"};
  Decisions d = rs->evaluate(r, day("2024-07-01"), only);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_EQ(d.items[0].rule, *rs->model().find_rule("contribution.amount"));
  EXPECT_EQ(d.items[0].status, Status::eligible);
  only.rules = {"no.such.rule"};
  EXPECT_THROW(rs->evaluate(r, day("2024-07-01"), only), std::invalid_argument);
}

// ---- dated parameters ------------------------------------------------------------------

constexpr const char* kRateRules = R"(
ruleset: {name: rates, version: '1'}
entities:
  person:
    fields:
      wage: {type: money}
parameters:
  pension_rate:
    type: decimal
    values:
      - {from: 2019-01-01, value: 0.08}
      - {from: 2024-07-01, value: 0.16}
rules:
  - id: contribution
    title: contribution
    citation: {document: test}
    entity: person
    effective: {from: 2019-01-01}
    when:
      all:
        - paid: wage * pension_rate > 0
    outputs:
      amount: wage * pension_rate
)";

TEST(Parameters, SwitchValueExactlyOnTheirEffectiveDate) {
  auto rs = load_yaml(kRateRules);
  const char* person = R"({"wage": "5000.00"})";
  EXPECT_EQ(evaluate(rs, person, "2024-06-30").output("contribution", "amount"), "\"400.00\"");
  EXPECT_EQ(evaluate(rs, person, "2024-07-01").output("contribution", "amount"), "\"800.00\"");
  EXPECT_EQ(evaluate(rs, person, "2024-07-02").output("contribution", "amount"), "\"800.00\"");
  EXPECT_EQ(evaluate(rs, person, "2019-01-01").output("contribution", "amount"), "\"400.00\"");
}

TEST(Parameters, AreLookedUpAgainWhenOneEvaluatorMovesBetweenDates) {
  auto rs = load_yaml(kRateRules);
  Evaluator ev(rs);
  Record r = rs->parse_record(R"({"wage": "5000.00"})", *rs->entity("person"));
  const uint32_t amount = 0;
  std::vector<std::pair<const char*, const char*>> steps = {
      {"2024-06-30", "400"}, {"2024-07-01", "800"}, {"2024-07-01", "800"},
      {"2024-06-30", "400"}, {"2024-07-02", "800"}, {"2019-06-01", "400"}};
  for (auto [date, want] : steps) {
    const Decisions& d = ev.evaluate(r, day(date));
    ASSERT_EQ(d.items.size(), 1u);
    EXPECT_EQ(d.items[0].outputs[amount].as_decimal(), *Decimal::parse(want)) << date;
  }
}

TEST(Parameters, ReportTheDateTheirValueTookEffectInExplanations) {
  auto rs = load_yaml(kRateRules);
  EvalOptions explain;
  explain.explain = true;
  auto effective_from = [&](const char* date) {
    Outcome o = evaluate(rs, R"({"wage": "5000.00"})", date, explain);
    const auto& conditions = o.of("contribution").explanation->conditions;
    for (const auto& c : conditions)
      for (const auto& read : c.reads)
        if (read.kind == ReadValue::Kind::parameter) return read.effective_from->to_string();
    return std::string("none");
  };
  EXPECT_EQ(effective_from("2024-06-30"), "2019-01-01");
  EXPECT_EQ(effective_from("2024-07-01"), "2024-07-01");
}

// ---- explanations ----------------------------------------------------------------------

TEST(Explanation, ListsEachConditionInOrderWithItsTruth) {
  EvalOptions explain;
  explain.explain = true;
  Outcome o = evaluate(hardship(),
                       R"({"birth_date": "1964-03-15", "hukou_local": true,
                           "groups": ["tekun"]})",
                       "2023-06-01", explain);
  const Decision& d = o.of(kHardshipRule);
  EXPECT_EQ(d.status, Status::not_eligible);
  ASSERT_TRUE(d.explanation);
  const auto& c = d.explanation->conditions;
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].kind, "all");
  EXPECT_EQ(c[0].depth, 0u);
  EXPECT_EQ(c[0].value, Truth::no);
  std::vector<std::pair<std::string, Truth>> leaves;
  for (size_t i = 1; i < c.size(); ++i) {
    EXPECT_EQ(c[i].kind, "condition");
    EXPECT_EQ(c[i].depth, 1u);
    leaves.emplace_back(c[i].name, c[i].value);
  }
  EXPECT_EQ(leaves, (std::vector<std::pair<std::string, Truth>>{
                        {"aged_60", Truth::no},  // 59 on 2023-06-01
                        {"local_hukou", Truth::yes},
                        {"not_drawing", Truth::unknown},
                        {"hardship_group", Truth::no}}));  // tekun joins only in 2024
}

TEST(Explanation, ShowsTheValuesEachConditionRead) {
  EvalOptions explain;
  explain.explain = true;
  explain.language = Language::en;
  Outcome o = evaluate(hardship(), kEligiblePerson, "2024-07-01", explain);
  const std::string json = o.json(explain);
  EXPECT_NE(
      json.find(
          R"({"depth":1,"kind":"condition","name":"aged_60","value":true,"title":"",)"
          R"("expression":"age >= 60","reads":[{"kind":"derived","name":"age","value":60}]})"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("reads":[{"kind":"field","name":"groups","value":["dibao"]},)"
                      R"({"kind":"parameter","name":"hardship_60_groups",)"
                      R"("value":["registered_poor","dibao","tekun","wubao"],)"
                      R"("effective_from":"2024-01-01"}])"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("citation":{"document":"滕人社发〔2019〕24号","section":"四(二)4"})"),
            std::string::npos);
  EXPECT_NE(json.find(R"("title":"Hardship groups aged 60+ draw the resident pension")"),
            std::string::npos);
}

TEST(Explanation, IsLeftOutUnlessAskedFor) {
  Outcome o = evaluate(hardship(), kEligiblePerson, "2024-07-01");
  EXPECT_FALSE(o.of(kHardshipRule).explanation);
  EXPECT_EQ(o.json().find("explanation"), std::string::npos);
}

// ---- decision tables -------------------------------------------------------------------

constexpr const char* kTables = R"(
ruleset: {name: tables, version: '1'}
enums:
  category: {values: [worker, cadre, flexible]}
  benefit: {values: [pension, medical, basic]}
entities:
  person:
    fields:
      sex: {type: enum, values: [M, F]}
      category: {type: category}
      age: {type: int}
      hukou_local: {type: bool}
      birth_date: {type: date}
tables:
  - id: retirement.age
    title: {zh: 法定退休年龄, en: Statutory retirement age}
    citation: {document: 国发〔1978〕104号}
    entity: person
    effective: {from: 1978-06-02}
    hit: first
    inputs: {sex: sex, category: category}
    outputs: [age]
    rows:
      - [M, '-', 60]
      - [F, cadre, 55]
      - [F, '[worker, flexible]', 50]

  - id: age.band
    title: age band
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    hit: unique
    inputs: {age: age}
    outputs: [band]
    rows:
      - ['< 50', '"under 50"']
      - ['[50, 60)', '"50 to 59"']
      - ['[60, 60]', '"exactly 60"']
      - ['(60, 70]', '"61 to 70"']
      - ['> 70', '"over 70"']

  - id: subsidy.rate
    title: subsidy rate
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    hit: unique
    inputs: {age: age}
    outputs: [rate]
    rows:
      - ['[50, 60)', 0.1]
      - ['[55, 65)', 0.2]

  - id: benefits.offered
    title: benefits offered
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    hit: collect
    inputs: {age: age, local: hukou_local}
    outputs: {benefit: {type: benefit}}
    rows:
      - ['>= 60', '-', pension]
      - ['-', true, medical]
      - ['-', '-', basic]

  - id: points.total
    title: points
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    hit: sum
    inputs: {age: age, local: hukou_local}
    outputs: [points]
    rows:
      - ['>= 60', '-', 10]
      - ['-', true, 5]
      - ['[18, 60)', '-', 1]

  - id: cohort
    title: birth cohort
    citation: {document: test}
    entity: person
    effective: {from: 2000-01-01}
    hit: first
    inputs: {born: birth_date}
    outputs: [cohort]
    rows:
      - ['< 1960-01-01', '"before 1960"']
      - ['[1960-01-01, 1970-01-01)', '"1960s"']
      - ['-', '"later"']
)";

std::shared_ptr<const RuleSet> tables() {
  static auto rs = load_yaml(kTables);
  return rs;
}

TEST(DecisionTables, HitFirstTakesTheFirstMatchingRow) {
  auto age_of = [](const char* json) {
    Outcome o = evaluate(tables(), json, "2024-07-01");
    return std::pair{o.status("retirement.age"), o.output("retirement.age", "age")};
  };
  EXPECT_EQ(age_of(R"({"sex": "M", "category": "cadre"})"),
            std::pair(Status::eligible, std::string("60")));
  EXPECT_EQ(age_of(R"({"sex": "M"})"), std::pair(Status::eligible, std::string("60")));  // '-'
  EXPECT_EQ(age_of(R"({"sex": "F", "category": "cadre"})"),
            std::pair(Status::eligible, std::string("55")));
  EXPECT_EQ(age_of(R"({"sex": "F", "category": "flexible"})"),
            std::pair(Status::eligible, std::string("50")));
  EXPECT_EQ(age_of(R"({"sex": "F", "category": "worker"})"),
            std::pair(Status::eligible, std::string("50")));
}

TEST(DecisionTables, IsUndeterminedWhenARowBeforeTheHitCannotBeDecided) {
  Outcome o = evaluate(tables(), R"({"category": "cadre"})", "2024-07-01");
  EXPECT_EQ(o.status("retirement.age"), Status::undetermined);
  EXPECT_EQ(o.missing("retirement.age"), std::vector<std::string>{"sex"});
  EXPECT_EQ(o.output("retirement.age", "age"), "null");
  // A missing input only a later row reads does not matter once a row hits.
  EXPECT_EQ(evaluate(tables(), R"({"sex": "M"})", "2024-07-01").status("retirement.age"),
            Status::eligible);
}

TEST(DecisionTables, IntervalCellsIncludeAndExcludeTheirBoundsAsWritten) {
  auto band = [](int age) {
    Outcome o = evaluate(tables(), "{\"age\": " + std::to_string(age) + "}", "2024-07-01");
    EXPECT_EQ(o.status("age.band"), Status::eligible) << age;
    return o.output("age.band", "band");
  };
  EXPECT_EQ(band(49), "\"under 50\"");
  EXPECT_EQ(band(50), "\"50 to 59\"");
  EXPECT_EQ(band(59), "\"50 to 59\"");
  EXPECT_EQ(band(60), "\"exactly 60\"");
  EXPECT_EQ(band(61), "\"61 to 70\"");
  EXPECT_EQ(band(70), "\"61 to 70\"");
  EXPECT_EQ(band(71), "\"over 70\"");
}

TEST(DecisionTables, DateIntervalsAtTheirBounds) {
  auto cohort = [](const char* born) {
    return evaluate(tables(), std::string("{\"birth_date\": \"") + born + "\"}", "2024-07-01")
        .output("cohort", "cohort");
  };
  EXPECT_EQ(cohort("1959-12-31"), "\"before 1960\"");
  EXPECT_EQ(cohort("1960-01-01"), "\"1960s\"");
  EXPECT_EQ(cohort("1969-12-31"), "\"1960s\"");
  EXPECT_EQ(cohort("1970-01-01"), "\"later\"");
}

TEST(DecisionTables, HitUniqueWithTwoMatchingRowsIsUndeterminedWithTheProblem) {
  Outcome o = evaluate(tables(), R"({"age": 57})", "2024-07-01");
  EXPECT_EQ(o.status("subsidy.rate"), Status::undetermined);
  EXPECT_EQ(o.of("subsidy.rate").problem, "rows 1 and 2 both match, but the hit policy is unique");
  EXPECT_EQ(o.output("subsidy.rate", "rate"), "null");
  EXPECT_NE(o.json().find(R"("problem":"rows 1 and 2 both match, but the hit policy is unique")"),
            std::string::npos);
}

TEST(DecisionTables, HitUniqueWithOneMatchingRowGivesItsOutputs) {
  EXPECT_EQ(evaluate(tables(), R"({"age": 52})", "2024-07-01").output("subsidy.rate", "rate"),
            "\"0.1\"");
  EXPECT_EQ(evaluate(tables(), R"({"age": 64})", "2024-07-01").output("subsidy.rate", "rate"),
            "\"0.2\"");
  Outcome none = evaluate(tables(), R"({"age": 70})", "2024-07-01");
  EXPECT_EQ(none.status("subsidy.rate"), Status::not_eligible);
  EXPECT_TRUE(none.of("subsidy.rate").problem.empty());
}

TEST(DecisionTables, HitCollectListsTheOutputsOfEveryMatchingRowInOrder) {
  EXPECT_EQ(evaluate(tables(), R"({"age": 65, "hukou_local": true})", "2024-07-01")
                .output("benefits.offered", "benefit"),
            R"(["pension","medical","basic"])");
  EXPECT_EQ(evaluate(tables(), R"({"age": 30, "hukou_local": false})", "2024-07-01")
                .output("benefits.offered", "benefit"),
            R"(["basic"])");
  Outcome unknown = evaluate(tables(), R"({"age": 30})", "2024-07-01");
  EXPECT_EQ(unknown.status("benefits.offered"), Status::undetermined);
  EXPECT_EQ(unknown.missing("benefits.offered"), std::vector<std::string>{"hukou_local"});
}

TEST(DecisionTables, HitSumAddsTheOutputsOfEveryMatchingRow) {
  auto points = [](const char* json) {
    return evaluate(tables(), json, "2024-07-01").output("points.total", "points");
  };
  EXPECT_EQ(points(R"({"age": 65, "hukou_local": true})"), "15");
  EXPECT_EQ(points(R"({"age": 30, "hukou_local": true})"), "6");
  EXPECT_EQ(points(R"({"age": 30, "hukou_local": false})"), "1");
  EXPECT_EQ(evaluate(tables(), R"({"age": 10, "hukou_local": false})", "2024-07-01")
                .status("points.total"),
            Status::not_eligible);
}

TEST(DecisionTables, ExplainTheInputsAndTheRowsThatMatched) {
  EvalOptions explain;
  explain.explain = true;
  Outcome o = evaluate(tables(), R"({"age": 65, "hukou_local": true})", "2024-07-01", explain);
  const auto& t = o.of("points.total").explanation->table;
  ASSERT_TRUE(t);
  EXPECT_EQ(t->matched_rows, (std::vector<uint32_t>{0, 1}));
  ASSERT_EQ(t->inputs.size(), 2u);
  EXPECT_EQ(t->inputs[0].as_decimal(), Decimal::from_int(65));
  EXPECT_NE(o.json(explain).find(R"("table":{"matched_rows":[0,1],"inputs":[65,true]})"),
            std::string::npos);
}

// ---- lists of records ------------------------------------------------------------------

constexpr const char* kHistoryRules = R"(
ruleset: {name: history, version: '1'}
enums:
  scheme: {values: [employee, resident, flexible]}
records:
  contribution_period:
    fields:
      scheme: {type: scheme}
      from: {type: month}
      months: {type: int}
      base: {type: money}
entities:
  person:
    fields:
      history: {type: list<contribution_period>, default: []}
derived:
  person:
    employee_months: sum(filter(history, h -> h.scheme == employee), h -> h.months)
    periods_since_2020: count(history, h -> h.from >= 2020-01)
rules:
  - id: pension.minimum_employee_contribution
    title: {zh: 职工养老保险缴费满15年, en: 15 years in the employee pension}
    citation: {document: 中华人民共和国社会保险法, section: 第十六条}
    entity: person
    effective: {from: 2011-07-01}
    when:
      all:
        - fifteen_years: employee_months >= 180
    outputs:
      employee_months: employee_months
      recent_periods: periods_since_2020
      total_base: sum(history, h -> h.base * h.months)
    otherwise:
      employee_months: employee_months
)";

TEST(RecordLists, CountAndSumOverContributionHistory) {
  auto rs = load_yaml(kHistoryRules);
  const std::string rule = "pension.minimum_employee_contribution";
  Outcome o = evaluate(rs, R"({"history": [
      {"scheme": "employee", "from": "2005-01", "months": 120, "base": "3000.00"},
      {"scheme": "flexible", "from": "2015-01", "months": 36, "base": "2500.00"},
      {"scheme": "employee", "from": "2020-01", "months": 60, "base": "4000.50"}]})",
                       "2024-07-01");
  EXPECT_EQ(o.status(rule), Status::eligible);
  EXPECT_EQ(o.output(rule, "employee_months"), "180");
  EXPECT_EQ(o.output(rule, "recent_periods"), "1");
  EXPECT_EQ(o.output(rule, "total_base"), "\"690030.00\"");  // 360000 + 90000 + 240030

  Outcome short_of = evaluate(rs, R"({"history": [
      {"scheme": "employee", "from": "2005-01", "months": 179},
      {"scheme": "resident", "from": "2021-01", "months": 48}]})",
                              "2024-07-01");
  EXPECT_EQ(short_of.status(rule), Status::not_eligible);
  EXPECT_EQ(short_of.output(rule, "employee_months"), "179");

  Outcome empty = evaluate(rs, "{}", "2024-07-01");
  EXPECT_EQ(empty.status(rule), Status::not_eligible);
  EXPECT_EQ(empty.output(rule, "employee_months"), "0");
}

TEST(RecordLists, AMissingFieldInOneElementMakesTheSumUnknown) {
  auto rs = load_yaml(kHistoryRules);
  const std::string rule = "pension.minimum_employee_contribution";
  Outcome o =
      evaluate(rs, R"({"history": [{"scheme": "employee", "from": "2005-01"}]})", "2024-07-01");
  EXPECT_EQ(o.status(rule), Status::undetermined);
}

// ---- the bundled screening rule set ----------------------------------------------------

TEST(ScreeningRuleSet, LoadsFromTheSourceTreeWithNoDiagnostics) {
  LoadResult r = RuleSet::load(ENTITLE_SOURCE_DIR "/rules/screening-2024");
  ASSERT_TRUE(r) << r.diagnostics.to_string();
  EXPECT_TRUE(r.diagnostics.items().empty()) << r.diagnostics.to_string();
  EXPECT_EQ(r.ruleset->name(), "screening-2024");
  EXPECT_EQ(r.ruleset->content_hash().size(), 64u);
  EXPECT_TRUE(r.ruleset->model().find_rule("resident_pension.hardship_60"));
}

TEST(ScreeningRuleSet, DrawsItsExamplePersonIntoThePensionTheMonthAfterHerSixtiethBirthday) {
  LoadResult r = RuleSet::load(ENTITLE_SOURCE_DIR "/rules/screening-2024");
  ASSERT_TRUE(r) << r.diagnostics.to_string();
  // Born 1964-07-02, local hukou, dibao, not drawing a pension.
  const std::string json =
      read_text(ENTITLE_SOURCE_DIR "/rules/screening-2024/examples/person.json");
  ASSERT_NE(json.find("1964-07-02"), std::string::npos);
  const std::string rule = "resident_pension.hardship_60";

  Outcome before = evaluate(r.ruleset, json, "2024-07-01");
  size_t person_rules = 0;
  for (const auto& rule_def : r.ruleset->model().rules)
    person_rules += rule_def.entity == *r.ruleset->entity("person");
  EXPECT_EQ(before.decisions.items.size(), person_rules);
  for (const auto& item : before.decisions.items) EXPECT_NE(item.status, Status::not_applicable);
  EXPECT_EQ(before.status(rule), Status::not_eligible);  // 59 the day before her birthday

  Outcome on = evaluate(r.ruleset, json, "2024-07-02");
  EXPECT_EQ(on.status(rule), Status::eligible);
  EXPECT_EQ(on.output(rule, "start_date"), "\"2024-08-01\"");
}

// ---- rule sets building on others ------------------------------------------------------

const std::string kRuleSets = ENTITLE_TEST_DATA_DIR "/golden/rulesets";

TEST(Extends, ACityRuleSetBuildsOnTheNationalOne) {
  LoadResult national = RuleSet::load(kRuleSets + "/national");
  LoadResult city = RuleSet::load(kRuleSets + "/city");
  ASSERT_TRUE(national) << national.diagnostics.to_string();
  ASSERT_TRUE(city) << city.diagnostics.to_string();
  EXPECT_EQ(city.ruleset->name(), "city");
  EXPECT_EQ(city.ruleset->version(), "2024.2");
  EXPECT_EQ(national.ruleset->name(), "national");
  // The city has the national rules (one replaced) and its own.
  EXPECT_EQ(national.ruleset->model().rules.size(), 2u);
  EXPECT_EQ(city.ruleset->model().rules.size(), 3u);
  EXPECT_EQ(city.ruleset->model().files.size(), 3u);
}

TEST(Extends, AnOverriddenParameterReplacesTheBasesValues) {
  auto national = RuleSet::load(kRuleSets + "/national").ruleset;
  auto city = RuleSet::load(kRuleSets + "/city").ruleset;
  ASSERT_TRUE(national && city);
  const char* person = R"({"birth_date": "1965-05-01", "sex": "F", "contribution_months": 150})";
  const std::string rule = "pension.minimum_contribution";
  Outcome n = evaluate(national, person, "2024-07-01");
  EXPECT_EQ(n.status(rule), Status::not_eligible);
  EXPECT_EQ(n.output(rule, "shortfall"), "30");
  Outcome c = evaluate(city, person, "2024-07-01");
  EXPECT_EQ(c.status(rule), Status::eligible);
  EXPECT_EQ(c.output(rule, "shortfall"), "0");
  // Before the city's relaxation, its overridden timeline still says 180 months.
  EXPECT_EQ(evaluate(city, person, "2023-12-31").output(rule, "shortfall"), "30");
}

TEST(Extends, AnOverriddenRuleReplacesTheBasesRule) {
  auto national = RuleSet::load(kRuleSets + "/national").ruleset;
  auto city = RuleSet::load(kRuleSets + "/city").ruleset;
  ASSERT_TRUE(national && city);
  const char* woman_56 = R"({"birth_date": "1968-05-01", "sex": "F", "contribution_months": 200})";
  const std::string rule = "pension.retirement_age";
  EXPECT_EQ(evaluate(national, woman_56, "2024-07-01").status(rule), Status::eligible);  // 50+
  Outcome c = evaluate(city, woman_56, "2024-07-01");
  EXPECT_EQ(c.status(rule), Status::eligible);  // 55+
  EXPECT_EQ(
      evaluate(city, R"({"birth_date": "1970-05-01", "sex": "F"})", "2024-07-01").status(rule),
      Status::not_eligible);  // 54: retired nationally, not in the city
  EXPECT_EQ(evaluate(city, woman_56, "2023-12-31").status(rule), Status::not_applicable);
  EvalOptions en;
  en.language = Language::en;
  EXPECT_NE(c.json(en).find("Reached retirement age (city rule)"), std::string::npos);
}

TEST(Extends, ACityRuleReadsAnOutputOfANationalRule) {
  auto city = RuleSet::load(kRuleSets + "/city").ruleset;
  ASSERT_TRUE(city);
  Outcome o =
      evaluate(city, R"({"birth_date": "1968-05-01", "sex": "F", "contribution_months": 130})",
               "2024-07-01");
  EXPECT_EQ(o.status("pension.city_allowance"), Status::eligible);
  EXPECT_EQ(o.output("pension.city_allowance", "months"), "12");
  Outcome short_of =
      evaluate(city, R"({"birth_date": "1968-05-01", "sex": "F", "contribution_months": 100})",
               "2024-07-01");
  EXPECT_EQ(short_of.status("pension.city_allowance"), Status::not_eligible);
}

// ---- content hash ----------------------------------------------------------------------

class ContentHash : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("entitle-hash-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(kRuleSets + "/national", dir_ / "national", fs::copy_options::recursive);
    fs::copy(kRuleSets + "/city", dir_ / "city", fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string hash(const std::string& folder) {
    LoadResult r = RuleSet::load((dir_ / folder).string());
    EXPECT_TRUE(r) << r.diagnostics.to_string();
    return r ? r.ruleset->content_hash() : std::string();
  }

  fs::path dir_;
};

TEST_F(ContentHash, IsStableWhenNothingChanges) {
  const std::string first = hash("national");
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash("national"), first);
}

TEST_F(ContentHash, ChangesWhenAFileChangesAndComesBackWhenItIsRestored) {
  const fs::path file = dir_ / "national" / "rules.yaml";
  const std::string original = read_text(file);
  const std::string before = hash("national");
  write_text(file, original + "# a comment changes nothing the rules say, but the file\n");
  const std::string after = hash("national");
  EXPECT_NE(after, before);
  write_text(file, original);
  EXPECT_EQ(hash("national"), before);
}

TEST_F(ContentHash, CoversTheRuleSetsItBuildsOn) {
  const std::string city_before = hash("city");
  EXPECT_NE(city_before, hash("national"));
  const fs::path base_file = dir_ / "national" / "ruleset.yaml";
  write_text(base_file, read_text(base_file) + "\n");
  EXPECT_NE(hash("city"), city_before);
}

TEST(ContentHashOfDocuments, DependsOnTheTextOfEachDocument) {
  const std::string yaml = kRateRules;
  auto a = RuleSet::load_documents({{"rules.yaml", yaml}});
  auto b = RuleSet::load_documents({{"rules.yaml", yaml}});
  auto c = RuleSet::load_documents({{"rules.yaml", yaml + "\n"}});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a.ruleset->content_hash(), b.ruleset->content_hash());
  EXPECT_NE(a.ruleset->content_hash(), c.ruleset->content_hash());
}

}  // namespace
}  // namespace entitle
