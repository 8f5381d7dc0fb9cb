// How deep evaluation nests. Evaluating a value computes what it reads on demand, one native
// stack frame group per derived value or rule on the way, so a chain `d1: d0 + 1`,
// `d2: d1 + 1`, … as long as a rule file allows would overflow the stack of whatever thread
// evaluates it (explanations and test coverage follow the same chains). The longest chain
// is found here once, in linear time (Kahn's algorithm over what each value reads), and
// chains past kMaxReadDepth are errors at the value that goes past it.
#include <deque>

#include "load/linker.hpp"

namespace entitle::load {

namespace {

void condition_reads(const Condition& c, std::vector<const Reads*>& out) {
  if (c.kind == Condition::Kind::leaf) out.push_back(&c.reads);
  // Condition groups nest no deeper than the YAML they come from (64 levels).
  for (const auto& child : c.children) condition_reads(child, out);
}

}  // namespace

bool check_read_depth(LoadState& s) {
  const Model& m = s.model;
  const auto derived_count = static_cast<uint32_t>(m.derived.size());
  const auto count = derived_count + static_cast<uint32_t>(m.rules.size());
  // Nodes: derived values 0..D-1, then rules. A rule stands for its conditions and outputs.
  std::vector<std::vector<uint32_t>> readers(count);
  std::vector<uint32_t> unread(count, 0);
  auto add_reads = [&](uint32_t node, const Reads& r) {
    for (uint32_t d : r.derived)
      if (d != node) {
        readers[d].push_back(node);
        ++unread[node];
      }
    for (uint32_t rule : r.rules)
      if (derived_count + rule != node) {
        readers[derived_count + rule].push_back(node);
        ++unread[node];
      }
  };
  for (uint32_t d = 0; d < derived_count; ++d) add_reads(d, m.derived[d].reads);
  std::vector<const Reads*> reads;
  for (uint32_t r = 0; r < m.rules.size(); ++r) {
    const Rule& rule = m.rules[r];
    reads.clear();
    condition_reads(rule.when, reads);
    for (const auto& o : rule.outputs) reads.push_back(&o.reads);
    if (rule.table)
      for (const auto& in : rule.table->inputs) reads.push_back(&in.reads);
    for (const Reads* each : reads) add_reads(derived_count + r, *each);
  }

  std::vector<uint32_t> depth(count, 1);
  std::deque<uint32_t> ready;
  for (uint32_t n = 0; n < count; ++n)
    if (unread[n] == 0) ready.push_back(n);
  bool ok = true;
  while (!ready.empty()) {
    const uint32_t n = ready.front();
    ready.pop_front();
    if (depth[n] == kMaxReadDepth + 1) {
      // Only where the chain first goes past the limit: values after it are no news.
      ok = false;
      const std::string limit = std::to_string(kMaxReadDepth);
      if (n < derived_count)
        s.diagnostics.error(m.derived[n].where,
                            "derived value '" + m.derived[n].name + "' ends a chain of more than " +
                                limit +
                                " derived values and rules, each reading the next, "
                                "over the limit of " +
                                limit + "; shorten the chain");
      else
        s.diagnostics.error(m.rules[n - derived_count].where,
                            "rule '" + m.rules[n - derived_count].id +
                                "' ends a chain of more than " + limit +
                                " derived values and rules, each reading the next, over the "
                                "limit of " +
                                limit + "; shorten the chain");
    }
    for (uint32_t reader : readers[n]) {
      depth[reader] = std::max(depth[reader], depth[n] + 1);
      if (--unread[reader] == 0) ready.push_back(reader);
    }
  }
  // Rules left over depend on each other: check_cross_references reports them.
  return ok;
}

}  // namespace entitle::load
