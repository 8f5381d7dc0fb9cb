// One evaluation context: the scratch a thread needs to evaluate records against a model.
//
// Everything here is sized once per model, so evaluating a record does not allocate (apart
// from lists built by filter/map/make_list, which go to a scratch store reused per record).
// Derived values and rule decisions are computed lazily and memoized per record.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/condition_plan.hpp"
#include "engine/param_hoist.hpp"
#include "entitle/decision.hpp"
#include "entitle/record.hpp"
#include "model/model.hpp"
#include "values/compare.hpp"
#include "values/years_to.hpp"
#include "values/value_store.hpp"

namespace entitle::engine {

class Evaluation {
 public:
  // `hoist`: run programs with their parameter-only subexpressions computed once per
  // parameter set (engine/param_hoist.hpp); tests turn it off to compare.
  explicit Evaluation(const Model& model, bool hoist = true);

  // Begins a record. Parameters are resolved again only when `as_of` or the overrides
  // change; `overrides` (slot, value) replace the values in force at as_of.
  void start(const Record& record, Date as_of,
             std::span<const std::pair<uint32_t, Value>> overrides = {});

  const Model& model() const { return model_; }
  Date as_of() const { return as_of_; }
  const Value* fields() const { return fields_; }

  Value run(uint32_t program);
  // run(), with the commonest outputs (a constant, a bare load: `otherwise: 0`) inline.
  Value run_inline(uint32_t program) {
    const expr::Program& p = *programs_[program];
    if (p.shape != expr::Shape::single) return run(program);
    const expr::Instruction& in = p.code[0];
    return in.op == expr::OpCode::push_const ? p.constants[in.a] : load(in);
  }
  Value derived(uint32_t slot) {
    if (derived_stamps_[slot] == stamp_) return derived_values_[slot];
    return derive(slot);
  }
  Value parameter(uint32_t slot) const { return parameters_[slot]; }
  // The timeline entry in force at as_of (nullptr when the parameter has none).
  const ParameterValue* parameter_entry(uint32_t slot) const { return entries_[slot]; }

  // The rule's decision for this record (memoized).
  Status status(uint32_t rule) {
    if (rules_[rule].stamp != stamp_) decide(rule);
    return rules_[rule].status;
  }
  // The rule's outputs and problem, without the memo check: only after status(rule).
  const Value* decided_outputs(uint32_t rule) const {
    return outputs_.data() + rules_[rule].first_output;
  }
  const std::string& decided_problem(uint32_t rule) const { return rules_[rule].problem; }
  uint32_t output_count(uint32_t rule) const { return rules_[rule].output_count; }
  Value output(uint32_t rule, uint32_t index);
  const std::string& problem(uint32_t rule);
  Truth condition(const Condition& c);
  // The rule's `when` through the plan's jumps, or through its tree walk: decide() uses the
  // first where the rule has one; tests compare the two.
  Truth planned_rule(uint32_t rule, bool jumps);

  ValueStore& scratch() { return scratch_; }

  // at(<rule id>.<output>, day) and at(<rule id>.eligible, day) (output kStatusAt): what the
  // rule decides for this record with `day` as the evaluation date. Another day is evaluated
  // in a second context kept for the purpose, with the parameters in force that day (the
  // overrides of start() replace values at as_of only, as with at(parameter, day)); values
  // come back copied into this record's scratch.
  Value rule_at(uint32_t rule, uint16_t output, Date day);

 private:
  struct RuleMemo {
    uint64_t stamp = 0;
    Status status = Status::not_applicable;
    uint32_t first_output = 0;
    uint32_t output_count = 0;
    std::string problem;
  };

  // The value a load_field, load_derived or load_param instruction pushes.
  Value load(expr::OpCode op, uint32_t slot) {
    if (op == expr::OpCode::load_field) return fields_[slot];
    if (op == expr::OpCode::load_param) return parameters_[slot];
    return derived(slot);
  }
  Value load(const expr::Instruction& in) { return load(in.op, in.a); }
  // The result of comparison `op` given compare_values' -1, 0 or 1.
  static bool compared(expr::OpCode op, int c) {
    switch (op) {
      case expr::OpCode::equal: return c == 0;
      case expr::OpCode::not_equal: return c != 0;
      case expr::OpCode::less: return c < 0;
      case expr::OpCode::less_equal: return c <= 0;
      case expr::OpCode::greater: return c > 0;
      default: return c >= 0;
    }
  }

