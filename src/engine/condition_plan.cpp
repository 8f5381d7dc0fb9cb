#include "engine/condition_plan.hpp"

#include <optional>
#include <utility>

#include "entitle/decision.hpp"
#include "expr/functions.hpp"
#include "model/model.hpp"

namespace entitle::engine {

namespace {

using expr::OpCode;

bool is_load(OpCode op) {
  return op == OpCode::load_field || op == OpCode::load_derived || op == OpCode::load_param;
}

bool is_comparison(OpCode op) {
  return op == OpCode::equal || op == OpCode::not_equal || op == OpCode::less ||
         op == OpCode::less_equal || op == OpCode::greater || op == OpCode::greater_equal;
}

// A node with its children, before flattening.
struct Tree {
  PlanNode node;
  std::vector<Tree> children;
};

Tree leaf_node(PlanNode::Kind kind, OpCode load, uint32_t slot) {
  Tree t;
  t.node.kind = kind;
  t.node.load = load;
  t.node.slot = slot;
  if (kind == PlanNode::Kind::test) t.node.holds = 0b10;
  if (kind == PlanNode::Kind::not_test) t.node.holds = 0b01;
  return t;
}

// The results of compare_values (-1, 0, 1 as bits 0, 1, 2) for which `op` holds.
uint8_t outcomes(OpCode op) {
  switch (op) {
    case OpCode::equal: return 0b010;
    case OpCode::not_equal: return 0b101;
    case OpCode::less: return 0b001;
    case OpCode::less_equal: return 0b011;
    case OpCode::greater: return 0b100;
    default: return 0b110;  // greater_equal
  }
}

// What the compiled code leaves on the stack, read back symbolically.
struct Item {
  enum class Kind { load, constant, tree } kind;
  OpCode op = OpCode::load_field;
  uint32_t slot = 0;
  Value value;
  Tree tree;
};

// The item as a boolean test; nullopt when it is a constant (left to the VM).
std::optional<Tree> as_test(Item& item) {
  if (item.kind == Item::Kind::tree) return std::move(item.tree);
  if (item.kind == Item::Kind::load) return leaf_node(PlanNode::Kind::test, item.op, item.slot);
  return std::nullopt;
}

// The program as a tree of tests, or nullopt when it is anything but and/or/not over loads
// compared with constants. The compiler emits `a and b` as a; and_short L; b; and_combine; L:
// (likewise `or`), which is Kleene and/or with the all/any groups' short-circuit.
std::optional<Tree> decompile(const expr::Program& p) {
  std::vector<Item> stack;
  for (const expr::Instruction& in : p.code) {
    if (is_load(in.op)) {
      stack.push_back(Item{Item::Kind::load, in.op, in.a, {}, {}});
    } else if (in.op == OpCode::push_const) {
      stack.push_back(Item{Item::Kind::constant, in.op, 0, p.constants[in.a], {}});
    } else if (is_comparison(in.op) || in.op == OpCode::in_list || in.op == OpCode::not_in_list) {
      if (stack.size() < 2) return std::nullopt;
      Item b = std::move(stack.back());
      stack.pop_back();
      Item& a = stack.back();
      if (a.kind != Item::Kind::load || b.kind != Item::Kind::constant) return std::nullopt;
      const bool list_op = !is_comparison(in.op);
      if (list_op && !b.value.is_missing() && b.value.kind != ValueKind::list) return std::nullopt;
      Tree t = leaf_node(!list_op                   ? PlanNode::Kind::compare
                         : in.op == OpCode::in_list ? PlanNode::Kind::in_list
                                                    : PlanNode::Kind::not_in_list,
                         a.op, a.slot);
      t.node.cmp = in.op;
      t.node.holds = outcomes(in.op);
      t.node.constant = b.value;
      a = Item{Item::Kind::tree, a.op, 0, {}, std::move(t)};
    } else if (in.op == OpCode::logical_not) {
      if (stack.empty()) return std::nullopt;
      Item& a = stack.back();
      if (a.kind == Item::Kind::load) {
        a = Item{Item::Kind::tree, a.op, 0, {}, leaf_node(PlanNode::Kind::not_test, a.op, a.slot)};
      } else if (a.kind == Item::Kind::tree) {
        Tree t;
        t.node.kind = PlanNode::Kind::negation;
        t.children.push_back(std::move(a.tree));
        a.tree = std::move(t);
      } else {
        return std::nullopt;
      }
    } else if (in.op == OpCode::call && in.b == 2 &&
               (in.a == static_cast<uint32_t>(expr::Function::any_in) ||
                in.a == static_cast<uint32_t>(expr::Function::all_in))) {
      if (stack.size() < 2) return std::nullopt;
      Item b = std::move(stack.back());
      stack.pop_back();
      Item& a = stack.back();
      if (a.kind != Item::Kind::load || b.kind != Item::Kind::load) return std::nullopt;
      const bool any = in.a == static_cast<uint32_t>(expr::Function::any_in);
      Tree t = leaf_node(any ? PlanNode::Kind::any_in : PlanNode::Kind::all_in, a.op, a.slot);
      t.node.load2 = b.op;
      t.node.slot2 = b.slot;
      a = Item{Item::Kind::tree, a.op, 0, {}, std::move(t)};
    } else if (in.op == OpCode::and_short || in.op == OpCode::or_short) {
      continue;  // the jump lands after the matching combine
    } else if (in.op == OpCode::and_combine || in.op == OpCode::or_combine) {
      if (stack.size() < 2) return std::nullopt;
      Item b = std::move(stack.back());
      stack.pop_back();
      Item& a = stack.back();
      auto left = as_test(a);
      auto right = as_test(b);
      if (!left || !right) return std::nullopt;
      Tree t;
      t.node.kind = in.op == OpCode::and_combine ? PlanNode::Kind::all : PlanNode::Kind::any;
      t.children.push_back(std::move(*left));
      t.children.push_back(std::move(*right));
      a = Item{Item::Kind::tree, a.op, 0, {}, std::move(t)};
    } else {
      return std::nullopt;
    }
  }
  if (stack.size() != 1) return std::nullopt;
  return as_test(stack.back());
}

Tree plan_of(const Model& model, const Condition& c) {
  Tree t;
  switch (c.kind) {
    case Condition::Kind::leaf: {
      if (auto tree = decompile(model.programs[c.program])) return std::move(*tree);
      t.node.kind = PlanNode::Kind::program;
      t.node.slot = c.program;
      return t;
    }
    case Condition::Kind::all: t.node.kind = PlanNode::Kind::all; break;
    case Condition::Kind::any: t.node.kind = PlanNode::Kind::any; break;
    case Condition::Kind::negation: t.node.kind = PlanNode::Kind::negation; break;
  }
  for (const auto& child : c.children) t.children.push_back(plan_of(model, child));
  return t;
}

void flatten(const Tree& t, std::vector<PlanNode>& out) {
  const size_t at = out.size();
  out.push_back(t.node);
  for (const auto& child : t.children) flatten(child, out);
  out[at].end = static_cast<uint32_t>(out.size());
}

// Compiles plan trees to PlanSteps, given where each outcome goes (a step index, or -1 - t
// for the end with Truth t). Steps are emitted after their successors; a node compiled
// twice with the same targets (the "unknown seen" copies often coincide) is shared.
class JumpCompiler {
 public:
  JumpCompiler(const std::vector<PlanNode>& nodes, std::vector<PlanStep>& steps, size_t limit)
      : nodes_(nodes), steps_(steps), limit_(limit) {}

