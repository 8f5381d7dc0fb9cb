// Checks that need the whole compiled rule set: which fields each condition needs (through
// derived values and other rules), parameters in force over each rule's effective period,
// and parameters nothing reads.
#include <algorithm>
#include <functional>
#include <set>

#include "base/echo.hpp"
#include "load/linker.hpp"

namespace entitle::load {

namespace {

// Chains of derived values are at most kMaxReadDepth long once linked, but rules that
// depend on each other (an error reported below, with the rest) may chain without end:
// every walk here keeps its own stack instead of recursing.
class Closure {
 public:
  explicit Closure(Model& m) : m_(m) {}

  // Fields and parameters read directly or through derived values and rule outputs.
  void of(const Reads& reads, std::set<uint32_t>& fields, std::set<uint32_t>& params) {
    std::vector<const Reads*> todo{&reads};
    while (!todo.empty()) {
      const Reads& r = *todo.back();
      todo.pop_back();
      fields.insert(r.fields.begin(), r.fields.end());
      params.insert(r.parameters.begin(), r.parameters.end());
      for (uint32_t d : r.derived)
        if (seen_derived_.insert(d).second) todo.push_back(&m_.derived[d].reads);
      for (uint32_t rule : r.rules)
        if (seen_rules_.insert(rule).second) rule_reads(m_.rules[rule], todo);
    }
  }

  void of_rule(const Rule& rule, std::set<uint32_t>& fields, std::set<uint32_t>& params) {
    std::vector<const Reads*> reads;
    rule_reads(rule, reads);
    for (const Reads* r : reads) of(*r, fields, params);
  }

  void reset() {
    seen_derived_.clear();
    seen_rules_.clear();
  }

 private:
  static void rule_reads(const Rule& rule, std::vector<const Reads*>& out) {
    for (const auto& o : rule.outputs) out.push_back(&o.reads);
    if (rule.table)
      for (const auto& in : rule.table->inputs) out.push_back(&in.reads);
    condition_reads(rule.when, out);
  }

  // Condition groups nest no deeper than their YAML (64 levels).
  static void condition_reads(const Condition& c, std::vector<const Reads*>& out) {
    if (c.kind == Condition::Kind::leaf) out.push_back(&c.reads);
    for (const auto& child : c.children) condition_reads(child, out);
  }

