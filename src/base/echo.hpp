// Text from a rule file, test file or record, echoed in a diagnostic: cut to a readable
// length so a hostile 64 KiB value does not make a 64 KiB message (the diagnostic's
// file:line:col still says where the whole text is).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace entitle {

inline constexpr size_t kMaxEchoBytes = 64;

// `text` itself when at most `max_bytes` long; else its first `max_bytes` bytes, backed up
// to the start of a UTF-8 character so none is cut in two, followed by "…".
std::string echo(std::string_view text, size_t max_bytes = kMaxEchoBytes);

// The start of a UTF-8 character at or before `at` in `text` (at most 3 bytes back).
size_t utf8_boundary(std::string_view text, size_t at);

}  // namespace entitle