  // The entry of node `at` going to `yes`, `no` or `unknown`; nullopt past the step limit.
  std::optional<int32_t> compile(uint32_t at, int32_t yes, int32_t no, int32_t unknown) {
    const Key key{at, yes, no, unknown};
    for (const auto& [k, entry] : done_)
      if (k == key) return entry;
    std::optional<int32_t> entry = emit(at, yes, no, unknown);
    if (entry) done_.push_back({key, *entry});
    return entry;
  }

 private:
  struct Key {
    uint32_t at;
    int32_t yes, no, unknown;
    bool operator==(const Key&) const = default;
  };

  std::optional<int32_t> emit(uint32_t at, int32_t yes, int32_t no, int32_t unknown) {
    const PlanNode& n = nodes_[at];
    if (n.kind >= PlanNode::Kind::test) {
      if (steps_.size() >= limit_) return std::nullopt;
      PlanStep s;
      s.leaf = at;
      s.next[static_cast<int>(Truth::no)] = no;
      s.next[static_cast<int>(Truth::yes)] = yes;
      s.next[static_cast<int>(Truth::unknown)] = unknown;
      steps_.push_back(s);
      return static_cast<int32_t>(steps_.size() - 1);
    }
    if (n.kind == PlanNode::Kind::negation) return compile(at + 1, no, yes, unknown);
    // all: a no ends it; past an unknown its yes becomes unknown. any: the mirror image.
    const bool all = n.kind == PlanNode::Kind::all;
    std::vector<uint32_t> children;
    for (uint32_t i = at + 1; i < n.end; i = nodes_[i].end) children.push_back(i);
    // The rest of the group from child i on, as the group's own outcome would go (clean)
    // and once an earlier child was unknown (seen).
    int32_t clean = all ? yes : no;
    int32_t seen = unknown;
    for (size_t i = children.size(); i-- > 0;) {
      const int32_t decided = all ? no : yes;  // the outcome that ends the group
      auto c = all ? compile(children[i], clean, decided, seen)
                   : compile(children[i], decided, clean, seen);
      if (!c) return std::nullopt;
      if (i > 0) {
        auto s = all ? compile(children[i], seen, decided, seen)
                     : compile(children[i], decided, seen, seen);
        if (!s) return std::nullopt;
        seen = *s;
      }
      clean = *c;
    }
    return clean;
  }

