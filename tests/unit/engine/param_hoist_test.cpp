// Programs run with their parameter-only subexpressions hoisted (engine/param_hoist.hpp)
// against the same programs run as compiled: the same outputs, statuses and errors (with
// their source locations) for every record, date and parameter override, on evaluations
// reused across them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/evaluation.hpp"
#include "engine/param_hoist.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"
#include "values/compare.hpp"

namespace entitle {
namespace {

constexpr const char* kRules = R"(
ruleset: {name: hoist, version: '1'}
entities:
  person:
    fields:
      x: {type: decimal}
      ok: {type: bool}
parameters:
  rate:
    type: decimal
    values:
      - {from: 2020-01-01, value: 0.5}
      - {from: 2024-01-01, value: 2}
  zero:
    type: decimal
    values:
      - {from: 2020-01-01, value: 0}
rules:
  - id: arithmetic
    title: {zh: 算, en: arithmetic}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - on: ok
        - above: x > rate * 2 - 1
    outputs:
      scaled: x * (rate * 3)
      bounded: clamp(x, rate * 2, rate * 10)
      whole: rate * rate + 1
      negated: -rate + x
    otherwise:
      scaled: x - rate / 4
  - id: divided
    title: {zh: 除, en: divided}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - on: ok
    outputs:
      ratio: x / (rate - rate)
  - id: failing
    title: {zh: 错, en: failing}
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - on: ok
    outputs:
      ratio: (rate / zero) + x
)";

std::shared_ptr<const RuleSet> rules() {
  static auto rs = [] {
    LoadResult r = RuleSet::load_documents({{"hoist.yaml", kRules}});
    EXPECT_TRUE(r) << r.diagnostics.to_string();
    return r.ruleset;
  }();
  return rs;
}

bool same_value(const Value& x, const Value& y) {
  if (x.is_missing() || y.is_missing()) return x.is_missing() == y.is_missing();
  return values_equal(x, y);
}

// A rule's status and outputs, or the error deciding it raised.
struct Outcome {
  Status status = Status::not_applicable;
  std::vector<Value> outputs;
  std::string error;
};

Outcome decide(engine::Evaluation& ev, uint32_t rule) {
  Outcome o;
  try {
    o.status = ev.status(rule);
    for (uint32_t i = 0; i < ev.output_count(rule); ++i) o.outputs.push_back(ev.output(rule, i));
  } catch (const EvaluationError& e) {
    o.error = e.what();
  }
  return o;
}

TEST(ParamHoist, HoistedProgramsGiveTheCompiledProgramsOutcomesForEveryRecordDateAndOverride) {
  auto rs = rules();
  ASSERT_TRUE(rs);
  const Model& model = rs->model();
  // Every program above has a range to hoist, else nothing is tested; `bounded` and `whole`
  // then run without a frame (Shape::call_args, Shape::single).
  ASSERT_GE(engine::hoist_parameter_expressions(model).size(), 8u);
  engine::Evaluation hoisted(model);
  engine::Evaluation compiled(model, false);
  const std::vector<std::string> records = {"{}",
                                            R"({"ok": true})",
                                            R"({"ok": false, "x": 1})",
                                            R"({"ok": true, "x": 0.25})",
                                            R"({"ok": true, "x": 3})",
                                            R"({"ok": true, "x": -7.5})",
                                            R"({"ok": true, "x": 100})"};
  const std::vector<Date> dates = {*Date::parse("2019-06-01"), *Date::parse("2022-03-01"),
                                   *Date::parse("2024-07-01"), *Date::parse("2031-01-01")};
  const uint32_t rate = *model.find_parameter("rate");
  const uint32_t zero = *model.find_parameter("zero");
  using Overrides = std::vector<std::pair<uint32_t, Value>>;
  const std::vector<Overrides> overrides = {
      {},
      {{rate, Value::of_decimal(Decimal::from_int(0))}},
      {{zero, Value::of_decimal(Decimal::from_int(4))}},
      // clamp's low bound above its high one: an error from a frameless call.
      {{rate, Value::of_decimal(Decimal::from_int(-1))}},
      {{rate, Value::missing()}},
      {}};
  size_t errors = 0, values = 0;
  for (const Date as_of : dates)
    for (const Overrides& o : overrides)
      for (const std::string& json : records) {
        Record record = rs->parse_record(json, *rs->default_entity());
        hoisted.start(record, as_of, o);
        compiled.start(record, as_of, o);
        for (uint32_t r = 0; r < model.rules.size(); ++r) {
          const std::string where = model.rules[r].id + " at " + as_of.to_string() + " for " +
                                    json + " with " + std::to_string(o.size()) + " overrides";
          const Outcome h = decide(hoisted, r), c = decide(compiled, r);
          EXPECT_EQ(h.error, c.error) << where;
          if (!c.error.empty()) {
            ++errors;
            continue;
          }
          EXPECT_EQ(h.status, c.status) << where;
          ASSERT_EQ(h.outputs.size(), c.outputs.size()) << where;
          for (size_t i = 0; i < c.outputs.size(); ++i) {
            EXPECT_TRUE(same_value(h.outputs[i], c.outputs[i])) << where << ", output " << i;
            values += !c.outputs[i].is_missing();
          }
        }
      }
  EXPECT_GT(errors, 0u);  // the division by zero, per record or in a hoisted range
  EXPECT_GT(values, 0u);
}

}  // namespace
}  // namespace entitle
