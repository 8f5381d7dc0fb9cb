#include "engine/param_hoist.hpp"

#include <algorithm>
#include <optional>

#include "load/expr_compiler.hpp"
#include "model/model.hpp"

namespace entitle::engine {

namespace {

using expr::Instruction;
using expr::OpCode;
using expr::Program;

bool is_arithmetic(OpCode op) {
  return op == OpCode::add || op == OpCode::subtract || op == OpCode::multiply ||
         op == OpCode::divide;
}

// How many values the instruction pops (it then pushes one). nullopt: a jump.
std::optional<uint32_t> pops(const Instruction& in) {
  switch (in.op) {
    case OpCode::push_const:
    case OpCode::load_field:
    case OpCode::load_derived:
    case OpCode::load_param:
    case OpCode::load_output:
    case OpCode::load_status:
    case OpCode::load_local:
    case OpCode::load_as_of: return 0;
    case OpCode::param_at:
    case OpCode::rule_at:
    case OpCode::get_member:
    case OpCode::negate:
    case OpCode::logical_not:
    case OpCode::aggregate: return 1;
    case OpCode::add:
    case OpCode::subtract:
    case OpCode::multiply:
    case OpCode::divide:
    case OpCode::equal:
    case OpCode::not_equal:
    case OpCode::less:
    case OpCode::less_equal:
    case OpCode::greater:
    case OpCode::greater_equal:
    case OpCode::in_list:
    case OpCode::not_in_list:
    case OpCode::and_combine:
    case OpCode::or_combine: return 2;
    case OpCode::make_list: return in.a;
    case OpCode::call: return in.b;
    default: return std::nullopt;
  }
}

// A value on the symbolic stack: computed from parameters and constants only, from
// instructions [start, end), with at least one operation among them (`op`)?
struct Entry {
  bool parameters_only = false;
  bool op = false;
  uint32_t start = 0, end = 0;
};

struct Range {
  uint32_t start, end;
};

// The maximal parameter-only ranges worth hoisting, in code order; nullopt when the
// program has jumps.
std::optional<std::vector<Range>> ranges_of(const Program& p) {
  std::vector<Entry> stack;
  std::vector<Range> ranges;
  auto consume = [&](const Entry& e) {
    if (e.parameters_only && e.op) ranges.push_back({e.start, e.end});
  };
  for (uint32_t i = 0; i < p.code.size(); ++i) {
    const Instruction& in = p.code[i];
    const auto n = pops(in);
    if (!n || *n > stack.size()) return std::nullopt;
    if (in.op == OpCode::push_const || in.op == OpCode::load_param) {
      stack.push_back({true, false, i, i + 1});
      continue;
    }
    std::vector<Entry> args(stack.end() - *n, stack.end());
    stack.resize(stack.size() - *n);
    const bool hoistable =
        (is_arithmetic(in.op) || in.op == OpCode::negate) &&
        std::all_of(args.begin(), args.end(), [](const Entry& e) { return e.parameters_only; });
    if (hoistable) {
      stack.push_back({true, true, args.front().start, i + 1});
      continue;
    }
    for (const Entry& e : args) consume(e);
    stack.push_back({false, false, i, i + 1});
  }
  for (const Entry& e : stack) consume(e);
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.start < b.start; });
  return ranges;
}

// The deepest stack instructions [start, end) reach.
uint32_t depth_of(const Program& p, uint32_t start, uint32_t end) {
  uint32_t depth = 0, deepest = 0;
  for (uint32_t i = start; i < end; ++i) {
    depth = depth - *pops(p.code[i]) + 1;
    deepest = std::max(deepest, depth);
  }
  return deepest;
}

}  // namespace

std::vector<HoistedProgram> hoist_parameter_expressions(const Model& model) {
  std::vector<HoistedProgram> out;
  for (uint32_t index = 0; index < model.programs.size(); ++index) {
    const Program& p = model.programs[index];
    if (p.is_lambda || p.shape != expr::Shape::general) continue;
    if (p.offsets.size() != p.code.size()) continue;  // keeps error locations aligned
    const auto ranges = ranges_of(p);
    if (!ranges || ranges->empty()) continue;
    HoistedProgram h;
    h.program = index;
    h.code = p;
    h.code.code.clear();
    h.code.offsets.clear();
    h.first_hoisted = static_cast<uint32_t>(p.constants.size());
    size_t next = 0;
    for (uint32_t i = 0; i < p.code.size();) {
      const uint32_t offset = p.offsets[i];
      if (next < ranges->size() && (*ranges)[next].start == i) {
        const Range r = (*ranges)[next++];
        Program range;
        range.code.assign(p.code.begin() + r.start, p.code.begin() + r.end);
        range.offsets.assign(p.offsets.begin() + r.start, p.offsets.begin() + r.end);
        range.constants = p.constants;
        range.max_stack = depth_of(p, r.start, r.end);
        range.result = p.result;
        range.where = p.where;
        range.text = p.text;
        range.quoted = p.quoted;
        const auto slot = static_cast<uint32_t>(h.code.constants.size());
        h.code.constants.push_back(Value::missing());
        h.code.code.push_back(Instruction{OpCode::push_const, 0, slot});
        h.code.offsets.push_back(offset);
        h.ranges.push_back(std::move(range));
        i = r.end;
        continue;
      }
      h.code.code.push_back(p.code[i]);
      h.code.offsets.push_back(offset);
      ++i;
    }
    // `clamp(wage, rate * a, rate * b)` is left a call of a load and two constants.
    h.code.shape = expr::shape_of(h.code.code);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace entitle::engine
