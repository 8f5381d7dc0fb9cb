// Outputs listed under a rule's `always:` block: computed whenever the rule is in force,
// whatever its status, and read by other rules like any output. The load errors that keep
// the two blocks apart are in tests/golden/broken/always_*.
#include <gtest/gtest.h>

#include <string>

#include "io/value_format.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

// A township's participation rate against a 100% target (赣区府办字〔2023〕81号 附件3): the rate
// and the gap are printed for every township, the target met or not.
const char* kRules = R"(
ruleset: {name: t, version: "1"}
entities:
  township:
    fields:
      task: int
      enrolled: int
rules:
  - id: participation
    title: t
    citation: {document: 赣区府办字〔2023〕81号, section: 附件3}
    entity: township
    effective: {from: 2023-01-01, until: 2023-12-31}
    when:
      all:
        - target_met: enrolled >= task
    always:
      gap: enrolled - task
      rate: {expr: enrolled / task, type: decimal}
      target: task
    outputs:
      surplus: participation.gap
    otherwise:
      surplus: 0
  - id: report
    title: t
    citation: {document: 赣区府办字〔2023〕81号, section: 附件3}
    entity: township
    effective: {from: 2023-01-01}
    when:
      all:
        - behind: participation.gap < 0
    outputs:
      gap: participation.gap
)";

struct Result {
  std::shared_ptr<const RuleSet> rs;
  Decisions d;
  const Decision& of(const std::string& id) const {
    for (const auto& x : d.items)
      if (rs->model().rules[x.rule].id == id) return x;
    throw std::invalid_argument(id);
  }
  std::string output(const std::string& id, const std::string& name) const {
    const Decision& x = of(id);
    const Rule& rule = rs->model().rules[x.rule];
    uint32_t o = *rule.output_index(name);
    std::string out;
    append_json(out, x.outputs[o], rule.outputs[o].type, rs->model());
    return out;
  }
};

std::shared_ptr<const RuleSet> load() {
  LoadResult r = RuleSet::load_documents({{"rules.yaml", kRules}});
  EXPECT_TRUE(r) << r.diagnostics.to_string();
  return r.ruleset;
}

Result run(const std::string& json, const char* as_of = "2023-09-30") {
  auto rs = load();
  Record r = rs->parse_record(json, *rs->entity("township"));
  return {rs, rs->evaluate(r, *Date::parse(as_of))};
}

TEST(AlwaysOutputs, ComeBeforeTheRulesOtherOutputsInDeclarationOrder) {
  auto rs = load();
  const Rule& rule = rs->model().rules[*rs->model().find_rule("participation")];
  ASSERT_EQ(rule.outputs.size(), 4u);
  EXPECT_EQ(rule.outputs[0].name, "gap");
  EXPECT_TRUE(rule.outputs[0].always);
  EXPECT_EQ(rule.outputs[1].name, "rate");
  EXPECT_TRUE(rule.outputs[1].always);
  EXPECT_EQ(rule.outputs[2].name, "target");
  EXPECT_EQ(rule.outputs[3].name, "surplus");
  EXPECT_FALSE(rule.outputs[3].always);
}

TEST(AlwaysOutputs, AreComputedWhenTheRuleHolds) {
  Result r = run(R"({"task": 100, "enrolled": 104})");
  EXPECT_EQ(r.of("participation").status, Status::eligible);
  EXPECT_EQ(r.output("participation", "gap"), "4");
  EXPECT_EQ(r.output("participation", "rate"), "\"1.04\"");
  EXPECT_EQ(r.output("participation", "surplus"), "4");  // an output may read an always one
}

TEST(AlwaysOutputs, AreComputedWhenTheRuleDoesNotHoldBesideOtherwise) {
  Result r = run(R"({"task": 100, "enrolled": 99})");
  EXPECT_EQ(r.of("participation").status, Status::not_eligible);
  EXPECT_EQ(r.output("participation", "gap"), "-1");
  EXPECT_EQ(r.output("participation", "rate"), "\"0.99\"");
  EXPECT_EQ(r.output("participation", "surplus"), "0");  // the otherwise value
}

TEST(AlwaysOutputs, AreComputedWhenTheDecisionIsUndeterminedAsFarAsTheInputsAllow) {
  // The count enrolled is unknown: the status and every value that needs it are unknown, the
  // target is still given, and an undetermined rule's ordinary outputs stay null as before.
  Result r = run(R"({"task": 100})");
  EXPECT_EQ(r.of("participation").status, Status::undetermined);
  EXPECT_EQ(r.output("participation", "target"), "100");
  EXPECT_EQ(r.output("participation", "gap"), "null");
  EXPECT_EQ(r.output("participation", "surplus"), "null");
  ASSERT_EQ(r.of("participation").missing_fields.size(), 1u);
}

TEST(AlwaysOutputs, AreNotComputedWhenTheRuleIsNotInForce) {
  Result r = run(R"({"task": 100, "enrolled": 99})", "2024-01-01");
  EXPECT_EQ(r.of("participation").status, Status::not_applicable);
  EXPECT_EQ(r.output("participation", "gap"), "null");
  EXPECT_EQ(r.output("participation", "rate"), "null");
}

TEST(AlwaysOutputs, AreReadByOtherRulesWhateverTheReadRulesStatus) {
  Result r = run(R"({"task": 100, "enrolled": 97})");
  EXPECT_EQ(r.of("participation").status, Status::not_eligible);
  EXPECT_EQ(r.of("report").status, Status::eligible);
  EXPECT_EQ(r.output("report", "gap"), "-3");
}

TEST(AlwaysOutputs, AZeroDivisorInAnAlwaysOutputFailsTheRecordEvenWhenTheRuleDoesNotHold) {
  // An always output is evaluated whatever the conditions say, so it must guard its own
  // inputs: a township with no task and no one enrolled holds (0 >= 0) and divides by zero.
  auto rs = load();
  Record rec = rs->parse_record(R"({"task": 0, "enrolled": 0})", *rs->entity("township"));
  EXPECT_THROW(rs->evaluate(rec, *Date::parse("2023-09-30")), EvaluationError);
}

}  // namespace
}  // namespace entitle
