// Each rule's `when` tree flattened, with its leaves' expressions, into one array of tests.
//
// Deciding a rule then walks one array instead of calling condition() and run() for every
// leaf: `age >= 60` becomes one node that loads the slot and compares with the constant, and
// a leaf such as `age >= 16 and age < 60` becomes an `all` group of two such nodes. Any
// expression that is not only and/or/not over loads compared with constants stays one
// `program` node, run as before (its errors keep their source location).
//
// The plan gives exactly the Truth condition() gives (Kleene logic, the same evaluation order
// and short-circuits), but records no per-leaf outcome: explanations and `entitle test
// --coverage` evaluate the Condition tree itself.
#pragma once

#include <cstdint>
#include <vector>

#include "entitle/value.hpp"
#include "expr/program.hpp"

namespace entitle {
struct Model;
struct Condition;
}  // namespace entitle

namespace entitle::engine {

struct PlanNode {
  enum class Kind : uint8_t {
    all,       // children follow; Kleene and, stops at the first no
    any,       // Kleene or, stops at the first yes
    negation,  // one child follows
    // Leaves: every kind from here on (Evaluation::planned relies on the order).
    test,         // a boolean load
    not_test,     // not of a boolean load
    compare,      // load <cmp> constant
    in_list,      // load in constant list
    not_in_list,  // load not in constant list
    any_in,       // any_in(load, load2): a list shares an element with another
    all_in,       // all_in(load, load2)
    program,      // any other expression: run it
  };
  Kind kind = Kind::program;
  // The commonest leaves, which Evaluation::jumped tests without tested()'s chain of
  // checks; `general` for every other node.
  enum class Fast : uint8_t {
    general,
    field_bool,       // test or not_test of a field
    field_compare,    // compare of a field with a constant that is not missing
    derived_compare,  // compare of a derived value with a constant that is not missing
  };
  Fast fast = Fast::general;
  expr::OpCode load = expr::OpCode::load_field;  // load_field, load_derived or load_param
  expr::OpCode cmp = expr::OpCode::equal;
  // compare: which results of compare_values make the comparison hold, bit c + 1 for c in
  // -1, 0, 1 (`>=` is 0b110); test: 0b10, not_test: 0b01, so bit `boolean` says it holds.
  uint8_t holds = 0;
  uint32_t slot = 0;  // the loaded slot; program nodes: the program index
  uint32_t end = 0;   // index one past this node's subtree
  expr::OpCode load2 = expr::OpCode::load_field;  // any_in/all_in: the second list
  uint32_t slot2 = 0;
  Value constant;
};

// A leaf of the plan with where to go on each of its outcomes: the tree compiled to jumps,
// so deciding a rule is a loop over tests with no recursion and no group loops. A target
// below zero ends the walk: -1 - t is the rule's Truth t.
struct PlanStep {
  uint32_t leaf = 0;     // the tested leaf, an index in ConditionPlan::nodes
  int32_t next[3] = {};  // by the leaf's Truth: no, yes, unknown
};

struct ConditionPlan {
  std::vector<PlanNode> nodes;
  std::vector<uint32_t> rule_root;  // each rule's `when` root in nodes
  // Each rule's tree as jumps. An `all` group whose earlier child was unknown goes on with
  // the rest of the group in an "unknown seen" copy (likewise `any`), so a deeply nested
  // tree could grow large: a rule whose steps would pass kMaxSteps keeps the tree walk.
  std::vector<PlanStep> steps;
  // Each rule's first step (below zero: the rule's Truth without a test, as for steps), or
  // kWalkTree: walk nodes from rule_root instead.
  std::vector<int32_t> rule_entry;
  static constexpr size_t kMaxSteps = 256;
  static constexpr int32_t kWalkTree = INT32_MIN;
};

ConditionPlan build_condition_plan(const Model& model);

}  // namespace entitle::engine
