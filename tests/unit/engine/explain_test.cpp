// Explanations trace each leaf once and give a group the Kleene combination of its
// children's values (engine/explain.cpp). The reference is the condition tree evaluated node
// by node, as Evaluation::condition() does it: every trace must carry that node's value and
// the values it read, for every mix of missing inputs, on a reused evaluator.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/evaluation.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"
#include "values/compare.hpp"

namespace entitle {
namespace {

constexpr const char* kRules = R"(
ruleset: {name: explain, version: '1'}
enums:
  kind: {values: [x, y, z]}
entities:
  person:
    fields:
      a: {type: int}
      b: {type: int}
      c: {type: int}
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
rules:
  - id: nested
    title: {zh: 嵌, en: nested}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - big: a >= limit
        - not:
            drawing: f and not g
        - either:
            any:
              - b_six: b == 6
              - long: (twice > 2 and b != 5) or (e == z and not f)
              - none:
                  not:
                    all:
                      - g_set: g
                      - a_set: present(a)
        - lists:
            any:
              - some_wanted: any_in(tags, wanted)
              - not:
                  every_wanted: all_in(tags, wanted)
  - id: flat_any
    title: {zh: 或, en: any}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      any:
        - kind_xy: e in [x, y]
        - sum_small: a + b < 4
  # `off` decides the rule without running the rest; the trace then runs every leaf. The
  # first leaf that throws when each node is evaluated on its own is bad_c (`on` spares
  # bad_b within `either`), not bad_b, the first in tree order.
  - id: throwing
    title: {zh: 错, en: throwing}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - off: f
        - outer:
            any:
              - inner:
                  all:
                    - either:
                        any:
                          - on: g
                          - bad_b: round(a, b, half_up) > 0
                    - bad_c: round(a, c, half_up) > 0
)";

std::shared_ptr<const RuleSet> rules() {
  static auto rs = [] {
    LoadResult r = RuleSet::load_documents({{"explain.yaml", kRules}});
    EXPECT_TRUE(r) << r.diagnostics.to_string();
    return r.ruleset;
  }();
  return rs;
}

// Every record with each field absent or one of a few values: 3^5 * 4 records (c stays 0,
// so the `throwing` rule's round() calls never throw here).
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
              std::string json = "{\"c\": 0";
              for (const std::string* part : {&va, &vb, &vf, &vg, &ve, &vt})
                if (!part->empty()) json += ", " + *part;
              out.push_back(json + "}");
            }
  return out;
}

// The conditions of `c`'s tree in pre-order, with their depths.
void preorder(const Condition& c, uint32_t depth,
              std::vector<std::pair<const Condition*, uint32_t>>& out) {
  out.push_back({&c, depth});
  for (const auto& child : c.children) preorder(child, depth + 1, out);
}

bool same_value(const Value& x, const Value& y) {
  if (x.is_missing() || y.is_missing()) return x.is_missing() == y.is_missing();
  return values_equal(x, y);
}

TEST(Explain, EveryTraceHoldsItsNodesOwnValueAndReadsForEveryMissingInputMix) {
  auto rs = rules();
  ASSERT_TRUE(rs);
  const Model& model = rs->model();
  Evaluator warm(rs);  // reused, as batch does: traces are refilled in place
  EvalOptions explained;
  explained.explain = true;
  const Date as_of = *Date::parse("2024-07-01");
  size_t values_seen[3] = {0, 0, 0};
  for (const std::string& json : all_records()) {
    Record record = rs->parse_record(json, *rs->default_entity());
    const Decisions& decisions = warm.evaluate(record, as_of, explained);
    engine::Evaluation reference(model);
    reference.start(record, as_of);
    ASSERT_EQ(decisions.items.size(), model.rules.size());
    for (const Decision& d : decisions.items) {
      ASSERT_TRUE(d.explanation) << json;
      const auto& traces = d.explanation->conditions;
      std::vector<std::pair<const Condition*, uint32_t>> nodes;
      preorder(model.rules[d.rule].when, 0, nodes);
      ASSERT_EQ(traces.size(), nodes.size()) << json;
      for (size_t i = 0; i < nodes.size(); ++i) {
        const Condition& c = *nodes[i].first;
        const ConditionTrace& t = traces[i];
        const std::string where = model.rules[d.rule].id + "/" + c.name + " for " + json;
        EXPECT_EQ(t.condition, &c) << where;
        EXPECT_EQ(t.depth, nodes[i].second) << where;
        EXPECT_EQ(t.name, c.name) << where;
        EXPECT_EQ(t.value, reference.condition(c)) << where;
        ++values_seen[static_cast<int>(t.value)];
        // Leaves list their reads: fields, derived values, then parameters.
        size_t r = 0;
        for (uint32_t f : c.reads.fields) {
          ASSERT_LT(r, t.reads.size()) << where;
          EXPECT_TRUE(same_value(t.reads[r++].value, reference.fields()[f])) << where;
        }
        for (uint32_t s : c.reads.derived) {
          ASSERT_LT(r, t.reads.size()) << where;
          EXPECT_TRUE(same_value(t.reads[r++].value, reference.derived(s))) << where;
        }
        for (uint32_t p : c.reads.parameters) {
          ASSERT_LT(r, t.reads.size()) << where;
          EXPECT_TRUE(same_value(t.reads[r].value, reference.parameter(p))) << where;
          EXPECT_EQ(t.reads[r++].effective_from, reference.parameter_entry(p)->from) << where;
        }
        EXPECT_EQ(r, t.reads.size()) << where;
      }
    }
  }
  EXPECT_GT(values_seen[static_cast<int>(Truth::no)], 0u);
  EXPECT_GT(values_seen[static_cast<int>(Truth::yes)], 0u);
  EXPECT_GT(values_seen[static_cast<int>(Truth::unknown)], 0u);
}

TEST(Explain, ALeafThatThrowsGivesTheErrorOfTheNodeByNodeEvaluation) {
  auto rs = rules();
  ASSERT_TRUE(rs);
  Evaluator ev(rs);
  EvalOptions explained;
  explained.explain = true;
  explained.rules = {"throwing"};
  const Date as_of = *Date::parse("2024-07-01");
  Record record =
      rs->parse_record(R"({"a": 1, "b": 9, "c": 8, "f": false, "g": true})", *rs->default_entity());
  // Undecided by the trace: the rule itself is decided by `off` alone.
  EXPECT_EQ(ev.evaluate(record, as_of, {}).items.at(0).status, Status::not_eligible);
  try {
    ev.evaluate(record, as_of, explained);
    FAIL() << "no error";
  } catch (const EvaluationError& e) {
    EXPECT_NE(std::string(e.what()).find("not 8"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace entitle
