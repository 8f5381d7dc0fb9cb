// Rule decisions come from the flattened condition plan (engine/condition_plan.hpp), while
// explanations walk the Condition tree. Both must give the same truth for every record,
// including every mix of missing inputs (Kleene logic) and every short-circuit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/condition_plan.hpp"
#include "engine/evaluation.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

constexpr const char* kRules = R"(
ruleset: {name: plan, version: '1'}
enums:
  kind: {values: [x, y, z]}
entities:
  person:
    fields:
      a: {type: int}
      b: {type: int}
      f: {type: bool}
      g: {type: bool}
      e: {type: kind}
      tags: {type: list<kind>}
parameters:
  wanted:
    type: list<kind>
    values:
      - {from: 2020-01-01, value: [x, y]}
  limit:
    type: int
    values:
      - {from: 2020-01-01, value: 3}
derived:
  person:
    twice: a * 2
    flag: f
rules:
  - id: leaves
    title: {zh: 叶, en: leaves}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - big: a >= limit
        - flagged: f
        - not_g: not g
        - kind_xy: e in [x, y]
  - id: expressions
    title: {zh: 式, en: expressions}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      any:
        - small_and_flagged: a < 2 and f
        - neither: not (b == 5 or g)
        - not_z: e not in [z]
  - id: nested
    title: {zh: 嵌, en: nested}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - twice_small: twice <= 4
        - not:
            drawing: flag and not g
        - either:
            any:
              - b_six: b == 6
              - long: (a > 1 and b != 5) or (e == z and not f)
              - none:
                  not:
                    all:
                      - g_set: g
                      - a_set: present(a)
  - id: lists
    title: {zh: 表, en: lists}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      any:
        - some_wanted: any_in(tags, wanted)
        - not:
            every_wanted: all_in(tags, wanted)
        - g_set: g
  - id: general
    title: {zh: 通, en: general}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - defaulted: coalesce(a, 0) + 1 > 1
        - sum_small: a + b < 10 or f
)";

std::shared_ptr<const RuleSet> rules() {
  static auto rs = [] {
    LoadResult r = RuleSet::load_documents({{"plan.yaml", kRules}});
    EXPECT_TRUE(r) << r.diagnostics.to_string();
    return r.ruleset;
  }();
  return rs;
}

Status status_of(Truth t) {
  return t == Truth::yes  ? Status::eligible
         : t == Truth::no ? Status::not_eligible
                          : Status::undetermined;
}

// Every record with each field absent or one of a few values: 3^5 * 4 records.
std::vector<std::string> all_records() {
  const std::vector<std::string> a = {"", "\"a\": 1", "\"a\": 3"};
  const std::vector<std::string> b = {"", "\"b\": 5", "\"b\": 6"};
  const std::vector<std::string> f = {"", "\"f\": true", "\"f\": false"};
  const std::vector<std::string> g = {"", "\"g\": true", "\"g\": false"};
  const std::vector<std::string> e = {"", "\"e\": \"x\"", "\"e\": \"z\""};
  const std::vector<std::string> tags = {"", "\"tags\": []", "\"tags\": [\"z\"]",
                                         "\"tags\": [\"z\", \"y\"]"};
  std::vector<std::string> out;
  for (const auto& va : a)
    for (const auto& vb : b)
      for (const auto& vf : f)
        for (const auto& vg : g)
          for (const auto& ve : e)
            for (const auto& vt : tags) {
              std::string json;
              for (const std::string* part : {&va, &vb, &vf, &vg, &ve, &vt}) {
                if (part->empty()) continue;
                json += json.empty() ? "{" : ", ";
                json += *part;
              }
              out.push_back(json.empty() ? "{}" : json + "}");
            }
  return out;
}

