// Where an expression's text sits in its rule file, so every error can name file:line:col.
#pragma once

#include <cstdint>
#include <string>

#include "base/diagnostics.hpp"

namespace entitle::expr {

struct ExprSource {
  std::string text;
  SourceLocation at;    // where the YAML scalar holding the text starts
  bool quoted = false;  // the scalar was quoted: the text starts one column later

  // The file:line:col of a byte offset into `text` (columns count characters, not bytes).
  SourceLocation locate(uint32_t offset) const;
};

}  // namespace entitle::expr