  Model& m_;
  std::set<uint32_t> seen_derived_, seen_rules_;
};

void fill_transitive(Closure& closure, Reads& reads) {
  std::set<uint32_t> fields, params;
  closure.reset();
  closure.of(reads, fields, params);
  reads.fields_transitive.assign(fields.begin(), fields.end());
}

void fill_condition(Closure& closure, Condition& c) {
  if (c.kind == Condition::Kind::leaf) fill_transitive(closure, c.reads);
  for (auto& child : c.children) fill_condition(closure, child);
}

// Rules read directly or through derived values (not through other rules).
void rules_read(const Model& m, const Reads& reads, std::set<uint32_t>& rules,
                std::set<uint32_t>& seen_derived) {
  std::vector<const Reads*> todo{&reads};
  while (!todo.empty()) {
    const Reads& r = *todo.back();
    todo.pop_back();
    rules.insert(r.rules.begin(), r.rules.end());
    for (uint32_t d : r.derived)
      if (seen_derived.insert(d).second) todo.push_back(&m.derived[d].reads);
  }
}

void condition_rules(const Model& m, const Condition& c, std::set<uint32_t>& rules,
                     std::set<uint32_t>& seen) {
  if (c.kind == Condition::Kind::leaf) rules_read(m, c.reads, rules, seen);
  for (const auto& child : c.children) condition_rules(m, child, rules, seen);
}

// Rules whose decisions wait on each other never finish, and a rule whose conditions read
// its own outputs would read them before they exist: both are load errors, not silent
// `undetermined` decisions.
bool check_rule_dependencies(LoadState& s) {
  const Model& m = s.model;
  const size_t errors_before = s.diagnostics.error_count();
  std::vector<std::set<uint32_t>> edges(m.rules.size());
  for (uint32_t r = 0; r < m.rules.size(); ++r) {
    const Rule& rule = m.rules[r];
    std::set<uint32_t> by_conditions, seen;
    condition_rules(m, rule.when, by_conditions, seen);
    if (rule.table)
      for (const auto& in : rule.table->inputs) rules_read(m, in.reads, by_conditions, seen);
    if (by_conditions.count(r))
      s.diagnostics.error(rule.where, "rule '" + rule.id +
                                          "' decides on its own outputs or "
                                          "status, which exist only once it is decided");
    std::set<uint32_t> by_outputs;
    for (uint32_t o = 0; o < rule.outputs.size(); ++o) {
      std::set<uint32_t> seen_o;
      rules_read(m, rule.outputs[o].reads, by_outputs, seen_o);
      // An output may read an earlier output of its own rule: they are computed in order.
      for (const auto& [other, index] : rule.outputs[o].reads.outputs)
        if (other == r && rule.outputs[o].always && !rule.outputs[index].always)
          s.diagnostics.error(rule.outputs[o].where,
                              "output '" + rule.outputs[o].name +
                                  "' is listed under always: "
                                  "but reads output '" +
                                  rule.outputs[index].name +
                                  "' of outputs:, "
                                  "which is computed only when the rule holds (or from otherwise: "
                                  "when it does not); move one of them to the other block");
        else if (other == r && index >= o)
          s.diagnostics.error(rule.outputs[o].where, "output '" + rule.outputs[o].name +
                                                         "' reads output '" +
                                                         rule.outputs[index].name +
                                                         "', which is computed after it; "
                                                         "list '" +
                                                         rule.outputs[index].name + "' first");
    }
    by_outputs.erase(r);
    edges[r] = std::move(by_conditions);
    edges[r].insert(by_outputs.begin(), by_outputs.end());
    edges[r].erase(r);
  }
  // Depth-first search for cycles, with an explicit stack: a chain of rules may be as long
  // as the rule files allow.
  enum Mark : uint8_t { unvisited, on_path, done };
  std::vector<Mark> mark(m.rules.size(), unvisited);
  std::vector<uint32_t> path, position(m.rules.size(), 0);  // position: index in path
  struct Frame {
    uint32_t rule;
    std::set<uint32_t>::const_iterator next;
  };
  std::vector<Frame> stack;
  for (uint32_t start = 0; start < m.rules.size(); ++start) {
    if (mark[start] != unvisited) continue;
    mark[start] = on_path;
    position[start] = 0;
    path.push_back(start);
    stack.push_back({start, edges[start].begin()});
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next == edges[f.rule].end()) {
        mark[f.rule] = done;
        path.pop_back();
        stack.pop_back();
        continue;
      }
      const uint32_t next = *f.next++;
      if (mark[next] == on_path) {
        // Named up to a readable length: a cycle may run through thousands of rules.
        std::string chain;
        for (size_t i = position[next]; i < path.size() && chain.size() < 1024; ++i)
          chain += echo(m.rules[path[i]].id) + " -> ";
        if (chain.size() >= 1024) chain += "\xE2\x80\xA6 -> ";
        s.diagnostics.error(m.rules[next].where,
                            "rules depend on each other: " + chain + m.rules[next].id);
      } else if (mark[next] == unvisited) {
        mark[next] = on_path;
        position[next] = static_cast<uint32_t>(path.size());
        path.push_back(next);
        stack.push_back({next, edges[next].begin()});
      }
    }
  }
  return s.diagnostics.error_count() == errors_before;
}

void mark_parameters(const Reads& r, std::vector<bool>& used) {
  for (uint32_t p : r.parameters) used[p] = true;
}