TEST(ConditionPlan, DecisionsAgreeWithTheExplainedConditionTreeForEveryMissingInputMix) {
  auto rs = rules();
  ASSERT_TRUE(rs);
  Evaluator warm(rs);  // reused, as batch and the benchmarks do
  EvalOptions explained;
  explained.explain = true;
  const Date as_of = *Date::parse("2024-07-01");
  size_t seen[4] = {0, 0, 0, 0};
  for (const std::string& json : all_records()) {
    Record record = rs->parse_record(json, *rs->default_entity());
    // Decisions without explanations use only the plan.
    std::vector<Status> planned;
    for (const Decision& d : warm.evaluate(record, as_of, {}).items) planned.push_back(d.status);
    const Decisions& traced = warm.evaluate(record, as_of, explained);
    ASSERT_EQ(traced.items.size(), planned.size());
    for (size_t i = 0; i < planned.size(); ++i) {
      const Decision& d = traced.items[i];
      ASSERT_TRUE(d.explanation) << json;
      ASSERT_FALSE(d.explanation->conditions.empty()) << json;
      EXPECT_EQ(planned[i], status_of(d.explanation->conditions[0].value))
          << rs->model().rules[d.rule].id << " for " << json;
      ++seen[static_cast<int>(planned[i])];
    }
  }
  // The records reach every status but not_applicable, so no branch goes untested.
  EXPECT_GT(seen[static_cast<int>(Status::eligible)], 0u);
  EXPECT_GT(seen[static_cast<int>(Status::not_eligible)], 0u);
  EXPECT_GT(seen[static_cast<int>(Status::undetermined)], 0u);
}

// Each rule's tree compiled to jumps (PlanStep) against the same tree walked node by node
// and against the Condition tree, for every record.
TEST(ConditionPlan, JumpsGiveTheTreeWalksTruthForEveryMissingInputMix) {
  auto rs = rules();
  ASSERT_TRUE(rs);
  const Model& model = rs->model();
  const engine::ConditionPlan plan = engine::build_condition_plan(model);
  for (size_t r = 0; r < model.rules.size(); ++r)  // else the jumps would go untested
    ASSERT_NE(plan.rule_entry[r], engine::ConditionPlan::kWalkTree) << model.rules[r].id;
  // The leaves the jumps test inline (PlanNode::Fast) are all here, against tested().
  bool fast[4] = {false, false, false, false};
  for (const auto& n : plan.nodes) fast[static_cast<int>(n.fast)] = true;
  for (bool f : fast) ASSERT_TRUE(f);
  engine::Evaluation ev(model);
  const Date as_of = *Date::parse("2024-07-01");
  size_t seen[3] = {0, 0, 0};
  for (const std::string& json : all_records()) {
    Record record = rs->parse_record(json, *rs->default_entity());
    ev.start(record, as_of);  // one evaluation reused, memos and all
    for (uint32_t r = 0; r < model.rules.size(); ++r) {
      const Truth jumped = ev.planned_rule(r, true);
      EXPECT_EQ(jumped, ev.planned_rule(r, false)) << model.rules[r].id << " for " << json;
      EXPECT_EQ(jumped, ev.condition(model.rules[r].when)) << model.rules[r].id << " for " << json;
      ++seen[static_cast<int>(jumped)];
    }
  }
  EXPECT_GT(seen[static_cast<int>(Truth::no)], 0u);
  EXPECT_GT(seen[static_cast<int>(Truth::yes)], 0u);
  EXPECT_GT(seen[static_cast<int>(Truth::unknown)], 0u);
}

TEST(ConditionPlan, KleeneLogicOnHandPickedRecords) {
  auto rs = rules();
  ASSERT_TRUE(rs);
  Evaluator ev(rs);
  const Date as_of = *Date::parse("2024-07-01");
  auto status = [&](const char* json, const char* rule) {
    Record record = rs->parse_record(json, *rs->default_entity());
    const uint32_t slot = *rs->model().find_rule(rule);
    for (const Decision& d : ev.evaluate(record, as_of, {}).items)
      if (d.rule == slot) return d.status;
    return Status::not_applicable;
  };
  // all: one false decides even when the others are unknown.
  EXPECT_EQ(status(R"({"a": 1})", "leaves"), Status::not_eligible);
  EXPECT_EQ(status(R"({"a": 3, "f": true, "g": false})", "leaves"), Status::undetermined);
  EXPECT_EQ(status(R"({"a": 3, "f": true, "g": false, "e": "y"})", "leaves"), Status::eligible);
  EXPECT_EQ(status(R"({"a": 3, "f": true, "g": false, "e": "z"})", "leaves"), Status::not_eligible);
  // any: one true decides; `b == 5 or g` is unknown without g unless b is 5.
  EXPECT_EQ(status(R"({"e": "x"})", "expressions"), Status::eligible);
  EXPECT_EQ(status(R"({"e": "z", "b": 6})", "expressions"), Status::undetermined);
  EXPECT_EQ(status(R"({"e": "z", "b": 5, "a": 3})", "expressions"), Status::not_eligible);
  EXPECT_EQ(status(R"({"e": "z", "b": 6, "g": false})", "expressions"), Status::eligible);
}

}  // namespace
}  // namespace entitle
