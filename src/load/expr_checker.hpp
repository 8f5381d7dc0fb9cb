// Checks an expression against the rule set: resolves every name to a slot, infers and
// checks types, and turns enum values written as strings into enum constants. Every problem
// is reported with file:line:col; checking goes on after an error to find the rest.
#pragma once

#include <cstdint>
#include <optional>

#include "base/diagnostics.hpp"
#include "expr/ast.hpp"
#include "expr/source.hpp"
#include "model/model.hpp"

namespace entitle::expr {

// Types of derived values and rule outputs, which may need compiling first. The rule-set
// linker implements it, compiling on demand and reporting cycles.
class Resolver {
 public:
  virtual ~Resolver() = default;
  // nullopt when the value has no type (its error, or a cycle, is already reported).
  virtual std::optional<Type> derived_type(uint32_t slot, const SourceLocation& use) = 0;
  virtual std::optional<Type> output_type(uint32_t rule, uint32_t output,
                                          const SourceLocation& use) = 0;
};

struct CheckContext {
  const Model& model;
  uint32_t entity;  // schema index of the entity the expression is evaluated for
  Resolver& resolver;
  const ExprSource& source;
  Diagnostics& diagnostics;
};

// Annotates `root` in place. `expected` (if given) is the type the context wants, used to
// read enum values written as strings or bare words and to type empty lists; it is checked.
// Returns false when any error was reported. Direct reads are added to `reads`.
bool check(Node& root, CheckContext& context, Reads& reads,
           std::optional<Type> expected = std::nullopt);

// The common numeric type of two operands of + - and branches: money wins, then decimal.
Type unify_numeric(Type a, Type b);

}  // namespace entitle::expr
