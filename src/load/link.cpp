// Pass 3: parse, check and compile every expression. Derived values and rule outputs are
// compiled on first use, so a name's type is known before anything that reads it, and a
// value that (indirectly) reads itself is reported as a cycle.
#include <algorithm>
#include <functional>
#include <set>

#include "base/echo.hpp"
#include "load/expr_checker.hpp"
#include "load/expr_compiler.hpp"
#include "expr/parser.hpp"
#include "load/linker.hpp"
#include "load/typed_values.hpp"

namespace entitle::load {

Linker::Linker(LoadState& s) : s_(s) {
  derived_state_.assign(s.model.derived.size(), State::pending);
  for (const auto& p : s.derived) derived_pending_[p.slot] = &p;
  outputs_state_.resize(s.model.rules.size());
  for (size_t i = 0; i < s.model.rules.size(); ++i)
    outputs_state_[i].assign(s.model.rules[i].outputs.size(), State::pending);
  for (const auto& p : s.rules) rule_pending_[p.slot] = &p;
}

std::optional<uint32_t> Linker::compile_expression(const yaml::Node& n, const SourceDoc& doc,
                                                   uint32_t entity, Reads& reads,
                                                   std::optional<Type> expected) {
  NodeReader r(s_.diagnostics, doc.path);
  if (!r.expect_scalar(n, "an expression")) return std::nullopt;
  expr::ExprSource source{n.text, r.at(n), n.quoted};
  auto parsed = expr::parse(n.text);
  if (auto* e = std::get_if<expr::ParseError>(&parsed)) {
    s_.diagnostics.error(source.locate(e->offset), e->message);
    return std::nullopt;
  }
  expr::Node& root = *std::get<expr::NodePtr>(parsed);
  expr::CheckContext context{s_.model, entity, *this, source, s_.diagnostics};
  if (!expr::check(root, context, reads, expected)) return std::nullopt;
  uint32_t program = expr::compile(root, source, s_.model);
  if (expected && !expected->is_error()) s_.model.programs[program].result = *expected;
  return program;
}

bool Linker::enter(const std::string& name, const SourceLocation& use) {
  // compile_order() puts what a value reads first, so compiling nests only along a cycle or
  // through decision tables; past this depth it is one of those, too long to follow.
  if (compiling_.size() >= kMaxReadDepth) {
    s_.diagnostics.error(use, "'" + name + "' is read through more than " +
                                  std::to_string(kMaxReadDepth) +
                                  " derived values and rule outputs, each reading the next; "
                                  "shorten the chain");
    return false;
  }
  auto it = std::find(compiling_.begin(), compiling_.end(), name);
  if (it == compiling_.end()) {
    compiling_.push_back(name);
    return true;
  }
  std::string chain;
  for (; it != compiling_.end(); ++it) chain += *it + " -> ";
  s_.diagnostics.error(use, "cycle: " + chain + name + " reads itself");
  return false;
}

std::optional<Type> Linker::derived_type(uint32_t slot, const SourceLocation& use) {
  if (derived_state_[slot] == State::done) return s_.model.derived[slot].type;
  if (derived_state_[slot] == State::failed) return std::nullopt;
  Derived& d = s_.model.derived[slot];
  if (!enter(d.name, use)) return std::nullopt;
  const Pending& p = *derived_pending_.at(slot);
  derived_state_[slot] = State::compiling;
  // Short form `age: expr`, or long form {expr: …, type: …, title: …}.
  NodeReader r(s_.diagnostics, p.source->path);
  const yaml::Node* expr_node = p.node;
  std::optional<Type> declared;
  if (p.node->is_map()) {
    expr_node = p.node->find("expr");
    if (const yaml::Node* t = p.node->find("type")) {
      std::string error;
      declared = parse_type(t->text, s_.model, error);
      if (!declared) r.error(*t, "derived value " + d.name + ": " + error);
    }
  }
  Reads reads;
  std::optional<uint32_t> program;
  if (expr_node) program = compile_expression(*expr_node, *p.source, d.entity, reads, declared);
  compiling_.pop_back();
  if (!program) {
    derived_state_[slot] = State::failed;
    return std::nullopt;
  }
  d.program = *program;
  d.type = s_.model.programs[*program].result;
  d.reads = std::move(reads);
  derived_state_[slot] = State::done;
  return d.type;
}

std::optional<Type> Linker::output_type(uint32_t rule_slot, uint32_t output,
                                        const SourceLocation& use) {
  Rule& rule = s_.model.rules[rule_slot];
  State& state = outputs_state_[rule_slot][output];
  if (state == State::done) return rule.outputs[output].type;
  if (state == State::failed) return std::nullopt;
  if (!enter(rule.id + "." + rule.outputs[output].name, use)) return std::nullopt;
  state = State::compiling;
  bool ok = rule.table ? compile_table(rule_slot) : compile_output(rule_slot, output);
  compiling_.pop_back();
  if (rule.table) {
    for (auto& st : outputs_state_[rule_slot]) st = ok ? State::done : State::failed;
  } else {
    state = ok ? State::done : State::failed;
  }
  if (!ok) return std::nullopt;
  return rule.outputs[output].type;
}

bool Linker::compile_output(uint32_t rule_slot, uint32_t output) {
  Rule& rule = s_.model.rules[rule_slot];
  const Pending& p = *rule_pending_.at(rule_slot);
  NodeReader r(s_.diagnostics, p.source->path);
  OutputDef& o = rule.outputs[output];
  const yaml::Node* value = p.node->find(o.always ? "always" : "outputs")->find(o.name);
  const yaml::Node* expr_node = value;
  std::optional<Type> declared;
  if (value->is_map()) {
    expr_node = r.require(*value, "expr", "output " + o.name);
    if (!expr_node) return false;
    if (auto* t = value->find("type")) {
      std::string error;
      declared = parse_type(t->text, s_.model, error);
      if (!declared) {
        r.error(*t, "output " + o.name + ": " + error);
        return false;
      }
    }
  }
  Reads reads;
  auto program = compile_expression(*expr_node, *p.source, rule.entity, reads, declared);
  if (!program) return false;
  o.program = *program;
  o.type = declared.value_or(s_.model.programs[*program].result);
  o.declared_type = declared.has_value();
  o.reads = std::move(reads);
  if (const yaml::Node* otherwise = p.node->find("otherwise")) {
    if (const yaml::Node* alt = otherwise->find(o.name)) {
      Reads alt_reads;
      auto alt_program = compile_expression(*alt, *p.source, rule.entity, alt_reads, o.type);
      if (!alt_program) return false;
      o.otherwise = *alt_program;
      o.reads.merge(alt_reads);
    }
  }
  return true;
}

bool Linker::compile_table(uint32_t rule_slot) {
  const Pending& p = *rule_pending_.at(rule_slot);
  return link_table(*this, s_, rule_slot, *p.node, *p.source);
}

// when: {all: [...]} | {any: [...]} | {not: …} | [...] (all). Items are named conditions
// `name: expr` or `name: {expr, title}`, or nested groups.
bool Linker::read_condition(const yaml::Node& n, const SourceDoc& doc, uint32_t entity,
                            Condition& out) {
  NodeReader r(s_.diagnostics, doc.path);
  out.where = r.at(n);
  if (n.is_sequence()) {
    out.kind = Condition::Kind::all;
    bool ok = true;
    for (const auto& item : n.items) {
      Condition child;
      ok = read_condition(item, doc, entity, child) && ok;
      out.children.push_back(std::move(child));
    }
    if (n.items.empty()) r.error(n, "a condition group needs at least one condition");
    return ok && !n.items.empty();
  }
  if (!n.is_map() || n.entries.size() != 1) {
    r.error(n,
            "a condition is written 'name: expression' (one per line, under all:, any: or "
            "not:)");
    return false;
  }
  const auto& [key, value] = n.entries.front();
  if (key.text == "all" || key.text == "any" || key.text == "not") {
    out.kind = key.text == "all"   ? Condition::Kind::all
               : key.text == "any" ? Condition::Kind::any
                                   : Condition::Kind::negation;
    if (out.kind == Condition::Kind::negation) {
      Condition child;
      bool ok = read_condition(value, doc, entity, child);
      out.children.push_back(std::move(child));
      return ok;
    }
    if (!r.expect_sequence(value, key.text)) return false;
    Condition group;
    bool ok = read_condition(value, doc, entity, group);
    out.children = std::move(group.children);
    return ok;
  }
  out.name = key.text;
  const yaml::Node* expr_node = &value;
  if (value.is_map()) {
    // A named group: `eligible_group: {any: [...]}`.
    if (value.find("all") || value.find("any") || value.find("not")) {
      r.check_keys(value, {"all", "any", "not", "title"}, "condition group " + key.text);
      LocalizedText title;
      if (auto* t = value.find("title")) title = r.localized(*t, "title");
      yaml::Node group;  // the group without its title, read as an unnamed group
      group.kind = yaml::Node::Kind::map;
      group.line = value.line;
      group.column = value.column;
      for (const auto& entry : value.entries)
        if (entry.key.text != "title") group.entries.push_back(entry);
      std::string name = out.name;
      bool ok = read_condition(group, doc, entity, out);
      out.name = name;
      out.title = title;
      return ok;
    }
    r.check_keys(value, {"expr", "title"}, "condition " + key.text);
    if (auto* t = value.find("title")) out.title = r.localized(*t, "title");
    expr_node = r.require(value, "expr", "condition " + key.text);
    if (!expr_node) return false;
  }
  out.kind = Condition::Kind::leaf;
  auto program =
      compile_expression(*expr_node, doc, entity, out.reads, Type::of(TypeKind::boolean));
  if (!program) return false;
  out.program = *program;
  return true;
}

void Linker::compile_rule(uint32_t slot) {
  Rule& rule = s_.model.rules[slot];
  const Pending& p = *rule_pending_.at(slot);
  for (uint32_t o = 0; o < rule.outputs.size(); ++o) output_type(slot, o, rule.where);
  if (rule.table) return;
  NodeReader r(s_.diagnostics, p.source->path);
  if (const yaml::Node* otherwise = p.node->find("otherwise")) {
    if (r.expect_map(*otherwise, "otherwise")) {
      for (const auto& [key, value] : otherwise->entries) {
        if (auto o = rule.output_index(key.text); !o)
          r.error(key,
                  "otherwise names '" + echo(key.text) + "', which is not an output of this rule");
        else if (rule.outputs[*o].always)
          r.error(key, "otherwise names '" + key.text +
                           "', which is listed under always: and "
                           "so is computed whether or not the rule holds");
      }
    }
  }
  Condition when;
  const yaml::Node& node = *p.node->find("when");
  compiling_.push_back(rule.id);
  if (read_condition(node, *p.source, rule.entity, when)) {
    if (when.kind != Condition::Kind::all || !when.name.empty()) {
      Condition top;
      top.kind = Condition::Kind::all;
      top.where = when.where;
      top.children.push_back(std::move(when));
      when = std::move(top);
    }
    rule.when = std::move(when);
  }
  compiling_.pop_back();
}

void Linker::run() {
  for (const Item& item : compile_order()) {
    if (item.derived)
      derived_type(item.slot, s_.model.derived[item.slot].where);
    else
      output_type(item.slot, item.output, s_.model.rules[item.slot].where);
  }
  for (uint32_t i = 0; i < s_.model.derived.size(); ++i) derived_type(i, s_.model.derived[i].where);
  for (uint32_t i = 0; i < s_.model.rules.size(); ++i) compile_rule(i);
}

void link(LoadState& state) {
  Linker linker(state);
  linker.run();
  if (state.diagnostics.has_errors()) return;
  if (!check_read_depth(state)) return;
  check_cross_references(state);
}

}  // namespace entitle::load
