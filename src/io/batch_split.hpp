// Cutting a batch input into one text span per record without parsing the records: they are
// then read one by one (so one bad record fails alone) and exactly (numbers from their text).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace entitle::capi {

struct RecordSpan {
  std::string_view text;
  uint32_t line = 1;    // where the record starts in the input, 1-based
  uint32_t column = 1;  // in characters
};

// The elements of a top-level JSON array. Throws RecordError (with the position in `input`)
// when the input is not an array: no '[', an unterminated string or array, text after ']',
// an empty element ("[1,,2]").
std::vector<RecordSpan> split_json_array(std::string_view input);

// The non-blank lines of JSON Lines input ('\r\n' endings allowed).
std::vector<RecordSpan> split_json_lines(std::string_view input);

// True when the first character that is not blank (or a byte-order mark) is '['.
bool looks_like_json_array(std::string_view input);

// Moves a position found inside a record's text to the same place in the whole input.
void to_input_position(const RecordSpan& span, uint32_t& line, uint32_t& column);

}  // namespace entitle::capi
