// Formatting values for machines (JSON) and for people (text), given their static type.
//
// A Value alone does not say whether a number is an int, a decimal or money, or which enum
// an index belongs to; the Type and the Model supply that.
//
// JSON (append_json): missing -> null; bool -> true/false; int -> a JSON integer (59);
// decimal -> a JSON string with the shortest exact text ("0.2"); money -> a JSON string with
// exactly two decimals, rounded half_up ("4200.00"); date -> "YYYY-MM-DD"; month ->
// "YYYY-MM"; string -> a JSON string; enum -> its value name; list -> array; record ->
// object keyed by field name. Decimals and money are strings so no JSON reader turns them
// into binary floating point.
//
// Text (append_text): the same figures without quotes; enum values by their title in the
// language (their name when untitled); bool 是/否 or yes/no; missing （缺失）/(missing); lists
// "[a, b]" in English and "a、b" in Chinese (an empty list is "[]" / "（无）").
#pragma once

#include <string>
#include <string_view>

#include "entitle/decision.hpp"
#include "entitle/value.hpp"
#include "base/utf8.hpp"  // utf8_length
#include "values/type.hpp"

namespace entitle {

struct Model;

void append_json(std::string& out, const Value& v, const Type& t, const Model& m);
void append_text(std::string& out, const Value& v, const Type& t, const Model& m, Language lang);

// `s` as a quoted JSON string: quotes and backslashes escaped, control characters as
// \u00XX, UTF-8 passed through (invalid bytes become U+FFFD so the output stays valid).
void append_json_string(std::string& out, std::string_view s);

// Shortest exact text of a decimal ("0.2", "4200", "-3.5") without allocating.
void append_decimal(std::string& out, Decimal d);

}  // namespace entitle
