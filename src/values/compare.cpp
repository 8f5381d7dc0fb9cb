#include "values/compare.hpp"

namespace entitle {

int compare_values(const Value& a, const Value& b) {
  switch (a.kind) {
    case ValueKind::boolean: return int(a.boolean) - int(b.boolean);
    case ValueKind::number: return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    case ValueKind::date: return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
    case ValueKind::month: return a.month < b.month ? -1 : a.month > b.month ? 1 : 0;
    case ValueKind::enumeration:
      return a.enumeration < b.enumeration ? -1 : a.enumeration > b.enumeration ? 1 : 0;
    case ValueKind::string: {
      int c = a.as_string().compare(b.as_string());
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    default: return 0;
  }
}

bool values_equal(const Value& a, const Value& b) {
  return a.kind == b.kind && compare_values(a, b) == 0;
}

}  // namespace entitle