void mark_condition(const Condition& c, std::vector<bool>& used) {
  mark_parameters(c.reads, used);
  for (const auto& child : c.children) mark_condition(child, used);
}

void check_closures(LoadState& s) {
  Model& m = s.model;
  Closure closure(m);
  // Derived values in an order where those each reads come first (linking left no cycles
  // among them), each from their finished closures: a wide web of values costs its edges
  // times its fields, not values times everything each reaches.
  std::vector<std::vector<uint32_t>> readers(m.derived.size());
  std::vector<uint32_t> unread(m.derived.size(), 0);
  for (uint32_t d = 0; d < m.derived.size(); ++d)
    for (uint32_t read : m.derived[d].reads.derived)
      if (read != d) {
        readers[read].push_back(d);
        ++unread[d];
      }
  std::vector<uint32_t> ready;
  for (uint32_t d = 0; d < m.derived.size(); ++d)
    if (unread[d] == 0) ready.push_back(d);
  std::vector<bool> filled(m.derived.size(), false);
  while (!ready.empty()) {
    const uint32_t d = ready.back();
    ready.pop_back();
    Reads& reads = m.derived[d].reads;
    std::set<uint32_t> fields(reads.fields.begin(), reads.fields.end()), params;
    for (uint32_t read : reads.derived) {
      const auto& t = m.derived[read].reads.fields_transitive;
      fields.insert(t.begin(), t.end());
    }
    for (uint32_t r : reads.rules) {
      closure.reset();
      closure.of_rule(m.rules[r], fields, params);
    }
    reads.fields_transitive.assign(fields.begin(), fields.end());
    filled[d] = true;
    for (uint32_t reader : readers[d])
      if (--unread[reader] == 0) ready.push_back(reader);
  }
  for (uint32_t d = 0; d < m.derived.size(); ++d)
    if (!filled[d]) fill_transitive(closure, m.derived[d].reads);
  for (auto& rule : m.rules) {
    fill_condition(closure, rule.when);
    for (auto& o : rule.outputs) fill_transitive(closure, o.reads);
    if (rule.table)
      for (auto& in : rule.table->inputs) fill_transitive(closure, in.reads);
  }

  // A rule must not read a parameter before that parameter's first value.
  for (const auto& rule : m.rules) {
    std::set<uint32_t> fields, params;
    closure.reset();
    closure.of_rule(rule, fields, params);
    for (uint32_t p : params) {
      const Parameter& param = m.parameters[p];
      if (param.timeline.empty() || param.timeline.front().from <= rule.effective_from) continue;
      s.diagnostics.error(
          rule.where, "rule '" + rule.id + "' is in force from " + rule.effective_from.to_string() +
                          ", but parameter '" + param.name + "' has no value before " +
                          param.timeline.front().from.to_string() + " (" + param.where.file + ":" +
                          std::to_string(param.where.line) + ")");
    }
  }
}

void warn_unread_parameters(LoadState& s) {
  const Model& m = s.model;
  std::vector<bool> used(m.parameters.size(), false);
  for (const auto& d : m.derived) mark_parameters(d.reads, used);
  for (const auto& rule : m.rules) {
    mark_condition(rule.when, used);
    for (const auto& o : rule.outputs) mark_parameters(o.reads, used);
    if (rule.table)
      for (const auto& in : rule.table->inputs) mark_parameters(in.reads, used);
  }
  for (size_t p = 0; p < m.parameters.size(); ++p)
    if (!used[p])
      s.diagnostics.warning(m.parameters[p].where,
                            "parameter '" + m.parameters[p].name + "' is never read");
}

}  // namespace

void check_cross_references(LoadState& s) {
  // Rules that depend on each other have no finite closure: walking it from each of
  // thousands of rules in a cycle would cost their square, for errors already reported.
  if (check_rule_dependencies(s)) check_closures(s);
  warn_unread_parameters(s);
}

}  // namespace entitle::load
