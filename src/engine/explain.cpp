#include "engine/explain.hpp"

#include <algorithm>

#include "model/table_match.hpp"

namespace entitle::engine {

namespace {

void add_unique(std::vector<uint32_t>& v, uint32_t x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

void missing_from_reads(Evaluation& ev, const Reads& reads, Decision& d) {
  for (uint32_t f : reads.fields_transitive)
    if (ev.fields()[f].is_missing()) add_unique(d.missing_fields, f);
  for (uint32_t p : reads.parameters)
    if (ev.parameter(p).is_missing()) add_unique(d.missing_parameters, p);
}

void missing_from_condition(Evaluation& ev, const Condition& c, Decision& d) {
  if (c.kind == Condition::Kind::leaf) {
    if (ev.condition(c) == Truth::unknown) missing_from_reads(ev, c.reads, d);
    return;
  }
  for (const auto& child : c.children) missing_from_condition(ev, child, d);
}

const char* kind_name(Condition::Kind k) {
  switch (k) {
    case Condition::Kind::leaf: return "condition";
    case Condition::Kind::all: return "all";
    case Condition::Kind::any: return "any";
    case Condition::Kind::negation: return "not";
  }
  return "condition";
}

// A read value as the explanation keeps it. Only strings, lists and records point into
// memory that may not outlive the evaluation (the record, the scratch store, an override).
Value kept(const Value& v, ValueStore& store) {
  constexpr uint32_t kPointing = 1u << static_cast<uint32_t>(ValueKind::string) |
                                 1u << static_cast<uint32_t>(ValueKind::list) |
                                 1u << static_cast<uint32_t>(ValueKind::record);
  return (kPointing >> static_cast<uint32_t>(v.kind)) & 1u ? store.copy(v) : v;
}

void add_reads(Evaluation& ev, const Reads& reads, std::vector<ReadValue>& out, ValueStore& store) {
  for (uint32_t f : reads.fields)
    out.push_back({ReadValue::Kind::field, f, 0, kept(ev.fields()[f], store), std::nullopt});
  for (uint32_t s : reads.derived)
    out.push_back({ReadValue::Kind::derived, s, 0, kept(ev.derived(s), store), std::nullopt});
  for (uint32_t p : reads.parameters) {
    const ParameterValue* entry = ev.parameter_entry(p);
    std::optional<Date> from;
    if (entry) from = entry->from;
    // A value from the parameter's timeline lives in the model, as the trace's Condition
    // pointers do; only an override (no entry) may point into the caller's memory.
    const Value v = ev.parameter(p);
    out.push_back({ReadValue::Kind::parameter, p, 0, entry ? v : kept(v, store), from});
  }
  for (const auto& [r, o] : reads.outputs)
    out.push_back({ReadValue::Kind::output, r, o, kept(ev.output(r, o), store), std::nullopt});
}

// The trace of c, without its value and reads, at e.conditions[n]; reuses the trace left
// there from the previous record (and its strings and vectors).
ConditionTrace& open_trace(const Condition& c, uint32_t depth, Explanation& e, size_t& n) {
  if (n == e.conditions.size()) e.conditions.emplace_back();
  ConditionTrace& t = e.conditions[n++];
  t.depth = depth;
  // The same Condition as last time: kind and name already hold its strings.
  if (t.condition != &c) {
    t.kind = kind_name(c.kind);
    t.name = c.name;
    t.condition = &c;
  }
  t.reads.clear();
  return t;
}

// Appends c and its children to e.conditions[n...] in pre-order, each group's value from
// its own evaluation, as condition() gives it. The reference for trace() below, and its
// fallback when a leaf throws.
void trace_by_condition(Evaluation& ev, const Condition& c, uint32_t depth, Explanation& e,
                        size_t& n, ValueStore& store) {
  ConditionTrace& t = open_trace(c, depth, e, n);
  t.value = ev.condition(c);
  if (c.kind == Condition::Kind::leaf) add_reads(ev, c.reads, t.reads, store);
  for (const auto& child : c.children) trace_by_condition(ev, child, depth + 1, e, n, store);
}

// As trace_by_condition, but a group's value is its traced children's, combined with Kleene
// and/or/not: every child is traced anyway, so each leaf runs once instead of once per
// enclosing group. Without its short-circuits the combination is condition()'s value, as
// long as no leaf throws (then the caller traces by condition() again, for the same error).
Truth trace(Evaluation& ev, const Condition& c, uint32_t depth, Explanation& e, size_t& n,
            ValueStore& store) {
  const size_t at = n;
  ConditionTrace& t = open_trace(c, depth, e, n);
  if (c.kind == Condition::Kind::leaf) {
    t.value = ev.condition(c);
    add_reads(ev, c.reads, t.reads, store);
    return t.value;
  }
  // `t` may move as children are appended: the value is stored through `at`.
  Truth value = c.kind == Condition::Kind::any ? Truth::no : Truth::yes;
  for (const auto& child : c.children) {
    const Truth v = trace(ev, child, depth + 1, e, n, store);
    switch (c.kind) {
      case Condition::Kind::all:
        if (v == Truth::no)
          value = Truth::no;
        else if (v == Truth::unknown && value != Truth::no)
          value = Truth::unknown;
        break;
      case Condition::Kind::any:
        if (v == Truth::yes)
          value = Truth::yes;
        else if (v == Truth::unknown && value != Truth::yes)
          value = Truth::unknown;
        break;
      default:  // negation: one child
        value = v == Truth::unknown ? v : v == Truth::yes ? Truth::no : Truth::yes;
        break;
    }
  }
  e.conditions[at].value = value;
  return value;
}

}  // namespace

bool output_expected(const Rule& rule, uint32_t o, Status s) {
  const OutputDef& out = rule.outputs[o];
  return s == Status::eligible || (out.always && s != Status::not_applicable) ||
         (s == Status::not_eligible && out.otherwise);
}

void collect_missing(Evaluation& ev, const Rule& rule, Decision& d) {
  for (uint32_t o = 0; o < rule.outputs.size(); ++o)
    if (output_expected(rule, o, d.status) && d.outputs[o].is_missing())
      missing_from_reads(ev, rule.outputs[o].reads, d);
  if (d.status != Status::undetermined) return;
  if (rule.table) {
    for (const auto& input : rule.table->inputs)
      if (ev.run(input.program).is_missing()) missing_from_reads(ev, input.reads, d);
    return;
  }
  missing_from_condition(ev, rule.when, d);
}

void explain(Evaluation& ev, const Rule& rule, Decision& d, ValueStore& store) {
  // The explanation left from the previous record is refilled in place, so a warm evaluator
  // explaining records stops allocating for the trace structure itself.
  Explanation& e = d.explanation ? *d.explanation : d.explanation.emplace();
  if (rule.table) {
    e.conditions.clear();
    TableTrace& t = e.table ? *e.table : e.table.emplace();
    t.inputs.clear();
    t.matched_rows.clear();
    const DecisionTable& table = *rule.table;
    for (const auto& input : table.inputs) t.inputs.push_back(store.copy(ev.run(input.program)));
    for (uint32_t r = 0; r < table.rows.size(); ++r)
      if (row_matches(table.rows[r], t.inputs.data()) == Truth::yes) t.matched_rows.push_back(r);
  } else {
    e.table.reset();
    size_t n = 0;
    try {
      trace(ev, rule.when, 0, e, n, store);
    } catch (const std::exception&) {
      n = 0;
      trace_by_condition(ev, rule.when, 0, e, n, store);
    }
    e.conditions.resize(n);
  }
}

}  // namespace entitle::engine
