#include "expr/source.hpp"

#include "base/utf8.hpp"

namespace entitle::expr {

SourceLocation ExprSource::locate(uint32_t offset) const {
  SourceLocation loc = at;
  if (offset > text.size()) offset = static_cast<uint32_t>(text.size());
  uint32_t line_start = 0;
  uint32_t newlines = 0;
  for (uint32_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++newlines;
      line_start = i + 1;
    }
  }
  // Count UTF-8 lead bytes so a Chinese character is one column.
  uint32_t chars = 0;
  for (uint32_t i = line_start; i < offset; ++i) {
    if (!is_utf8_continuation(static_cast<unsigned char>(text[i]))) ++chars;
  }
  if (newlines == 0) {
    loc.column = at.column + (quoted ? 1 : 0) + chars;
  } else {
    // Continuation lines of a folded scalar: the column within the line is the best we know.
    loc.line = at.line + newlines;
    loc.column = chars + 1;
  }
  return loc;
}

}  // namespace entitle::expr
