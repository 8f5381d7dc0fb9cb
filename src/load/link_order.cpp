// The order pass 3 compiles derived values and rule outputs in. Each is compiled on first
// use, so compiling in file order would recurse once per link of a chain `d1: d0 + 1`,
// `d2: d1 + 1`, … — 40,000 links overflow the stack. Reading the names each expression
// writes first and compiling in a topological order (Kahn's algorithm) means what a value
// reads is always compiled before it: one level of recursion, linear time. The names are
// resolved the way the checker resolves them; where this order is wrong (a cycle, or a
// decision table's outputs, which are not looked into) compiling on demand still gives the
// exact result, within the depth limit of Linker::enter.
#include <algorithm>
#include <deque>
#include <functional>

#include "expr/parser.hpp"
#include "load/linker.hpp"

namespace entitle::load {

namespace {

// The expression scalar of a short `name: expr` or long `name: {expr: …}` definition.
const yaml::Node* expression_of(const yaml::Node* n) {
  if (n && n->is_map()) return n->find("expr");
  return n;
}

}  // namespace

std::vector<Linker::Item> Linker::compile_order() const {
  const Model& m = s_.model;
  const auto derived_count = static_cast<uint32_t>(m.derived.size());
  std::vector<uint32_t> first_output(m.rules.size() + 1, derived_count);
  for (uint32_t r = 0; r < m.rules.size(); ++r)
    first_output[r + 1] = first_output[r] + static_cast<uint32_t>(m.rules[r].outputs.size());
  const uint32_t count = first_output.back();

  std::vector<std::vector<uint32_t>> readers(count);  // node -> the nodes that read it
  std::vector<uint32_t> unread(count, 0);             // how many nodes it reads, not yet done
  std::vector<std::string> locals;

  // Adds an edge from `reader` to every derived value or output the expression names.
  std::function<void(const expr::Node&, uint32_t, uint32_t)> names =
      [&](const expr::Node& n, uint32_t entity, uint32_t reader) {
        if (n.kind == expr::NodeKind::lambda) locals.push_back(n.text);
        if (n.kind == expr::NodeKind::name && !n.parts.empty()) {
          const auto& parts = n.parts;
          std::optional<uint32_t> read;
          bool local = std::find(locals.begin(), locals.end(), parts[0]) != locals.end();
          if (local || m.schemas[entity].slot_of(parts[0])) {
          } else if (auto d = m.find_derived(entity, parts[0])) {
            read = *d;
          } else {
            for (size_t k = parts.size(); k >= 1; --k) {
              std::string joined = parts[0];
              for (size_t i = 1; i < k; ++i) joined += "." + parts[i];
              if (m.find_parameter(joined)) break;
              if (k < parts.size()) {
                if (auto r = m.find_rule(joined)) {
                  const Rule& rule = m.rules[*r];
                  if (rule.entity == entity && !rule.table)
                    if (auto o = rule.output_index(parts[k])) read = first_output[*r] + *o;
                  break;
                }
              }
            }
          }
          if (read && *read != reader) {
            readers[*read].push_back(reader);
            ++unread[reader];
          }
        }
        // The parser keeps trees within ParseLimits::max_height, so this recursion is shallow.
        for (const auto& child : n.children)
          if (child) names(*child, entity, reader);
        if (n.kind == expr::NodeKind::lambda) locals.pop_back();
      };
  auto scan = [&](const yaml::Node* n, uint32_t entity, uint32_t reader) {
    if (!n || !n->is_scalar()) return;
    auto parsed = expr::parse(n->text);
    if (auto* root = std::get_if<expr::NodePtr>(&parsed)) names(**root, entity, reader);
  };

  // In slot order, not the maps' order, so the compile order is the same on every run.
  for (uint32_t slot = 0; slot < derived_count; ++slot)
    if (auto it = derived_pending_.find(slot); it != derived_pending_.end())
      scan(expression_of(it->second->node), m.derived[slot].entity, slot);
  for (uint32_t slot = 0; slot < m.rules.size(); ++slot) {
    auto it = rule_pending_.find(slot);
    if (it == rule_pending_.end()) continue;
    const Pending* p = it->second;
    const Rule& rule = m.rules[slot];
    if (rule.table) continue;
    const yaml::Node* otherwise = p->node->find("otherwise");
    for (uint32_t o = 0; o < rule.outputs.size(); ++o) {
      const OutputDef& def = rule.outputs[o];
      const yaml::Node* block = p->node->find(def.always ? "always" : "outputs");
      if (!block) continue;
      scan(expression_of(block->find(def.name)), rule.entity, first_output[slot] + o);
      if (otherwise && otherwise->is_map())
        scan(otherwise->find(def.name), rule.entity, first_output[slot] + o);
    }
  }

  std::deque<uint32_t> ready;
  for (uint32_t n = 0; n < count; ++n)
    if (unread[n] == 0) ready.push_back(n);
  std::vector<Item> order;
  order.reserve(count);
  while (!ready.empty()) {
    const uint32_t n = ready.front();
    ready.pop_front();
    if (n < derived_count) {
      order.push_back({true, n, 0});
    } else {
      const auto r = static_cast<uint32_t>(
          std::upper_bound(first_output.begin(), first_output.end(), n) - first_output.begin() - 1);
      order.push_back({false, r, n - first_output[r]});
    }
    for (uint32_t reader : readers[n])
      if (--unread[reader] == 0) ready.push_back(reader);
  }
  return order;  // values left out are in or behind a cycle: run() compiles them on demand
}

}  // namespace entitle::load
