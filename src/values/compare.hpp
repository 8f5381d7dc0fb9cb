// Ordering and equality of two values of one type (numbers, dates, months, strings, enums,
// bools). Lists and records are not compared; the checker rules that out.
#pragma once

#include "entitle/value.hpp"

namespace entitle {

int compare_values(const Value& a, const Value& b);  // -1, 0 or 1
bool values_equal(const Value& a, const Value& b);

}  // namespace entitle
