#include "base/echo.hpp"

namespace entitle {

size_t utf8_boundary(std::string_view text, size_t at) {
  if (at >= text.size()) return text.size();
  // Continuation bytes are 10xxxxxx; a character has at most 3 of them.
  for (int back = 0; back < 3 && at > 0; ++back, --at)
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) break;
  return at;
}

std::string echo(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::string out(text.substr(0, utf8_boundary(text, max_bytes)));
  out += "\xE2\x80\xA6";  // …
  return out;
}

}  // namespace entitle
