// Ordering and equality of two values of one type (numbers, dates, months, strings, enums,
// bools). Lists and records are not compared; the checker rules that out.
//
// Inline: every comparison in an expression comes here, once or more per record.
#pragma once

#include "entitle/value.hpp"

namespace entitle {

namespace compare_detail {
template <class T>
constexpr int three_way(T a, T b) {
  return (a > b) - (a < b);
}
}  // namespace compare_detail

// -1, 0 or 1
inline int compare_values(const Value& a, const Value& b) {
  using compare_detail::three_way;
  switch (a.kind) {
    case ValueKind::number: return three_way(a.number, b.number);
    case ValueKind::enumeration: return three_way(a.enumeration, b.enumeration);
    case ValueKind::date: return three_way(a.date, b.date);
    case ValueKind::boolean: return int(a.boolean) - int(b.boolean);
    case ValueKind::month: return three_way(a.month, b.month);
    case ValueKind::string: {
      int c = a.as_string().compare(b.as_string());
      return three_way(c, 0);
    }
    default: return 0;
  }
}

inline bool values_equal(const Value& a, const Value& b) {
  return a.kind == b.kind && compare_values(a, b) == 0;
}

}  // namespace entitle
