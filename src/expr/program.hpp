// A compiled expression: flat bytecode for a small stack machine.
//
// Names are resolved to slots at compile time, so evaluation does no lookups; constants are
// pre-built values; the stack depth is known, so the evaluator never grows a stack per record.
#pragma once

#include <cstdint>
#include <vector>

#include "base/diagnostics.hpp"
#include "entitle/value.hpp"
#include "values/type.hpp"

namespace entitle::expr {

enum class OpCode : uint8_t {
  push_const,    // a: constant index
  load_field,    // a: field slot of the entity being evaluated
  load_derived,  // a: derived slot
  load_param,    // a: parameter slot
  load_output,   // a: rule slot, b: output index
  load_status,   // a: rule slot; true when eligible, false when not, missing when undetermined
  param_at,      // a: parameter slot; replaces the date on top with the value in force then
  rule_at,       // a: rule slot, b: output index (kStatusAt: the status); replaces the date on
                 // top with what that rule decides for this record on that date
  load_local,    // a: lambda nesting depth (0 = outermost)
  load_as_of,
  get_member,  // a: field slot in the record on top of the stack
  add,
  subtract,
  multiply,
  divide,
  negate,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  in_list,
  not_in_list,
  logical_not,
  and_short,    // top is false: jump to a, leaving it; otherwise fall through
  and_combine,  // pop b, pop a, push Kleene a and b
  or_short,     // top is true: jump to a, leaving it
  or_combine,
  branch,     // pop cond; true: fall through; false: jump a; missing: push missing, jump b
  jump,       // a: target
  make_list,  // a: element count
  call,       // a: function id, b: argument count
  aggregate,  // a: lambda program index (UINT32_MAX: none), b: function id
};

// rule_at's b for `at(<rule id>.eligible, date)`.
inline constexpr uint16_t kStatusAt = UINT16_MAX;

struct Instruction {
  OpCode op;
  uint16_t b = 0;
  uint32_t a = 0;
};

// Programs simple enough that the evaluator runs them without a stack frame. Leaf conditions
// and outputs are mostly one of these (`age >= 60`, `hukou_local`, `not receiving_pension`,
// a constant `otherwise`); the bytecode stays the same, so tools that read it need not care.
enum class Shape : uint8_t {
  general,
  single,          // one push_const, load_field, load_derived or load_param
  compare_const,   // load_field/derived/param; push_const; a comparison
  not_load,        // load_field/derived/param; logical_not
  call_args,       // up to 4 of push_const, load_field/derived/param, load_as_of; one call of
                   // them all
  years_to_as_of,  // load_field/derived/param; load_as_of; call years_between: an age
};

struct Program {
  std::vector<Instruction> code;
  std::vector<uint32_t> offsets;  // source offset of each instruction, for runtime errors
  std::vector<Value> constants;
  uint32_t max_stack = 0;
  Type result;
  SourceLocation where;  // start of the expression text
  std::string text;      // the expression as written, for explanations
  uint32_t quoted = 0;   // 1 when the YAML scalar was quoted (column shift for errors)
  Shape shape = Shape::general;
  bool is_lambda = false;
  uint32_t local_depth = 0;  // lambdas: the slot of their parameter among the frame's locals
};

}  // namespace entitle::expr
