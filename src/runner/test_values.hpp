// Expected and actual values in test files: exact comparison, and the text that shows
// them (in failure reports, and written back by --update) as YAML that reads back exactly.
#pragma once

#include <string>

#include "entitle/value.hpp"
#include "values/type.hpp"

namespace entitle {
struct Model;
}

namespace entitle::runner {

// Exact equality as values: 4200 equals 4200.00, lists element by element, records field
// by field, missing only equals missing.
bool same_value(const Value& a, const Value& b);

// A YAML flow scalar or collection: 4200.00 (money with two places, or every digit when it
// has more, so 864.214 is never shown as 864.21), 2024-08-01, [dibao, wubao], "text", null.
std::string yaml_value_text(const Value& v, const Type& t, const Model& m);

}  // namespace entitle::runner
