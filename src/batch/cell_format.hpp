// Output values written straight into a reserved char buffer, for batch's millions of rows.
//
// The same bytes as append_csv_value (csv_write.hpp) and append_json (value_format.hpp), but
// without a std::string append per value: the caller reserves `bound()` bytes for the row,
// then `put_*` writes through a pointer. Enum names are quoted or escaped once, up front.
// Lists and records are not handled here (`handles()` says no); the caller formats those with
// the general functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "entitle/value.hpp"
#include "values/type.hpp"

namespace entitle {
struct Model;
}

namespace entitle::batch {

class CellFormat {
 public:
  explicit CellFormat(const Model& m);

  // Whether put_csv/put_json can write v (not a list or record).
  static bool handles(const Value& v) {
    return v.kind != ValueKind::list && v.kind != ValueKind::record;
  }
  // The most bytes put_csv or put_json writes for v (a value handles() accepts).
  size_t bound(const Value& v) const;
  // At least bound(v), cheaper: only a string's depends on the value.
  size_t room(const Value& v) const {
    return v.kind == ValueKind::string ? size_t{6} * v.size + 2 : longest_fixed_;
  }

  // v as a CSV cell (what append_csv_value writes); returns the end of what was written.
  char* put_csv(char* p, const Value& v, const Type& t) const;
  // v as JSON (what append_json writes).
  char* put_json(char* p, const Value& v, const Type& t) const;

 private:
  const std::string* enum_text(const std::vector<std::vector<std::string>>& names, const Type& t,
                               uint32_t index) const;

  std::vector<std::vector<std::string>> csv_names_;   // [enum][value]: as a CSV cell
  std::vector<std::vector<std::string>> json_names_;  // [enum][value]: as a JSON string
  size_t longest_name_ = 0;
  size_t longest_fixed_ = 0;  // the largest bound() of any kind but a string
};

}  // namespace entitle::batch
