// Turns a checked expression tree into a Program (see program.hpp) appended to the model.
#pragma once

#include <cstdint>

#include "expr/ast.hpp"
#include "expr/source.hpp"
#include "model/model.hpp"

namespace entitle::expr {

// `root` must have passed check(). Returns the index of the new program in model.programs.
// Lambda bodies become programs of their own, compiled first.
uint32_t compile(const Node& root, const ExprSource& source, Model& model);

// The Shape that lets the evaluator run `code` without a frame (Shape::general if none).
Shape shape_of(const std::vector<Instruction>& code);

}  // namespace entitle::expr
