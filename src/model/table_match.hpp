// Testing decision-table cells against input values.
#pragma once

#include "entitle/decision.hpp"
#include "model/rule.hpp"

namespace entitle {

// yes/no, or unknown when a tested input is missing (a `-` cell matches anything, even a
// missing input).
Truth cell_matches(const CellTest& cell, const Value& input);
Truth row_matches(const TableRow& row, const Value* inputs);

}  // namespace entitle
