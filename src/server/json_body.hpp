// Reading a JSON request body without losing exactness: the body is checked once as a whole
// (syntax, nesting depth), then cut into the text of each top-level member, so a record is
// handed to the engine's reader as the client wrote it (numbers from their text, positions
// that can be mapped back into the body).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text_position.hpp"

namespace entitle::server {

// Throws ApiError 400 "malformed_json" with the line and column where parsing failed, or
// 400 "json_too_deep" when arrays/objects nest deeper than `max_depth`.
void check_json(std::string_view body, size_t max_depth);

struct JsonMember {
  std::string key;         // decoded
  std::string_view value;  // the value's text, trimmed
  TextPosition key_at;     // where the key starts in the body
  TextPosition value_at;   // where the value starts in the body
};

// Hands each member of the body's top-level object to `visit` as it is read, in order
// (duplicates kept: the caller decides), so a caller that throws on a member stops the walk
// there. Positions are counted on from the previous member: one pass over the body in all.
// The body must have passed check_json. Throws ApiError 422 when it is not an object.
void for_each_member(std::string_view body, const std::function<void(JsonMember&)>& visit);

// All the members, for_each_member collected.
std::vector<JsonMember> object_members(std::string_view body);

// A member's value parsed as a whole when it is small (a string, a flag, a list of ids).
// The JSON text must be valid; throws ApiError 422 naming `field` with `expected` otherwise.
std::string member_string(const JsonMember& m, const char* expected);
bool member_bool(const JsonMember& m);
std::vector<std::string> member_string_list(const JsonMember& m);

// Moves a position found inside `value` (whose first byte is at `start` in the body) to the
// body; positions count lines and characters from 1.
TextPosition in_body(TextPosition start, uint32_t line, uint32_t column);

}  // namespace entitle::server
