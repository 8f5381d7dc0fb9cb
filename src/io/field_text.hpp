// One scalar value from its text: the content of a JSON string, or a CSV cell.
//
// The rules are those of the JSON record reader for string values (json_record.hpp), plus
// booleans, which a CSV cell can only hold as text:
//   bool            "true" or "false";
//   int             a plain decimal with an integral value ("12", "12.0");
//   decimal, money  a plain decimal ("4321.07"): optional sign, digits, optional fraction of
//                   at most 6 significant places; no exponent, spaces or separators;
//   date            "YYYY-MM-DD" naming a real day;   month  "YYYY-MM";
//   string          the text itself;                  enum   one of the enum's value names.
// Lists and records are not scalars: the caller splits them (CSV joins list elements with ';').
#pragma once

#include <string>
#include <string_view>

#include "entitle/value.hpp"
#include "values/type.hpp"

namespace entitle {

struct Model;
class ValueStore;

// Converts `text` to a value of scalar type `t` in `out` (strings are copied into `store`).
// Returns false, with a reason such as "not a date (YYYY-MM-DD)" in `why`, when it does not fit.
bool parse_field_text(const Model& m, const Type& t, std::string_view text, ValueStore& store,
                      Value& out, std::string& why);

// Why `text` is not a plain decimal Decimal::parse accepts ("more than 6 decimal places", …).
std::string decimal_text_problem(std::string_view text);

// "M, F" — an enum's value names for messages (the first dozen).
std::string enum_value_list(const Model& m, uint32_t enum_ref);

}  // namespace entitle
