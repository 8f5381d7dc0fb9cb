// UTF-8 byte tests shared by every reader and writer of text: rule files, records, decisions,
// JUnit reports. Well-formed means RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF.
#pragma once

#include <cstddef>
#include <string_view>

namespace entitle {

// The byte-order mark some editors put at the start of a UTF-8 file.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A byte that continues a multi-byte sequence (10xxxxxx): not the start of a character.
constexpr bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed sequence at s[i] (1 for ASCII), or 0 when it is not one
// (including a sequence cut off by the end of `s`).
inline size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto at = [&](size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  const unsigned char c = at(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return is_utf8_continuation(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return at(1) >= lo && at(1) <= hi && is_utf8_continuation(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return at(1) >= lo && at(1) <= hi && is_utf8_continuation(at(2)) && is_utf8_continuation(at(3))
               ? 4
               : 0;
  }
  return 0;
}

// Length of the well-formed multi-byte sequence starting at s[i], or 0 when it is not one
// (ASCII included: callers handle single bytes themselves).
inline size_t utf8_length(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]) < 0x80 ? 0 : utf8_sequence_length(s, i);
}

}  // namespace entitle
