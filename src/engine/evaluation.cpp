#include "engine/evaluation.hpp"

#include "values/compare.hpp"

namespace entitle::engine {

Evaluation::Evaluation(const Model& model, bool hoist)
    : model_(model), hoist_(hoist), plan_(build_condition_plan(model)),
      hoisted_(hoist ? hoist_parameter_expressions(model) : std::vector<HoistedProgram>{}),
      programs_(model.programs.size()), parameters_(model.parameters.size()),
      entries_(model.parameters.size(), nullptr), derived_values_(model.derived.size()),
      derived_stamps_(model.derived.size(), 0), rules_(model.rules.size()), locals_() {
  for (size_t i = 0; i < model.programs.size(); ++i) programs_[i] = &model.programs[i];
  size_t outputs = 0;
  for (size_t i = 0; i < model.rules.size(); ++i) {
    rules_[i].first_output = static_cast<uint32_t>(outputs);
    rules_[i].output_count = static_cast<uint32_t>(model.rules[i].outputs.size());
    outputs += model.rules[i].outputs.size();
  }
  outputs_.resize(outputs);
  // Programs nest only along acyclic dependencies, so the sum of their depths bounds the
  // stack any chain of derived values, rule outputs and lambdas can need.
  size_t stack = 1;
  for (const auto& p : model.programs) stack += p.max_stack;
  stack_.resize(stack);
  // Frames of locals start at a stack-top offset (see run()), plus at most 8 nested lambdas.
  locals_.resize(stack + 8);
}

void Evaluation::start(const Record& record, Date as_of,
                       std::span<const std::pair<uint32_t, Value>> overrides) {
  fields_ = record.values().data();
  record_ = &record;
  ++stamp_;
  stack_top_ = 0;
  locals_base_ = 0;
  scratch_.clear();
  if (!parameters_resolved_ || as_of != as_of_ || parameters_overridden_ || !overrides.empty()) {
    as_of_ = as_of;
    if (years_to_as_of_.to() != as_of) years_to_as_of_ = YearsTo(as_of);
    resolve_parameters();
    // An override has no timeline entry: explanations then show no effective date.
    for (const auto& [slot, value] : overrides) {
      parameters_[slot] = value;
      entries_[slot] = nullptr;
    }
    refresh_hoisted();
  }
  parameters_overridden_ = !overrides.empty();
}

void Evaluation::refresh_hoisted() {
  for (HoistedProgram& h : hoisted_) {
    programs_[h.program] = &h.code;
    try {
      for (size_t r = 0; r < h.ranges.size(); ++r)
        h.code.constants[h.first_hoisted + r] = execute(h.ranges[r]);
    } catch (const std::exception&) {
      programs_[h.program] = &model_.programs[h.program];
    }
  }
  stack_top_ = 0;
}

void Evaluation::resolve_parameters() {
  for (size_t i = 0; i < model_.parameters.size(); ++i) {
    entries_[i] = model_.parameters[i].at(as_of_);
    parameters_[i] = entries_[i] ? entries_[i]->value : Value::missing();
  }
  parameters_resolved_ = true;
}

Value Evaluation::run(uint32_t program) {
  const expr::Program& p = *programs_[program];
  // Constants, bare fields and `x >= constant` need no frame (see expr::Shape): they are most
  // of the programs a record runs.
  switch (p.shape) {
    case expr::Shape::single:
      return p.code[0].op == expr::OpCode::push_const ? p.constants[p.code[0].a] : load(p.code[0]);
    case expr::Shape::not_load: {
      const Value v = load(p.code[0]);
      return v.is_missing() ? v : Value::of_bool(!v.boolean);
    }
    case expr::Shape::compare_const: {
      const Value v = load(p.code[0]);
      if (v.is_missing()) return v;
      const Value& c = p.constants[p.code[1].a];
      if (c.is_missing()) return c;
      return Value::of_bool(compared(p.code[2].op, compare_values(v, c)));
    }
    case expr::Shape::call_args: {
      const size_t n = p.code.size() - 1;
      Value args[4];
      for (size_t i = 0; i < n; ++i) {
        const expr::Instruction& in = p.code[i];
        args[i] = in.op == expr::OpCode::push_const   ? p.constants[in.a]
                  : in.op == expr::OpCode::load_as_of ? Value::of_date(as_of_)
                                                      : load(in);
      }
      try {
        return call(p.code[n], args);
      } catch (const EvaluationError&) {
        throw;
      } catch (const std::exception& e) {
        fail(p, n, e.what());  // as execute() reports it
      }
    }
    case expr::Shape::years_to_as_of: {  // the call_args case, as_of converted once
      const Value from = load(p.code[0]);
      if (from.is_missing()) return from;
      return Value::of_decimal(Decimal::from_int(years_to_as_of_.from(from.as_date())));
    }
    case expr::Shape::general: break;
  }
  if (p.is_lambda) return execute(p);
  // A non-lambda program starts a frame of locals above those of any lambda running now.
  // The stack top is a fine frame base: it grows with every nested program. An exception
  // leaves the base raised, and start() lowers it for the next record.
  const size_t saved = locals_base_;
  locals_base_ = stack_top_;
  Value v = execute(p);
  locals_base_ = saved;
  return v;
}

Value Evaluation::derive(uint32_t slot) {
  derived_values_[slot] = run(model_.derived[slot].program);
  derived_stamps_[slot] = stamp_;
  return derived_values_[slot];
}

Value Evaluation::output(uint32_t rule, uint32_t index) {
  if (rules_[rule].stamp != stamp_) decide(rule);
  return outputs_[rules_[rule].first_output + index];
}

Value Evaluation::rule_at(uint32_t rule, uint16_t output, Date day) {
  Evaluation* e = this;
  if (day != as_of_) {
    if (!at_date_) at_date_ = std::make_unique<Evaluation>(model_, hoist_);
    if (at_date_stamp_ != stamp_ || at_date_->as_of() != day) {
      at_date_->start(*record_, day);
      at_date_stamp_ = stamp_;
    }
    e = at_date_.get();
  }
  Value v;
  if (output == expr::kStatusAt) {
    const Status s = e->status(rule);
    v = s == Status::undetermined ? Value::missing() : Value::of_bool(s == Status::eligible);
  } else {
    v = e->output(rule, output);
  }
  return e == this ? v : scratch_.copy(v);
}

const std::string& Evaluation::problem(uint32_t rule) {
  if (rules_[rule].stamp != stamp_) decide(rule);
  return rules_[rule].problem;
}

Truth Evaluation::leaf(const Condition& c) {
  const Value v = run(c.program);
  if (v.is_missing()) return Truth::unknown;
  return v.boolean ? Truth::yes : Truth::no;
}

Truth Evaluation::condition(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::leaf: return leaf(c);
    case Condition::Kind::all: {
      // Leaves, the usual children, are evaluated here rather than through a nested call.
      Truth result = Truth::yes;
      for (const auto& child : c.children) {
        Truth t = child.kind == Condition::Kind::leaf ? leaf(child) : condition(child);
        if (t == Truth::no) return Truth::no;
        if (t == Truth::unknown) result = Truth::unknown;
      }
      return result;
    }
    case Condition::Kind::any: {
      Truth result = Truth::no;
      for (const auto& child : c.children) {
        Truth t = child.kind == Condition::Kind::leaf ? leaf(child) : condition(child);
        if (t == Truth::yes) return Truth::yes;
        if (t == Truth::unknown) result = Truth::unknown;
      }
      return result;
    }
    case Condition::Kind::negation: {
      Truth t = condition(c.children.front());
      return t == Truth::unknown ? t : t == Truth::yes ? Truth::no : Truth::yes;
    }
  }
  return Truth::unknown;
}

