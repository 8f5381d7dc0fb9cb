// Line and column of a byte offset in a text, columns counting characters (UTF-8 lead
// bytes), so positions match what an editor shows even after Chinese text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/utf8.hpp"

namespace entitle {

struct TextPosition {
  uint32_t line = 1;
  uint32_t column = 1;
};

// The position of text[offset], counting from `start` (the position of text[0]).
inline TextPosition position_in_text(std::string_view text, size_t offset,
                                     TextPosition start = {}) {
  TextPosition pos = start;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if (!is_utf8_continuation(c)) {
      ++pos.column;
    }
  }
  return pos;
}

}  // namespace entitle