  Truth leaf(const Condition& c);
  Truth planned(const PlanNode* nodes, uint32_t at);
  // The Truth of a rule's steps from `at` (see PlanStep).
  Truth jumped(int32_t at) {
    const PlanStep* steps = plan_.steps.data();
    const PlanNode* nodes = plan_.nodes.data();
    while (at >= 0) {
      const PlanStep& s = steps[at];
      const PlanNode& n = nodes[s.leaf];
      Truth t;
      switch (n.fast) {
        case PlanNode::Fast::field_bool: {
          const Value& v = fields_[n.slot];
          t = v.is_missing() ? Truth::unknown : Truth((n.holds >> int(v.boolean)) & 1);
          break;
        }
        case PlanNode::Fast::field_compare:
        case PlanNode::Fast::derived_compare: {
          const Value v =
              n.fast == PlanNode::Fast::field_compare ? fields_[n.slot] : derived(n.slot);
          t = v.is_missing() ? Truth::unknown
                             : Truth((n.holds >> (compare_values(v, n.constant) + 1)) & 1);
          break;
        }
        default: t = tested(n);
      }
      at = s.next[static_cast<int>(t)];
    }
    return static_cast<Truth>(-1 - at);
  }
  // any_in / all_in of two loaded lists, as the VM's call: both are loaded, then a missing
  // one makes it unknown.
  Truth lists_share(const PlanNode& n, const Value& v);
  // A leaf of the plan: a load tested, compared with a constant or looked up in a constant
  // list, or a program run.
  Truth tested(const PlanNode& n) {
    using Kind = PlanNode::Kind;
    if (n.kind == Kind::program) {
      const Value v = run(n.slot);
      if (v.is_missing()) return Truth::unknown;
      return v.boolean ? Truth::yes : Truth::no;
    }
    const Value v = n.load == expr::OpCode::load_field ? fields_[n.slot] : load(n.load, n.slot);
    if (n.kind == Kind::any_in || n.kind == Kind::all_in) return lists_share(n, v);
    if (v.is_missing()) return Truth::unknown;
    bool holds;
    if (n.kind <= Kind::not_test) {
      holds = (n.holds >> int(v.boolean)) & 1;
    } else if (n.constant.is_missing()) {
      return Truth::unknown;
    } else if (n.kind == Kind::compare) {
      holds = (n.holds >> (compare_values(v, n.constant) + 1)) & 1;
    } else {
      bool found = false;
      for (uint32_t i = 0; i < n.constant.size && !found; ++i)
        found = values_equal(n.constant.items[i], v);
      holds = found == (n.kind == Kind::in_list);
    }
    static_assert(Truth(false) == Truth::no && Truth(true) == Truth::yes);
    return Truth(holds);
  }
  void decide(uint32_t rule);
  Value derive(uint32_t slot);  // computes and memoizes a derived value
  void decide_table(const Rule& rule, RuleMemo& memo);
  Value execute(const expr::Program& p);
  void aggregate(Value* top, const expr::Instruction& in);
  Value call(const expr::Instruction& in, Value* args);
  void resolve_parameters();
  // Recomputes the hoisted subexpressions for the parameters now in force; a program whose
  // subexpression fails (a division by a zero parameter) runs unhoisted, to fail as before.
  void refresh_hoisted();
  [[noreturn]] void fail(const expr::Program& p, size_t pc, const std::string& message) const;

  const Model& model_;
  const bool hoist_;
  const Record* record_ = nullptr;
  // The context for rule_at on a day other than as_of, made on first use; it holds this
  // record when at_date_stamp_ == stamp_.
  std::unique_ptr<Evaluation> at_date_;
  uint64_t at_date_stamp_ = 0;
  const ConditionPlan plan_;
  std::vector<HoistedProgram> hoisted_;
  std::vector<const expr::Program*> programs_;  // each program as run: hoisted or the model's
  const Value* fields_ = nullptr;
  Date as_of_{INT32_MIN};
  YearsTo years_to_as_of_;  // set with as_of_
  bool parameters_resolved_ = false;
  bool parameters_overridden_ = false;  // the last start() replaced some parameters
  uint64_t stamp_ = 0;                  // one per record: memos with an older stamp are stale

  std::vector<Value> parameters_;
  std::vector<const ParameterValue*> entries_;
  std::vector<Value> derived_values_;
  std::vector<uint64_t> derived_stamps_;
  std::vector<RuleMemo> rules_;
  std::vector<Value> outputs_;  // every rule's outputs, flat
  std::vector<Value> stack_;
  size_t stack_top_ = 0;
  std::vector<Value> locals_;
  size_t locals_base_ = 0;
  ValueStore scratch_;
};

}  // namespace entitle::engine
