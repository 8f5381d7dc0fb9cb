// Parses expression text into a syntax tree. Grammar and precedence: docs/language.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "expr/ast.hpp"

namespace entitle::expr {

struct ParseLimits {
  uint32_t max_length = 4096;  // bytes of expression text
  uint32_t max_depth = 64;     // nested sub-expressions
  // Levels of the syntax tree, where each operator of a chain like `a + b + c` is one more
  // (max_depth does not count them). Every pass after parsing walks the tree recursively, so
  // its height is what keeps them within a host thread's stack.
  uint32_t max_height = 256;
};

struct ParseError {
  uint32_t offset = 0;
  std::string message;
};

using ParseResult = std::variant<NodePtr, ParseError>;

ParseResult parse(std::string_view text, const ParseLimits& limits = {});

}  // namespace entitle::expr