  const std::vector<PlanNode>& nodes_;
  std::vector<PlanStep>& steps_;
  size_t limit_;
  std::vector<std::pair<Key, int32_t>> done_;
};

int32_t end_with(Truth t) { return -1 - static_cast<int32_t>(t); }

}  // namespace

ConditionPlan build_condition_plan(const Model& model) {
  ConditionPlan plan;
  plan.rule_root.reserve(model.rules.size());
  for (const Rule& rule : model.rules) {
    plan.rule_root.push_back(static_cast<uint32_t>(plan.nodes.size()));
    flatten(plan_of(model, rule.when), plan.nodes);
  }
  for (PlanNode& n : plan.nodes) {
    using Kind = PlanNode::Kind;
    using Fast = PlanNode::Fast;
    if ((n.kind == Kind::test || n.kind == Kind::not_test) && n.load == OpCode::load_field)
      n.fast = Fast::field_bool;
    else if (n.kind == Kind::compare && !n.constant.is_missing() && n.load == OpCode::load_field)
      n.fast = Fast::field_compare;
    else if (n.kind == Kind::compare && !n.constant.is_missing() && n.load == OpCode::load_derived)
      n.fast = Fast::derived_compare;
  }
  for (uint32_t root : plan.rule_root) {
    const size_t first = plan.steps.size();
    JumpCompiler jumps(plan.nodes, plan.steps, first + ConditionPlan::kMaxSteps);
    auto entry =
        jumps.compile(root, end_with(Truth::yes), end_with(Truth::no), end_with(Truth::unknown));
    if (!entry) plan.steps.resize(first);
    plan.rule_entry.push_back(entry ? *entry : ConditionPlan::kWalkTree);
  }
  return plan;
}

}  // namespace entitle::engine
