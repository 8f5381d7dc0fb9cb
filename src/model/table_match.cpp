#include "model/table_match.hpp"

#include "values/compare.hpp"

namespace entitle {

Truth cell_matches(const CellTest& cell, const Value& x) {
  using K = CellTest::Kind;
  if (cell.kind == K::any) return Truth::yes;
  if (x.is_missing()) return Truth::unknown;
  bool r = false;
  switch (cell.kind) {
    case K::any: r = true; break;
    case K::equal: r = compare_values(x, cell.low) == 0; break;
    case K::not_equal: r = compare_values(x, cell.low) != 0; break;
    case K::less: r = compare_values(x, cell.low) < 0; break;
    case K::less_equal: r = compare_values(x, cell.low) <= 0; break;
    case K::greater: r = compare_values(x, cell.low) > 0; break;
    case K::greater_equal: r = compare_values(x, cell.low) >= 0; break;
    case K::interval: {
      int lo = compare_values(x, cell.low), hi = compare_values(x, cell.high);
      r = (cell.low_inclusive ? lo >= 0 : lo > 0) && (cell.high_inclusive ? hi <= 0 : hi < 0);
      break;
    }
    case K::one_of:
      for (const auto& o : cell.options)
        if (compare_values(x, o) == 0) r = true;
      break;
  }
  return r ? Truth::yes : Truth::no;
}

Truth row_matches(const TableRow& row, const Value* inputs) {
  Truth result = Truth::yes;
  for (size_t i = 0; i < row.tests.size(); ++i) {
    Truth t = cell_matches(row.tests[i], inputs[i]);
    if (t == Truth::no) return Truth::no;
    if (t == Truth::unknown) result = Truth::unknown;
  }
  return result;
}

}  // namespace entitle
