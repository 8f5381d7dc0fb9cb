#include "engine/explain.hpp"

#include <algorithm>

#include "engine/table_match.hpp"

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

void add_reads(Evaluation& ev, const Reads& reads, std::vector<ReadValue>& out, ValueStore& store) {
  for (uint32_t f : reads.fields)
    out.push_back({ReadValue::Kind::field, f, 0, store.copy(ev.fields()[f]), std::nullopt});
  for (uint32_t s : reads.derived)
    out.push_back({ReadValue::Kind::derived, s, 0, store.copy(ev.derived(s)), std::nullopt});
  for (uint32_t p : reads.parameters) {
    const ParameterValue* entry = ev.parameter_entry(p);
    std::optional<Date> from;
    if (entry) from = entry->from;
    out.push_back({ReadValue::Kind::parameter, p, 0, store.copy(ev.parameter(p)), from});
  }
  for (const auto& [r, o] : reads.outputs)
    out.push_back({ReadValue::Kind::output, r, o, store.copy(ev.output(r, o)), std::nullopt});
}

// Appends c and its children to e.conditions[n...] in pre-order, reusing the traces (and
// their strings and vectors) left from the previous record.
void trace(Evaluation& ev, const Condition& c, uint32_t depth, Explanation& e, size_t& n,
           ValueStore& store) {
  if (n == e.conditions.size()) e.conditions.emplace_back();
  ConditionTrace& t = e.conditions[n++];
  t.depth = depth;
  t.kind = kind_name(c.kind);
  t.name = c.name;
  t.value = ev.condition(c);
  t.condition = &c;
  t.reads.clear();
  if (c.kind == Condition::Kind::leaf) add_reads(ev, c.reads, t.reads, store);
  for (const auto& child : c.children) trace(ev, child, depth + 1, e, n, store);
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
    trace(ev, rule.when, 0, e, n, store);
    e.conditions.resize(n);
  }
}

}  // namespace entitle::engine
