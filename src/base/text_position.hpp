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

// Positions of offsets in one text, each counted on from the one before, so numbering every
// member of a large body costs one pass over it, not one pass per member. Offsets should
// come in increasing order; an earlier one is counted again from the start.
class PositionCursor {
 public:
  explicit PositionCursor(std::string_view text, TextPosition start = {})
      : text_(text), start_(start), pos_(start) {}

  TextPosition at(size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < offset_) {
      offset_ = 0;
      pos_ = start_;
    }
    pos_ = position_in_text(text_.substr(offset_), offset - offset_, pos_);
    offset_ = offset;
    return pos_;
  }

 private:
  std::string_view text_;
  TextPosition start_;
  TextPosition pos_;
  size_t offset_ = 0;
};

}  // namespace entitle