Truth Evaluation::lists_share(const PlanNode& n, const Value& v) {
  const Value w = load(n.load2, n.slot2);
  if (v.is_missing() || w.is_missing()) return Truth::unknown;
  const bool any = n.kind == PlanNode::Kind::any_in;
  for (uint32_t i = 0; i < v.size; ++i) {
    bool found = false;
    for (uint32_t j = 0; j < w.size && !found; ++j) found = values_equal(w.items[j], v.items[i]);
    if (found == any) return any ? Truth::yes : Truth::no;
  }
  return any ? Truth::no : Truth::yes;
}

Truth Evaluation::planned(const PlanNode* nodes, uint32_t at) {
  const PlanNode& n = nodes[at];
  // Leaves, most children, are tested in the loop; only nested groups recurse.
  auto child = [&](uint32_t i) {
    return nodes[i].kind >= PlanNode::Kind::test ? tested(nodes[i]) : planned(nodes, i);
  };
  switch (n.kind) {
    case PlanNode::Kind::all: {
      Truth result = Truth::yes;
      for (uint32_t i = at + 1; i < n.end; i = nodes[i].end) {
        const Truth t = child(i);
        if (t == Truth::no) return Truth::no;
        if (t == Truth::unknown) result = Truth::unknown;
      }
      return result;
    }
    case PlanNode::Kind::any: {
      Truth result = Truth::no;
      for (uint32_t i = at + 1; i < n.end; i = nodes[i].end) {
        const Truth t = child(i);
        if (t == Truth::yes) return Truth::yes;
        if (t == Truth::unknown) result = Truth::unknown;
      }
      return result;
    }
    case PlanNode::Kind::negation: {
      const Truth t = child(at + 1);
      return t == Truth::unknown ? t : t == Truth::yes ? Truth::no : Truth::yes;
    }
    default: return tested(n);
  }
}

Truth Evaluation::planned_rule(uint32_t rule, bool jumps) {
  const int32_t entry = plan_.rule_entry[rule];
  if (jumps && entry != ConditionPlan::kWalkTree) return jumped(entry);
  return planned(plan_.nodes.data(), plan_.rule_root[rule]);
}

void Evaluation::decide(uint32_t index) {
  const Rule& rule = model_.rules[index];
  RuleMemo& memo = rules_[index];
  memo.stamp = stamp_;
  if (!memo.problem.empty()) memo.problem.clear();
  Value* outputs = outputs_.data() + memo.first_output;
  std::fill(outputs, outputs + rule.outputs.size(), Value::missing());
  if (!rule.in_force(as_of_)) {
    memo.status = Status::not_applicable;
    return;
  }
  if (rule.table) {
    decide_table(rule, memo);
    return;
  }
  const int32_t entry = plan_.rule_entry[index];
  const Truth t = entry != ConditionPlan::kWalkTree
                      ? jumped(entry)
                      : planned(plan_.nodes.data(), plan_.rule_root[index]);
  const Status status = t == Truth::yes  ? Status::eligible
                        : t == Truth::no ? Status::not_eligible
                                         : Status::undetermined;
  memo.status = status;
  // `outputs` stays valid: outputs_ is sized once, and other rules' decide() calls that an
  // output's program makes write only their own slots. Outputs without a value keep the
  // missing filled in above.
  const OutputDef* defs = rule.outputs.data();
  const size_t count = rule.outputs.size();
  for (size_t i = 0; i < count; ++i) {
    const OutputDef& o = defs[i];
    if (status == Status::eligible || o.always)
      outputs[i] = run_inline(o.program);
    else if (status == Status::not_eligible && o.otherwise)
      outputs[i] = run_inline(*o.otherwise);
  }
}

}  // namespace entitle::engine
