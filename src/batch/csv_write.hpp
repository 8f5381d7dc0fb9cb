// Values as CSV cells (RFC 4180), the way batch reads them back: money with 2 decimals,
// dates ISO, bools true/false, enums by name, lists joined by ';', missing as an empty cell.
#pragma once

#include <string>
#include <string_view>

#include "entitle/value.hpp"
#include "values/type.hpp"

namespace entitle {
struct Model;
}

namespace entitle::batch {

// `text` as one cell, quoted (with quotes doubled) only when it holds ',', '"', CR or LF.
void append_csv_cell(std::string& out, std::string_view text);

// Money as written everywhere: two decimals rounded half-up ("4200.00"), like
// Decimal::write_places(2) but without its generality, since batch writes millions.
void append_money(std::string& out, Decimal d);

// The value as plain text (no quoting): what append_csv_value puts in the cell.
void append_plain_text(std::string& out, const Value& v, const Type& t, const Model& m);

void append_csv_value(std::string& out, const Value& v, const Type& t, const Model& m);

}  // namespace entitle::batch
