// The expression syntax tree, as the parser builds it and the checker annotates it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "values/type.hpp"

namespace entitle::expr {

enum class NodeKind : uint8_t {
  number,       // 12, 0.05
  string,       // "dibao" or 'dibao'
  boolean,      // true, false
  date,         // 2024-07-01
  month,        // 2024-07
  list,         // [a, b, c]
  name,         // age, hardship_60_groups, statutory_retirement.age  (dotted path: `parts`)
  member,       // (expr).field
  call,         // round(x, 2, half_up); `text` is the function name
  lambda,       // h -> h.months  (only as a function argument); `text` is the parameter
  unary,        // not x, -x
  binary,       // x + y, x and y, x in list
  conditional,  // if c then a else b
};

enum class Operator : uint8_t {
  none,
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
  in,
  not_in,
  logical_and,
  logical_or,
  logical_not,
};

const char* operator_text(Operator op);

// What a name resolved to (filled in by the checker).
enum class Binding : uint8_t {
  unresolved,
  field,         // a field of the entity being evaluated: `index` = field slot
  derived,       // a derived value: `index` = derived slot
  parameter,     // `index` = parameter slot
  rule_output,   // another rule's output: `index` = rule slot, `sub` = output index
  rule_status,   // `<rule id>.eligible`: `index` = rule slot
  local,         // a lambda parameter: `index` = nesting depth
  as_of,         // the evaluation date
  enum_literal,  // a bare enum value compared against an enum: `index` = value index
};

struct Node {
  NodeKind kind = NodeKind::number;
  Operator op = Operator::none;
  uint32_t offset = 0;  // byte offset into the expression text, for errors
  uint32_t length = 0;
  std::string text;                // literal text, function name, member name, lambda param
  std::vector<std::string> parts;  // name: the dotted path as written
  std::vector<std::unique_ptr<Node>> children;

  // Annotations from the checker.
  Type type;
  Binding binding = Binding::unresolved;
  uint32_t index = 0;
  uint32_t sub = 0;
  uint32_t members_from = 0;           // name: parts[members_from..] are record field accesses
  std::vector<uint32_t> member_slots;  // name/member: record field slots for those accesses
};

using NodePtr = std::unique_ptr<Node>;

}  // namespace entitle::expr
